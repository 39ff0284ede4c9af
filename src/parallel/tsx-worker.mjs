// Starts a TypeScript worker when the sources run under tsx (a worker thread does not inherit
// tsx's loader): registers tsx in this thread, then imports the file named in workerData.entry.
// The compiled CLI starts the built .js workers directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
