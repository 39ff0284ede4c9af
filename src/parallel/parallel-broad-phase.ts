import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { BroadPhase } from '../../sim-core/deconfliction/tactical/broadphase.ts';
import { DetectionResult, type DetectParams } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { SlicedGrid } from '../../sim-core/deconfliction/tactical/sliced-grid.ts';
import type { TrafficState } from '../../sim-core/deconfliction/tactical/traffic.ts';
import { allocateBuffers, C_BUSY, C_COMMAND, C_GENERATION, C_N, C_PARTS, CMD_DETECT, CMD_RESIZE, CMD_STOP, readRows, writeParams, writePicture, type SharedBuffers } from './shared-detection.ts';

/**
 * How to start a worker: the sibling entry point in dist/ (src/build/build.mjs) when compiled;
 * under tsx, a small bootstrap that registers tsx in the thread and imports the .ts file.
 */
function workerStart(): { file: string; entry?: string } {
  const here = import.meta.url;
  const built = fileURLToPath(new URL('./detect-worker.js', here));
  if (!here.endsWith('.ts') && existsSync(built)) return { file: built };
  return { file: fileURLToPath(new URL('./tsx-worker.mjs', here)), entry: new URL('./detect-worker.ts', here).href };
}

/** Picture sizes below this are detected on the main thread alone (waking a worker costs more than it saves). */
const MIN_PARALLEL = 2000;

/**
 * The sliced-grid broad phase split across `workers` threads (the main thread is one of them):
 * the picture is copied once into shared memory, each thread searches the grid cells of its part
 * (SlicedGrid.detectPart: cell index modulo the number of parts), the main thread merges the
 * rows and puts them in pair order. The rows are the same whatever the number of workers (the
 * parts are disjoint, each row is computed by the same code, the order is the pair order), so
 * runs are byte-identical to one worker. Workers sleep on an Atomics word between passes; call
 * `close()` when done (they are unref'd, so a forgotten pool does not keep the process alive).
 */
export class ParallelBroadPhase implements BroadPhase {
  readonly name = 'sliced-grid';
  private readonly own = new SlicedGrid();
  private readonly partResult = new DetectionResult();
  private readonly threads: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private buffers: SharedBuffers;
  private readonly control: Int32Array;
  private readonly params: Float64Array;
  /** Passes run in parallel and parts the main thread had to redo (a worker's rows did not fit). */
  parallelPasses = 0;
  redoneParts = 0;

  /**
   * @param workers threads in all, the main thread included
   * @param minParallel smaller pictures are detected on the main thread alone
   * @param rows conflict and LoS rows a worker can hand back at first (grown when exceeded)
   */
  constructor(readonly workers: number, private readonly minParallel = MIN_PARALLEL, rows = 8192) {
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
    this.buffers = allocateBuffers(4096, workers - 1, rows);
    this.control = this.buffers.control;
    this.params = this.buffers.params;
    for (let part = 1; part < workers; part++) {
      const { port1, port2 } = new MessageChannel();
      const start = workerStart();
      const w = new Worker(start.file, { workerData: { part, port: port2, buffers: this.buffers, entry: start.entry }, transferList: [port2] });
      w.unref();
      this.threads.push(w);
      this.ports.push(port1);
    }
  }

  detect(s: TrafficState, p: DetectParams, out: DetectionResult): void {
    const parts = this.workers;
    if (parts === 1 || s.n < this.minParallel) {
      this.own.detect(s, p, out);
      return;
    }
    this.parallelPasses++;
    if (s.n > this.buffers.capacity) this.resize(s.n * 2, this.buffers.outputs[0].rows);
    const b = this.buffers;
    writePicture(b, s, p.earth === 'bluesky');
    writeParams(this.params, p, s);
    this.command(CMD_DETECT, s.n, parts);
    // The main thread's own part while the workers do theirs.
    this.own.detectPart(s, p, out, 0, parts);
    this.waitForWorkers();
    let needRows = 0;
    for (let w = 0; w < parts - 1; w++) {
      if (readRows(b.outputs[w], out)) continue;
      // Rows did not fit: do that part here, and give the workers room for next time.
      this.redoneParts++;
      this.own.detectPart(s, p, this.partResult, w + 1, parts);
      appendRows(this.partResult, out);
      needRows = Math.max(needRows, this.partResult.conflicts, this.partResult.los);
    }
    out.sortByPair();
    if (needRows) this.resize(b.capacity, needRows * 2);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (!this.threads.length) return;
    this.command(CMD_STOP, 0, this.workers);
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads.length = 0;
  }

  private command(cmd: number, n: number, parts: number): void {
    const c = this.control;
    Atomics.store(c, C_COMMAND, cmd);
    Atomics.store(c, C_N, n);
    Atomics.store(c, C_PARTS, parts);
    Atomics.store(c, C_BUSY, this.threads.length);
    Atomics.add(c, C_GENERATION, 1);
    Atomics.notify(c, C_GENERATION);
  }

  private waitForWorkers(): void {
    for (;;) {
      const busy = Atomics.load(this.control, C_BUSY);
      if (busy === 0) return;
      Atomics.wait(this.control, C_BUSY, busy);
    }
  }

  /** New picture and output buffers, handed to every worker on its port before it is woken to read them. */
  private resize(capacity: number, rows: number): void {
    this.buffers = allocateBuffers(capacity, this.workers - 1, rows, this.buffers.control, this.buffers.params);
    for (const port of this.ports) port.postMessage(this.buffers);
    this.command(CMD_RESIZE, 0, this.workers);
    this.waitForWorkers();
  }
}

function appendRows(from: DetectionResult, into: DetectionResult): void {
  for (let k = 0; k < from.conflicts; k++) into.addConflict(from.a[k], from.b[k], from.tcpa[k], from.dcpa[k], from.tin[k], from.tout[k]);
  for (let k = 0; k < from.los; k++) into.addLos(from.losA[k], from.losB[k], from.losDist[k]);
  into.candidatePairs += from.candidatePairs;
}
