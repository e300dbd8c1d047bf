// Instructions' API (指令一键直达): the sender's compose, list, detail and close; the recipient's own instructions,
// read, feedback and done; photos of both. See docs/api.md "Instructions".
import { Type } from '@sinclair/typebox';
import { FeedbackBody, Id, InstructionBody, InstructionListQuery, InstructionS, MyInstructionS, InstructionVersionBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const tags = ['instructions'];

export function instructionRoutes(app: App, ctx: Ctx) {
  app.post(
    '/api/instructions',
    { schema: { tags, description: 'Send an instruction to a person, team, unit or area in scope (404 outside it); one receipt per recipient user.', body: InstructionBody, response: { 201: InstructionS } } },
    async (req, reply) => reply.code(201).send(await svc.send(ctx, actor(req), req.body)),
  );
  app.get('/api/instructions', { schema: { tags, description: 'Instructions the caller sent or about areas in scope, newest first, with every receipt.', querystring: InstructionListQuery, response: { 200: Type.Array(InstructionS) } } }, async (req) =>
    svc.list(ctx, actor(req), req.query),
  );
  app.get('/api/instructions/mine', { schema: { tags, description: "The caller's instructions (open, and closed in the last 24 h) with the caller's receipt.", response: { 200: Type.Array(MyInstructionS) } } }, async (req) =>
    svc.mine(ctx, actor(req)),
  );
  app.get('/api/instructions/photos/:id', { schema: { tags, description: 'A photo of an instruction or of a feedback (recipients and senders who see it).', params: IdParams } }, async (req, reply) => {
    const p = await svc.photo(ctx, actor(req), req.params.id);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  app.get('/api/instructions/:id', { schema: { tags, params: IdParams, response: { 200: InstructionS } } }, async (req) => svc.get(ctx, actor(req), req.params.id));
  app.post('/api/instructions/:id/close', { schema: { tags, description: 'Close by hand (with the version read).', params: IdParams, body: InstructionVersionBody, response: { 200: InstructionS } } }, async (req) =>
    svc.close(ctx, actor(req), req.params.id, req.body.version),
  );
  app.post('/api/instruction-receipts/:id/read', { schema: { tags, params: IdParams, body: InstructionVersionBody, response: { 200: MyInstructionS } } }, async (req) =>
    svc.read(ctx, actor(req), req.params.id, req.body.version),
  );
  app.post('/api/instruction-receipts/:id/feedback', { schema: { tags, description: 'Text and up to 3 photos; any number of times until done.', params: IdParams, body: FeedbackBody, response: { 200: MyInstructionS } } }, async (req) =>
    svc.giveFeedback(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/instruction-receipts/:id/done', { schema: { tags, params: IdParams, body: InstructionVersionBody, response: { 200: MyInstructionS } } }, async (req) =>
    svc.done(ctx, actor(req), req.params.id, req.body.version),
  );
}
