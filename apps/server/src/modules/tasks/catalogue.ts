// The catalogue as data: task templates, the escalation ladder per category, indicator definitions and assessment
// plans, editable by administrators and validated by core's validators (field errors name the JSON pointer).
// `ensureDefaults` writes the project's defaults (indicators, plans, and with `templates` the 83 demo templates)
// where they are missing; it never overwrites an administrator's edit.
import {
  DEFAULT_ASSESSMENT_PLAN,
  DEMO_INDICATORS,
  DEMO_MEASURES,
  DEMO_TASK_TEMPLATES,
  validateEscalationPolicy,
  validateIndicatorDef,
  validatePlan,
  validateSchedule,
  usesNotConnected,
  weightsTo100,
  type AssessmentPlan,
  type IndicatorDef,
  type SubjectLevel,
  type TaskSchedule,
} from '@jingwang/core';
import { TASK_CATEGORY_CODES } from '@jingwang/contracts';
import type { AssessmentPlanBodyT, AssessmentPlanT, EscalationPolicyBody, EscalationPolicyT, IndicatorDefBody, IndicatorDefT, TaskTemplate, TaskTemplateBody, TaskTemplatePatchBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import type { Db } from '../../db/client';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { json } from '../../lib/format';
import { authorize, type Actor } from '../auth/policy';
import * as repo from './repo/catalogue';

// ---------------------------------------------------------------- templates

type TemplateRow = {
  id: number;
  code: string;
  category: string;
  name: string;
  name_en: string;
  unit: string;
  schedule: unknown;
  evidence: unknown;
  assignee: string;
  feeds: string | null;
  active: boolean;
  version: number;
};

const presentTemplate = (r: TemplateRow): TaskTemplate => ({
  id: r.id,
  code: r.code,
  category: r.category as TaskTemplate['category'],
  name: r.name,
  nameEn: r.name_en,
  unit: r.unit,
  schedule: json(r.schedule),
  evidence: json(r.evidence),
  assignee: r.assignee as TaskTemplate['assignee'],
  feeds: r.feeds as 'info' | null,
  active: r.active,
  version: r.version,
});

function checkSchedule(s: TaskSchedule, prefix = '/schedule'): void {
  const errors = validateSchedule(s);
  if (errors.length) throw validationError(errors.map((e) => ({ field: `${prefix}${e.field}`, message: e.message })));
}

/**
 * The evidence form an officer will have to fill: each field's name once (the answers are keyed by it), and a choice
 * with at least one option (a required choice without options could never be answered, so the task never done).
 */
function checkEvidence(e: TaskTemplateBody['evidence']): void {
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  (e.form ?? []).forEach((f, i) => {
    if (seen.has(f.name)) errors.push({ field: `/evidence/form/${i}/name`, message: `the name '${f.name}' is used twice` });
    seen.add(f.name);
    if (f.type === 'choice' && !(f.options ?? []).some((o) => o.trim() !== '')) errors.push({ field: `/evidence/form/${i}/options`, message: 'a choice needs at least one option' });
  });
  if (errors.length) throw validationError(errors);
}

export async function listTemplates(ctx: Ctx, actor: Actor, q: { category?: string; active?: boolean }): Promise<TaskTemplate[]> {
  authorize(actor, 'tasks.read');
  return ((await repo.templates(ctx.db, { ...(q.category ? { category: q.category } : {}), ...(q.active !== undefined ? { active: q.active } : {}) })) as TemplateRow[]).map(presentTemplate);
}

export async function getTemplate(ctx: Ctx, actor: Actor, id: number): Promise<TaskTemplate> {
  authorize(actor, 'tasks.read');
  const r = await repo.templateById(ctx.db, id);
  if (!r) throw new AppError('TASK_TEMPLATE_NOT_FOUND');
  return presentTemplate(r as TemplateRow);
}

export async function createTemplate(ctx: Ctx, actor: Actor, b: TaskTemplateBody): Promise<TaskTemplate> {
  authorize(actor, 'tasks.catalogue');
  checkSchedule(b.schedule as TaskSchedule);
  checkEvidence(b.evidence);
  if ((await repo.templateIdByCode(ctx.db, b.code)) !== null) throw new AppError('DUPLICATE_TASK_CODE', undefined, { field: '/code' });
  const id = await repo.insertTemplate(ctx.db, {
      code: b.code,
      category: b.category,
      name: b.name,
      name_en: b.nameEn ?? '',
      unit: b.unit ?? '次',
      schedule: JSON.stringify(b.schedule),
      evidence: JSON.stringify(b.evidence),
      assignee: b.assignee,
      feeds: b.feeds ?? null,
      active: b.active ?? true,
  });
  await audit(ctx.db, actor, 'task_template.create', 'task_template', id, { code: b.code });
  return getTemplate(ctx, actor, id);
}

export async function updateTemplate(ctx: Ctx, actor: Actor, id: number, b: TaskTemplatePatchBody): Promise<TaskTemplate> {
  authorize(actor, 'tasks.catalogue');
  if (!(await repo.templateById(ctx.db, id))) throw new AppError('TASK_TEMPLATE_NOT_FOUND');
  if (b.schedule) checkSchedule(b.schedule as TaskSchedule);
  if (b.evidence) checkEvidence(b.evidence);
  const set: Parameters<typeof repo.updateTemplate>[2] = { updated_at: ctx.clock.now().toISOString() };
  if (b.category !== undefined) set.category = b.category;
  if (b.name !== undefined) set.name = b.name;
  if (b.nameEn !== undefined) set.name_en = b.nameEn;
  if (b.unit !== undefined) set.unit = b.unit;
  if (b.schedule !== undefined) set.schedule = JSON.stringify(b.schedule);
  if (b.evidence !== undefined) set.evidence = JSON.stringify(b.evidence);
  if (b.assignee !== undefined) set.assignee = b.assignee;
  if (b.feeds !== undefined) set.feeds = b.feeds;
  if (b.active !== undefined) set.active = b.active;
  await repo.updateTemplate(ctx.db, id, set, b.version);
  await audit(ctx.db, actor, 'task_template.update', 'task_template', id, { fields: Object.keys(b).filter((k) => k !== 'version') });
  return getTemplate(ctx, actor, id);
}

// ---------------------------------------------------------------- escalation policy

export async function listPolicies(ctx: Ctx, actor: Actor): Promise<EscalationPolicyT[]> {
  authorize(actor, 'tasks.read');
  const rows = await repo.policyRows(ctx.db);
  return rows.map((r) => ({ category: r.category, dueSoonMinutes: r.due_soon_minutes, reminderMinutes: r.reminder_minutes, yellowMinutes: r.yellow_minutes, redMinutes: r.red_minutes }));
}

export async function setPolicy(ctx: Ctx, actor: Actor, category: string, b: EscalationPolicyBody): Promise<EscalationPolicyT[]> {
  authorize(actor, 'tasks.catalogue');
  // a ladder only for a category tasks can have (or '*'): another name would be stored and never used
  if (category !== '*' && !(TASK_CATEGORY_CODES as readonly string[]).includes(category)) {
    throw validationError([{ field: '/category', message: `category is one of *, ${TASK_CATEGORY_CODES.join(', ')}` }]);
  }
  const errors = validateEscalationPolicy(b);
  if (errors.length) throw validationError(errors.map((e) => ({ field: e.field, message: e.message })));
  await repo.upsertPolicy(ctx.db, category, { due_soon_minutes: b.dueSoonMinutes, reminder_minutes: b.reminderMinutes, yellow_minutes: b.yellowMinutes, red_minutes: b.redMinutes }, ctx.clock.now().toISOString());
  await audit(ctx.db, actor, 'task_policy.set', 'task_escalation_policy', category, { ...b });
  return listPolicies(ctx, actor);
}

// ---------------------------------------------------------------- indicator definitions

type DefRow = {
  code: string;
  name: string;
  name_en: string;
  formula: string;
  unit: string;
  better: string;
  target: number;
  zero_at: number | null;
  weight: number;
  star: string | null;
  levels: string[] | null;
  description: string | null;
  active: boolean;
  version: number;
};
const presentDef = (r: DefRow): IndicatorDefT => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  formula: r.formula,
  unit: r.unit,
  better: r.better as 'higher' | 'lower',
  target: r.target,
  zeroAt: r.zero_at,
  weight: r.weight,
  star: r.star as IndicatorDefT['star'],
  levels: r.levels as IndicatorDefT['levels'],
  description: r.description,
  active: r.active,
  version: r.version,
});
export const toCoreDef = (d: IndicatorDefT): IndicatorDef => ({
  code: d.code,
  name: d.name,
  nameEn: d.nameEn,
  formula: d.formula,
  unit: d.unit,
  better: d.better,
  target: d.target,
  zeroAt: d.zeroAt,
  weight: d.weight,
  star: d.star,
  ...(d.levels ? { levels: d.levels as SubjectLevel[] } : {}),
  ...(d.description ? { description: d.description } : {}),
});

