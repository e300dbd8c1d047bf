// Worker entry under tsx: the server runs its TypeScript sources directly, so the worker registers tsx's loader for
// its own thread first, then loads the TypeScript worker (see runInWorker in compute.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
