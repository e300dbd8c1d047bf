import { Type } from '@sinclair/typebox';
import {
  AssessmentPlanBody,
  AssessmentPlanParams,
  AssessmentPlanS,
  AssessmentQuery,
  AssessmentS,
  AssignmentBody,
  AssignmentCreatedS,
  AssignmentListQuery,
  BigScreenQuery,
  BigScreenS,
  CancelTaskBody,
  CompleteTaskBody,
  ComputeIndicatorsBody,
  ComputeResultS,
  EscalationPolicyBody,
  EscalationPolicyS,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  Id,
  IndicatorDefBody,
  IndicatorDefS,
  IndicatorsQuery,
  MyScreenQuery,
  MyScreenS,
  MyTasksQuery,
  PersonTasksQuery,
  MyTasksS,
  StarDecisionBody,
  StarDecisionS,
  StationScreenQuery,
  StationScreenS,
  SubjectIndicatorsS,
  SupervisionQuery,
  SupervisionS,
  TaskAssignmentS,
  TaskDetailS,
  TaskTemplateBody,
  TaskTemplatePatchBody,
  TaskTemplateS,
  TemplateListQuery,
  UrgeBody,
  UrgeResultS,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { clientTime } from '../../lib/fieldtime';
import { actor, type App } from '../../lib/http';
import * as cat from './catalogue';
import * as ind from './indicators';
import * as screens from './screens';
import * as stars from './stars';
import * as svc from './service';

const IdParams = Type.Object({ id: Id });
const CategoryParams = Type.Object({ category: Type.String({ minLength: 1, maxLength: 20, pattern: '^(\\*|[a-z_]+)$' }) });
const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export function taskRoutes(app: App, ctx: Ctx) {
  const tags = ['tasks'];

  // catalogue
  app.get('/api/tasks/templates', { schema: { tags, querystring: TemplateListQuery, response: { 200: Type.Array(TaskTemplateS) } } }, async (req) => cat.listTemplates(ctx, actor(req), req.query));
  app.get('/api/tasks/templates/:id', { schema: { tags, params: IdParams, response: { 200: TaskTemplateS } } }, async (req) => cat.getTemplate(ctx, actor(req), req.params.id));
  app.post('/api/tasks/templates', { schema: { tags, description: 'Admin: a new template (schedule and evidence validated field by field).', body: TaskTemplateBody, response: { 201: TaskTemplateS } } }, async (req, reply) =>
    reply.code(201).send(await cat.createTemplate(ctx, actor(req), req.body)),
  );
  app.patch('/api/tasks/templates/:id', { schema: { tags, description: 'Admin: change a template (version required; 409 STALE_VERSION).', params: IdParams, body: TaskTemplatePatchBody, response: { 200: TaskTemplateS } } }, async (req) =>
    cat.updateTemplate(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/tasks/policies', { schema: { tags, description: 'The supervision ladder per category (* = default).', response: { 200: Type.Array(EscalationPolicyS) } } }, async (req) => cat.listPolicies(ctx, actor(req)));
  app.put('/api/tasks/policies/:category', { schema: { tags, description: 'Admin: set the ladder of a category (or * for the default).', params: CategoryParams, body: EscalationPolicyBody, response: { 200: Type.Array(EscalationPolicyS) } } }, async (req) =>
    cat.setPolicy(ctx, actor(req), req.params.category, req.body),
  );

  // assignments
  app.get('/api/tasks/assignments', { schema: { tags, querystring: AssignmentListQuery, response: { 200: Type.Array(TaskAssignmentS) } } }, async (req) => svc.listAssignments(ctx, actor(req), req.query));
  app.post('/api/tasks/assignments', { schema: { tags, description: 'Issue a template to a person, a team or an area at the issuer\'s level; today\'s occurrences are generated at once.', body: AssignmentBody, response: { 201: AssignmentCreatedS } } }, async (req, reply) =>
    reply.code(201).send(await svc.createAssignment(ctx, actor(req), req.body)),
  );
  app.post('/api/tasks/assignments/:id/end', { schema: { tags, description: 'Stop generating occurrences of an assignment.', params: IdParams, body: VersionBody, response: { 200: TaskAssignmentS } } }, async (req) =>
    svc.endAssignment(ctx, actor(req), req.params.id, req.body.version),
  );

  // the checklist and the work
  app.get('/api/tasks/mine', { schema: { tags, description: "The caller's checklist for a local day (default today).", querystring: MyTasksQuery, response: { 200: MyTasksS } } }, async (req) => svc.myTasks(ctx, actor(req), req.query));
  app.get('/api/tasks/checklist', { schema: { tags, description: "Leaders: a person's checklist for a local day (default today), in scope; 403 OUT_OF_SCOPE for anyone else's people.", querystring: PersonTasksQuery, response: { 200: MyTasksS } } }, async (req) =>
    svc.personTasks(ctx, actor(req), req.query),
  );
  app.get('/api/tasks/supervision', { schema: { tags, description: 'Leaders: overdue tasks, yellow and red cards (督办), pending extensions, in scope.', querystring: SupervisionQuery, response: { 200: SupervisionS } } }, async (req) =>
    svc.supervision(ctx, actor(req), req.query),
  );
  app.get('/api/tasks/:id', { schema: { tags, params: IdParams, response: { 200: TaskDetailS } } }, async (req) => svc.getTask(ctx, actor(req), req.params.id));
  // photos as data URLs: up to 6 x 3 MB of image
  app.post('/api/tasks/:id/complete', { bodyLimit: 26_000_000, schema: { tags, description: 'Report progress (default: all that remains) with evidence; 422 EVIDENCE_INVALID names each field at fault; 409 STALE_VERSION. X-Client-Time (the phone\'s offline queue): when the officer acted; judged and recorded at that time when plausible, marked late-synced (补传) when it arrives over a minute later; a malformed one is 400 naming the header.', params: IdParams, body: CompleteTaskBody, response: { 200: TaskDetailS } } }, async (req) =>
    svc.completeTask(ctx, actor(req), req.params.id, req.body, clientTime(req)),
  );
  app.post('/api/tasks/:id/extension', { schema: { tags, description: 'Ask for a later due time (one pending at a time).', params: IdParams, body: ExtensionRequestBody, response: { 200: TaskDetailS } } }, async (req) =>
    svc.requestExtension(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/tasks/:id/extension/approve', { schema: { tags, params: IdParams, body: ExtensionDecisionBody, response: { 200: TaskDetailS } } }, async (req) =>
    svc.decideExtension(ctx, actor(req), req.params.id, true, req.body),
  );
  app.post('/api/tasks/:id/extension/reject', { schema: { tags, params: IdParams, body: ExtensionDecisionBody, response: { 200: TaskDetailS } } }, async (req) =>
    svc.decideExtension(ctx, actor(req), req.params.id, false, req.body),
  );
  app.post('/api/tasks/:id/cancel', { schema: { tags, params: IdParams, body: CancelTaskBody, response: { 200: TaskDetailS } } }, async (req) =>
    svc.cancelTask(ctx, actor(req), req.params.id, req.body),
  );
  app.post('/api/tasks/:id/urge', { schema: { tags, description: '催办: an urgent instruction to the officer, linked to the task (leads in scope).', params: IdParams, body: UrgeBody, response: { 200: UrgeResultS } } }, async (req) =>
    svc.urgeTask(ctx, actor(req), req.params.id, req.body),
  );
  app.get('/api/tasks/photos/:id', { schema: { tags, description: 'A task evidence photo; every view is audited.', params: IdParams } }, async (req, reply) => {
    const p = await svc.readPhoto(ctx, actor(req), req.params.id, req.ip);
    return reply.header('content-type', p.mime).header('cache-control', 'private, no-store').send(p.bytes);
  });

  // indicators and assessment
  const itags = ['indicators'];
  app.get('/api/indicators/defs', { schema: { tags: itags, response: { 200: Type.Array(IndicatorDefS) } } }, async (req) => cat.listIndicatorDefs(ctx, actor(req)));
  app.put('/api/indicators/defs', { schema: { tags: itags, description: 'Admin: create a definition, or change one (with its version).', body: IndicatorDefBody, response: { 200: IndicatorDefS } } }, async (req) =>
    cat.putIndicatorDef(ctx, actor(req), req.body),
  );
  app.get('/api/indicators', { schema: { tags: itags, description: 'One subject\'s measures and indicators for a month (stored; fresh=true recomputes). value null = not available.', querystring: IndicatorsQuery, response: { 200: SubjectIndicatorsS } } }, async (req) =>
    ind.getIndicators(ctx, actor(req), req.query),
  );
  app.post('/api/indicators/compute', { schema: { tags: itags, description: 'Recompute every subject\'s indicators and the assessments for a month (admin, leaders).', body: ComputeIndicatorsBody, response: { 200: ComputeResultS } } }, async (req) =>
    ind.recompute(ctx, actor(req), req.body),
  );
  app.get('/api/assessment', { schema: { tags: itags, description: 'Scores, ranks and proposed stars of a plan for a month, for the subjects in scope.', querystring: AssessmentQuery, response: { 200: AssessmentS } } }, async (req) =>
    ind.getAssessment(ctx, actor(req), req.query),
  );

  app.get('/api/assessment/plans', { schema: { tags: itags, description: 'The assessment plans (items with weights adding up to 100, star rules).', response: { 200: Type.Array(AssessmentPlanS) } } }, async (req) =>
    cat.listPlans(ctx, actor(req)),
  );
  app.put('/api/assessment/plans/:code', { schema: { tags: itags, description: 'Admin: change a plan; weights must add up to 100 (422 PLAN_WEIGHTS_NOT_100 on /items).', params: AssessmentPlanParams, body: AssessmentPlanBody, response: { 200: AssessmentPlanS } } }, async (req) =>
    cat.savePlan(ctx, actor(req), req.params.code, req.body),
  );
  app.post('/api/assessment/stars/decide', { schema: { tags: itags, description: 'A lead confirms or rejects a proposed star of a subject in scope (404 outside scope), with a note; kept in its history.', body: StarDecisionBody, response: { 200: StarDecisionS } } }, async (req) =>
    stars.decideStar(ctx, actor(req), req.body),
  );

  // screens
  const stags = ['screens'];
  app.get('/api/screens/me', { schema: { tags: stags, description: "作战小屏: today's tasks, what is overdue, my areas' incidents, my indicators.", querystring: MyScreenQuery, response: { 200: MyScreenS } } }, async (req) =>
    screens.myScreen(ctx, actor(req), req.query),
  );
  app.get('/api/screens/station', { schema: { tags: stags, description: 'The station screen: tasks today per officer, supervision, incidents, indicators.', querystring: StationScreenQuery, response: { 200: StationScreenS } } }, async (req) =>
    screens.stationScreen(ctx, actor(req), req.query),
  );
  app.get('/api/screens/district', { schema: { tags: stags, description: '一屏通览: the district big screen (live incidents, units, gauges, trends).', querystring: BigScreenQuery, response: { 200: BigScreenS } } }, async (req) =>
    screens.bigScreen(ctx, actor(req), req.query),
  );
}
