// Worker thread: one forecast computation per message (see compute.ts). Started by runInWorker.
import { parentPort } from 'node:worker_threads';
import { computeForecast, type ComputeInput } from './compute';

parentPort!.on('message', (inp: ComputeInput) => {
  try {
    const out = computeForecast(inp);
    parentPort!.postMessage({ ok: true, out }, out.layers.map((l) => l.scores.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
