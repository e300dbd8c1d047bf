// The catalogue's endpoints (docs/tasks.md "API"): task templates, the supervision ladder per category, indicator
// definitions and assessment plans. Reads: every role (plans: leaders); writes: admins (tasks.catalogue).
import type {
  AssessmentPlanBodyT,
  AssessmentPlanT,
  EscalationPolicyBody,
  EscalationPolicyT,
  IndicatorDefBody,
  IndicatorDefT,
  TaskTemplate,
  TaskTemplateBody,
  TaskTemplatePatchBody,
} from '@jingwang/contracts';
import { http } from '../../api/client';

export const catalogueApi = {
  templates: () => http.get<TaskTemplate[]>('/api/tasks/templates'),
  template: (id: number) => http.get<TaskTemplate>(`/api/tasks/templates/${id}`),
  /** 409 DUPLICATE_TASK_CODE on /code; schedule errors name /schedule/... */
  createTemplate: (b: TaskTemplateBody) => http.post<TaskTemplate>('/api/tasks/templates', b),
  /** 409 STALE_VERSION when the version read is no longer the stored one. */
  updateTemplate: (id: number, b: TaskTemplatePatchBody) => http.patch<TaskTemplate>(`/api/tasks/templates/${id}`, b),
  policies: () => http.get<EscalationPolicyT[]>('/api/tasks/policies'),
  setPolicy: (category: string, b: EscalationPolicyBody) => http.put<EscalationPolicyT[]>(`/api/tasks/policies/${encodeURIComponent(category)}`, b),
  indicatorDefs: () => http.get<IndicatorDefT[]>('/api/indicators/defs'),
  /** Without version: a new definition; with it: a change (409 STALE_VERSION). */
  putIndicatorDef: (b: IndicatorDefBody) => http.put<IndicatorDefT>('/api/indicators/defs', b),
  plans: () => http.get<AssessmentPlanT[]>('/api/assessment/plans'),
  /** 422 PLAN_WEIGHTS_NOT_100 on /items (details.sum) unless the weights add up to 100. */
  savePlan: (code: string, b: AssessmentPlanBodyT) => http.put<AssessmentPlanT>(`/api/assessment/plans/${encodeURIComponent(code)}`, b),
};
