import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { DetectionResult } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { SlicedGrid } from '../../sim-core/deconfliction/tactical/sliced-grid.ts';
import { C_BUSY, C_SPARE, C_COMMAND, C_GENERATION, C_N, C_PARTS, CMD_DETECT, CMD_RESIZE, CMD_STOP, pictureView, readParams, writeRows, type SharedBuffers } from './shared-detection.ts';

/**
 * A detection worker (parallel-broad-phase.ts): sleeps on the generation word; on each new
 * generation runs its part of the pass on the shared picture and writes its rows, then tells the
 * main thread it is done. New buffers (after growth) arrive on its port, read synchronously.
 */
const { part, port } = workerData as { part: number; port: MessagePort };
let buffers = (workerData as { buffers: SharedBuffers }).buffers;
const control = buffers.control;
const params = buffers.params;
let picture = pictureView(buffers);
const grid = new SlicedGrid();
const result = new DetectionResult();
// Generation 0 is the start: a command issued before this thread was up is still seen as new.
let seen = 0;

for (;;) {
  Atomics.wait(control, C_GENERATION, seen);
  seen = Atomics.load(control, C_GENERATION);
  const command = Atomics.load(control, C_COMMAND);
  if (command === CMD_STOP) break;
  if (command === CMD_RESIZE) {
    // Posted before the command; wait (1 ms at a time) should it not be visible yet.
    let msg = receiveMessageOnPort(port);
    while (!msg) {
      Atomics.wait(control, C_SPARE, 0, 1);
      msg = receiveMessageOnPort(port);
    }
    buffers = msg.message as SharedBuffers;
    picture = pictureView(buffers);
  } else if (command === CMD_DETECT) {
    picture.n = Atomics.load(control, C_N);
    grid.detectPart(picture, readParams(params, picture), result, part, Atomics.load(control, C_PARTS));
    writeRows(buffers.outputs[part - 1], result);
  }
  if (Atomics.sub(control, C_BUSY, 1) === 1) Atomics.notify(control, C_BUSY);
}
