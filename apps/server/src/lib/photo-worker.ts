// The photo worker (lib/workers.ts pool, started by photo.ts): draws the watermark off the API's event loop.
import { serveWorker } from './workers';
import { watermark, type WatermarkJob, type WatermarkOut } from './watermark';

serveWorker<WatermarkJob, WatermarkOut>(watermark, (o) => [o.bytes.buffer as ArrayBuffer]);