export async function indicatorDefs(db: Db, activeOnly = true): Promise<IndicatorDefT[]> {
  return ((await repo.indicatorDefRows(db, activeOnly)) as DefRow[]).map(presentDef);
}

export async function listIndicatorDefs(ctx: Ctx, actor: Actor): Promise<IndicatorDefT[]> {
  authorize(actor, 'indicators.read');
  return indicatorDefs(ctx.db, false);
}

/** Creates or (with version) changes a definition; the formula may name only known measures. */
export async function putIndicatorDef(ctx: Ctx, actor: Actor, b: IndicatorDefBody): Promise<IndicatorDefT> {
  authorize(actor, 'tasks.catalogue');
  const def: IndicatorDef = { code: b.code, name: b.name, nameEn: b.nameEn ?? '', formula: b.formula, unit: b.unit, better: b.better, target: b.target, zeroAt: b.zeroAt ?? null, weight: b.weight };
  const errors = validateIndicatorDef(def, DEMO_MEASURES.map((m) => m.name));
  if (errors.length) throw validationError(errors.map((e) => ({ field: e.field, message: e.message })));
  const cur = await repo.indicatorDefRow(ctx.db, b.code);
  const values = {
    name: b.name,
    name_en: b.nameEn ?? '',
    formula: b.formula,
    unit: b.unit,
    better: b.better,
    target: b.target,
    zero_at: b.zeroAt ?? null,
    weight: b.weight,
    star: b.star ?? null,
    levels: b.levels ?? null,
    description: b.description ?? null,
    active: b.active ?? true,
  };
  if (!cur) {
    if (b.version !== undefined) throw new AppError('INDICATOR_NOT_FOUND', undefined, { field: '/code' });
    await repo.insertIndicatorDef(ctx.db, { code: b.code, ...values });
  } else {
    if (b.version === undefined) throw new AppError('DUPLICATE_TASK_CODE', 'An indicator with this code exists; send its version to change it', { field: '/code' });
    await repo.updateIndicatorDef(ctx.db, b.code, { ...values, updated_at: ctx.clock.now().toISOString() }, b.version);
  }
  await audit(ctx.db, actor, 'indicator_def.put', 'indicator_def', b.code, { formula: b.formula });
  const row = await repo.indicatorDefRow(ctx.db, b.code);
  if (!row) throw new AppError('INDICATOR_NOT_FOUND', undefined, { field: '/code' });
  return presentDef(row as DefRow);
}

