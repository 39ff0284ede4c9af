import { parseArgs } from 'node:util';
import { parsePositive } from '../args.ts';
import { UsageError } from '../io.ts';
import { DEFAULT_LOCKS, DEFAULT_QUEUE, redisConnection, startWorker } from '../experiments/backends/bullmq.ts';

export const WORKER_HELP = `Usage: npm run sim -- worker --redis redis://HOST:PORT [options]

Takes sweep runs from a BullMQ queue (put there by "sim sweep --backend bullmq") and runs them,
each in a sandboxed child process; start one per machine. Stops on Ctrl-C or SIGTERM after the
runs in flight (a second Ctrl-C stops at once; those runs are retried elsewhere).

Options:
  --redis <url>            redis://HOST:PORT (Redis >= 6.2, maxmemory-policy noeviction)
  --concurrency <n>        runs at once                                        [1]
  --queue <name>           queue name                                          [${DEFAULT_QUEUE}]
  --lock-ms <ms>           job lock; renewed every half of it while a run is alive [${DEFAULT_LOCKS.lockDurationMs}]
  --stalled-ms <ms>        how often this worker looks for runs whose worker died [${DEFAULT_LOCKS.stalledIntervalMs}]
  --max-stalled <n>        worker losses a run survives before it is failed    [${DEFAULT_LOCKS.maxStalledCount}]
  -h, --help               this help`;

export async function workerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      redis: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      queue: { type: 'string', default: DEFAULT_QUEUE },
      'lock-ms': { type: 'string' },
      'stalled-ms': { type: 'string' },
      'max-stalled': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(WORKER_HELP);
    return 0;
  }
  if (!values.redis) throw new UsageError('worker: expected --redis redis://HOST:PORT');
  redisConnection(values.redis);
  const int = (text: string | undefined, flag: string, what: string, def: number, max: number) => (text === undefined ? def : Math.round(parsePositive(text, flag, what, max)));
  const locks = {
    lockDurationMs: int(values['lock-ms'], '--lock-ms', 'milliseconds', DEFAULT_LOCKS.lockDurationMs, 3_600_000),
    stalledIntervalMs: int(values['stalled-ms'], '--stalled-ms', 'milliseconds', DEFAULT_LOCKS.stalledIntervalMs, 3_600_000),
    maxStalledCount: int(values['max-stalled'], '--max-stalled', 'a count', DEFAULT_LOCKS.maxStalledCount, 100),
  };
  const concurrency = int(values.concurrency, '--concurrency', 'runs at once', 1, 256);
  const log = (line: string) => console.log(`[worker ${process.pid}] ${line}`);
  const worker = startWorker(values.redis, { queueName: values.queue, concurrency, locks, log });
  await worker.waitUntilReady();
  log(`waiting for runs on ${values.redis} queue ${values.queue} (concurrency ${concurrency}, lock ${locks.lockDurationMs} ms, stalled check ${locks.stalledIntervalMs} ms, max stalled ${locks.maxStalledCount})`);
  await new Promise<void>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) process.exit(130);
      stopping = true;
      log('stopping after the runs in flight (Ctrl-C again to stop now)');
      void worker.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
