// GET /api/basemap.pmtiles: the offline basemap archive (PMTiles), whole or by byte range (the browser's pmtiles
// reader asks for the header, directories and tiles with Range requests). Logged-in users only (the auth hook).
import fs from 'node:fs';
import { Type } from '@sinclair/typebox';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import { AppError } from '../../lib/errors';
import * as svc from './service';

export function basemapRoutes(app: App, ctx: Ctx) {
  app.get(
    '/api/basemap.pmtiles',
    { schema: { tags: ['basemap'], headers: Type.Object({ range: Type.Optional(Type.String({ maxLength: 200 })) }) } },
    async (req, reply) => {
      try {
        const r = svc.basemapRange(ctx, actor(req), req.headers.range);
        reply
          .header('content-type', 'application/vnd.pmtiles')
          .header('accept-ranges', 'bytes')
          .header('cache-control', 'private, no-cache')
          .header('etag', `"${r.size.toString(16)}-${Math.floor(r.mtimeMs).toString(16)}"`);
        if (!r.range) return reply.header('content-length', String(r.size)).send(fs.createReadStream(r.file));
        const { start, end } = r.range;
        return reply
          .code(206)
          .header('content-range', `bytes ${start}-${end}/${r.size}`)
          .header('content-length', String(end - start + 1))
          .send(fs.createReadStream(r.file, { start, end }));
      } catch (e) {
        if (e instanceof AppError && e.code === 'RANGE_NOT_SATISFIABLE') reply.header('content-range', `bytes */${(e.details as { size: number }).size}`);
        throw e;
      }
    },
  );
}