// ---------------------------------------------------------------- assessment plans

export async function assessmentPlans(db: Db): Promise<AssessmentPlan[]> {
  const rows = await repo.activePlanRows(db);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as SubjectLevel,
    period: r.period as 'month',
    items: json(r.items),
    stars: json(r.stars),
    minCoverage: r.min_coverage,
  }));
}

/**
 * The default plans of officers, stations and districts: core's DEFAULT_ASSESSMENT_PLAN on the indicators computed
 * at that level, without those resting on sources not connected yet (disputes, follow-ups: 未接入; cases since issue 17), the
 * weights rescaled to add up to 100 (`weightsTo100`; the station and district plans once added up to 90).
 */
export function defaultPlans(): AssessmentPlan[] {
  const at = (level: SubjectLevel): AssessmentPlan => {
    const ok = new Set(DEMO_INDICATORS.filter((d) => (!d.levels || d.levels.includes(level)) && !usesNotConnected(d.formula)).map((d) => d.code));
    const items = DEFAULT_ASSESSMENT_PLAN.items.filter((i) => ok.has(i.indicator));
    const w = weightsTo100(items.map((i) => i.weight));
    return {
      ...DEFAULT_ASSESSMENT_PLAN,
      code: `${level}_monthly`,
      name: level === 'officer' ? DEFAULT_ASSESSMENT_PLAN.name : level === 'station' ? '派出所月度量化考核' : '片区月度量化考核',
      level,
      items: items.map((i, k) => ({ indicator: i.indicator, weight: w[k]! })),
      stars: DEFAULT_ASSESSMENT_PLAN.stars.map((s) => ({ ...s, indicators: s.indicators.filter((c) => ok.has(c)) })).filter((s) => s.indicators.length > 0),
    };
  };
  return [at('officer'), at('station'), at('district')];
}

const presentPlan = (r: NonNullable<Awaited<ReturnType<typeof repo.planRow>>>): AssessmentPlanT => ({
  code: r.code,
  name: r.name,
  level: r.level as SubjectLevel,
  period: 'month',
  items: json(r.items),
  stars: json(r.stars),
  minCoverage: r.min_coverage,
  version: r.version,
});

