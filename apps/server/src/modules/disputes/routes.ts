import { Type } from '@sinclair/typebox';
import {
  DisputeCaseBody,
  DisputeCreateBody,
  DisputeEscalateBody,
  DisputeFeedbackBody,
  DisputeFollowupBody,
  DisputeIndicatorsQuery,
  DisputeIndicatorsS,
  DisputeListQuery,
  DisputeReferBody,
  DisputeRegradeBody,
  DisputeResolveBody,
  DisputeS,
  DisputeSessionBody,
  DisputeSummaryS,
  Id,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { actor, type App } from '../../lib/http';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const SessionParams = Type.Object({ id: Id, sessionId: Id });
const ContactsS = Type.Object({ parties: Type.Array(Type.Object({ id: Id, role: Type.String(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) })) });
const tags = ['disputes'];
const versioned = 'Carries the version read (409 STALE_VERSION); an action the state does not take is 409 INVALID_TRANSITION with the allowed ones.';

export function disputeRoutes(app: App, ctx: Ctx) {
  app.get('/api/disputes', { schema: { tags, description: 'Disputes the caller reaches: police by area; grid workers their grid\'s and their reports; mediators their scope\'s and referrals; 城管 and liaisons only referrals.', querystring: DisputeListQuery, response: { 200: Type.Array(DisputeSummaryS) } } }, async (req) =>
    svc.listDisputes(ctx, actor(req), req.query),
  );
  app.post('/api/disputes', { schema: { tags, description: 'Register a dispute: graded by its rules (violence, repeated calls at the place, a group, vulnerable parties) and owned by the level its grade starts at. 422 DISPUTE_PLACE_REQUIRED without a place in the county (or, for police, in their area).', body: DisputeCreateBody, response: { 200: DisputeS } } }, async (req) =>
    svc.createDispute(ctx, actor(req), req.body),
  );
  app.get('/api/disputes/indicators', { schema: { tags, description: 'Per area: registered, open, resolved (on time), escalated, repeats at the same address, 民转刑, session outcomes.', querystring: DisputeIndicatorsQuery, response: { 200: DisputeIndicatorsS } } }, async (req) =>
    svc.disputeIndicators(ctx, actor(req), req.query),
  );
  app.get('/api/disputes/:id', { schema: { tags, description: 'A dispute outside the caller\'s reach is 404, like one that does not exist.', params: IdParams, response: { 200: DisputeS } } }, async (req) =>
    svc.getDispute(ctx, actor(req), req.params.id),
  );
  app.get('/api/disputes/:id/contacts', { schema: { tags, description: 'The parties\' clear names and phones; every read is audited.', params: IdParams, response: { 200: ContactsS } } }, async (req) =>
    svc.readContacts(ctx, actor(req), req.params.id, req.ip),
  );
  app.get('/api/disputes/:id/sessions/:sessionId/photo', { schema: { tags, description: 'The agreement photo of a session.', params: SessionParams } }, async (req, reply) => {
    const p = await svc.sessionPhoto(ctx, actor(req), req.params.id, req.params.sessionId);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });
  // a photo as a data URL: up to 3 MB of image
  app.post('/api/disputes/:id/sessions', { bodyLimit: 5_000_000, schema: { tags, description: `A mediation session (participants, outcome, agreement text or photo). ${versioned}`, params: IdParams, body: DisputeSessionBody, response: { 200: DisputeS } } }, async (req) =>
    svc.addSession(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/refer', { schema: { tags, description: `Refer to people's, administrative or judicial mediation (optionally to a mediator's account). ${versioned}`, params: IdParams, body: DisputeReferBody, response: { 200: DisputeS } } }, async (req) =>
    svc.refer(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/feedback', { schema: { tags, description: `The referred mediation's feedback (counted as its session). ${versioned}`, params: IdParams, body: DisputeFeedbackBody, response: { 200: DisputeS } } }, async (req) =>
    svc.referralFeedback(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/resolve', { schema: { tags, description: `Resolved (化解): needs a mediation session (409 DISPUTE_SESSION_REQUIRED); schedules the follow-up visits. ${versioned}`, params: IdParams, body: DisputeResolveBody, response: { 200: DisputeS } } }, async (req) =>
    svc.resolve(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/escalate', { schema: { tags, description: `One level up by hand, with the reason. ${versioned}`, params: IdParams, body: DisputeEscalateBody, response: { 200: DisputeS } } }, async (req) =>
    svc.escalate(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/grade', { schema: { tags, description: `New facts: graded again (never down); a higher grade moves it to its start level. ${versioned}`, params: IdParams, body: DisputeRegradeBody, response: { 200: DisputeS } } }, async (req) =>
    svc.regrade(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/followup', { schema: { tags, description: `The earliest pending follow-up visit, once due (409 FOLLOWUP_NOT_DUE); the last one closes, a flare-up reopens. ${versioned}`, params: IdParams, body: DisputeFollowupBody, response: { 200: DisputeS } } }, async (req) =>
    svc.followup(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/disputes/:id/case', { schema: { tags, description: `民转刑: the dispute became a criminal case (its id). ${versioned}`, params: IdParams, body: DisputeCaseBody, response: { 200: DisputeS } } }, async (req) =>
    svc.linkCase(ctx, actor(req), req.params.id, req.body),
  );
}
