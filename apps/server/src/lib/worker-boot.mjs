// Worker entry under tsx (see lib/workers.ts): the server runs its TypeScript sources directly, so the worker
// registers tsx's loader for its own thread first, then loads the TypeScript worker module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