export async function listPlans(ctx: Ctx, actor: Actor): Promise<AssessmentPlanT[]> {
  authorize(actor, 'assessment.read');
  return storedPlans(ctx.db);
}

/** The active plans as stored (with their versions), for the demo's seed. */
export async function storedPlans(db: Db): Promise<AssessmentPlanT[]> {
  return (await repo.activePlanRows(db)).map(presentPlan);
}

/**
 * Admin: change a plan. Checked by core's `validatePlan` against the definitions: the weights must add up to 100
 * (422 PLAN_WEIGHTS_NOT_100 naming /items, with the sum), other errors 400 naming their field. Nothing is written on
 * an error; a stale version is 409 STALE_VERSION.
 */
export async function savePlan(ctx: Ctx, actor: Actor, code: string, b: AssessmentPlanBodyT): Promise<AssessmentPlanT> {
  authorize(actor, 'tasks.catalogue');
  const out = await storePlan(ctx, code, b);
  await audit(ctx.db, actor, 'assessment_plan.update', 'assessment_plan', code, { code, version: out.version });
  return out;
}

/** The validated change of a plan, for the admin's endpoint and the demo's seed alike. */
export async function storePlan(ctx: Ctx, code: string, b: AssessmentPlanBodyT): Promise<AssessmentPlanT> {
  const cur = await repo.planRow(ctx.db, code);
  if (!cur) throw new AppError('ASSESSMENT_PLAN_NOT_FOUND', undefined, { field: '/code' });
  const plan: AssessmentPlan = {
    code,
    name: b.name ?? cur.name,
    level: cur.level as SubjectLevel,
    period: 'month',
    items: b.items,
    stars: b.stars ?? json(cur.stars),
    minCoverage: b.minCoverage ?? cur.min_coverage,
  };
  const defs = (await indicatorDefs(ctx.db, false)).map(toCoreDef);
  const errors = validatePlan(plan, defs);
  const weights = errors.find((e) => e.code === 'weights_not_100');
  if (weights) {
    const sum = plan.items.reduce((n, i) => n + i.weight, 0);
    throw new AppError('PLAN_WEIGHTS_NOT_100', weights.message, { field: '/items', sum: Math.round(sum * 1000) / 1000 });
  }
  if (errors.length) throw validationError(errors.map((e) => ({ field: e.field, message: e.message })));
  await repo.updatePlan(ctx.db, code, { name: plan.name, items: JSON.stringify(plan.items), stars: JSON.stringify(plan.stars), min_coverage: plan.minCoverage ?? 0.5 }, b.version);
  return presentPlan((await repo.planRow(ctx.db, code))!);
}

/** Writes missing defaults: indicator definitions and plans, and with `templates` the demo's task catalogue. */
export async function ensureDefaults(ctx: Ctx, opts: { templates?: boolean } = {}): Promise<{ templates: number; indicators: number; plans: number }> {
  const db = ctx.db;
  const templates = opts.templates
    ? await repo.insertMissingTemplates(
        db,
        DEMO_TASK_TEMPLATES.map((t) => ({
          code: t.code,
          category: t.category,
          name: t.name,
          name_en: t.nameEn,
          unit: t.unit,
          schedule: JSON.stringify(t.schedule),
          evidence: JSON.stringify(t.evidence),
          assignee: t.assignee,
          feeds: t.feeds,
        })),
      )
    : 0;
  const indicators = await repo.insertMissingIndicatorDefs(
    db,
    DEMO_INDICATORS.map((d) => ({
      code: d.code,
      name: d.name,
      name_en: d.nameEn,
      formula: d.formula,
      unit: d.unit,
      better: d.better,
      target: d.target,
      zero_at: d.zeroAt ?? null,
      weight: d.weight,
      star: d.star ?? null,
      levels: d.levels ?? null,
      description: d.description ?? null,
    })),
  );
  const defs = (await indicatorDefs(db, false)).map(toCoreDef);
  let plans = 0;
  for (const p of defaultPlans()) {
    if (validatePlan(p, defs).length) continue;
    const added = await repo.insertMissingPlan(db, { code: p.code, name: p.name, level: p.level, period: p.period, items: JSON.stringify(p.items), stars: JSON.stringify(p.stars), min_coverage: p.minCoverage ?? 0.5 });
    // a default plan stored before its weights were fixed (never edited: version 1) takes the current default
    if (!added) await repo.replaceUneditedPlan(db, { code: p.code, items: JSON.stringify(p.items), stars: JSON.stringify(p.stars) });
    plans += added;
  }
  return { templates, indicators, plans };
}
