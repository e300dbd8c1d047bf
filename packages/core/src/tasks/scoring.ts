// Assessment (考核): a plan weights indicators; for each subject of one level (officers, grids, stations or
// districts) and one period it gives a score per indicator, a weighted total, a ranking and the four stars proposed.
// Analytics here are about places and work done, never risk scores of people.
//
// Score of an indicator, 0..100, direction-aware (`indicatorScore`):
//   ratio scale (no zeroAt; the target must be positive):
//     higher is better: 100 * min(1, max(0, value) / target)          e.g. target 90 %, value 81 % -> 90
//     lower is better:  100 when value <= target, else 100 * target / value   e.g. target 5, value 8 -> 62.5
//   linear scale (zeroAt given: the value scoring 0), for targets <= 0 or signed values such as year-on-year change:
//     100 at the target or better, 0 at zeroAt or worse, linear between  e.g. lower better, target -5 %, zeroAt +15 %,
//     value +5 % -> 50
// Total: the weighted mean of the available indicators' scores. Not-available indicators are excluded and the
// remaining weights renormalised (reported: `excluded`, `renormalised`, `coverage` = available weight / plan weight).
// Below `minCoverage` (default 0.5) of the plan's weight, the subject gets no total and no rank ('insufficient_data'):
// ranking someone on a small part of the plan would not be fair.
// Totals and scores are reported rounded to 2 decimals; ranking uses the rounded totals, so ties are ties as shown.
// Ranking: standard competition ranking (1, 2, 2, 4) by total, descending; subjects without a total come last,
// unranked. Equal totals list by subject id.
// Stars: for each star rule, a subject's star score is the weighted mean of its available scores over the rule's
// indicators (weights from the plan, else the indicator's default weight), among subjects that have a total; the
// subjects with the best star score are proposed (several on a tie) when it is at least the rule's minScore. A
// proposal, for people to confirm.

import { computeIndicator, type IndicatorDef, type IndicatorValue, type Measures, type NotAvailableReason, type StarKind, type SubjectLevel } from './indicators';
import type { TaskFieldError } from './recurrence';

export interface PlanItem {
  indicator: string;
  weight: number;
}

export interface StarRule {
  star: StarKind;
  /** Indicator codes of the star's group. */
  indicators: string[];
  /** Minimum star score (0..100) for a proposal. */
  minScore: number;
}

export interface AssessmentPlan {
  code: string;
  name: string;
  level: SubjectLevel;
  period: 'month' | 'quarter' | 'year';
  items: PlanItem[];
  stars: StarRule[];
  /** Share of the plan's weight that must be available for a total (0..1); default 0.5. */
  minCoverage?: number;
}

export interface ItemScore {
  indicator: string;
  value: number | null;
  /** 0..100, rounded to 2 decimals; null when not available. */
  score: number | null;
  /** Weight in the plan. */
  weight: number;
  /** Share of the total this item actually carried (0..1): its weight over the available weight; 0 when excluded. */
  effectiveWeight: number;
  available: boolean;
  reason?: NotAvailableReason;
  measures?: string[];
}

export type SubjectId = string | number;

export interface SubjectScore {
  subjectId: SubjectId;
  items: ItemScore[];
  /** 0..100, rounded to 2 decimals; null when no indicator is available or coverage is below minCoverage. */
  total: number | null;
  /** Available weight / plan weight (0..1). */
  coverage: number;
  /** Some indicators were excluded and the weights renormalised over the rest. */
  renormalised: boolean;
  /** Codes of the excluded (not available) indicators. */
  excluded: string[];
  /** Standard competition rank; null when there is no total. */
  rank: number | null;
  note: 'insufficient_data' | null;
}

export interface StarProposal {
  star: StarKind;
  /** The proposed subjects (several on a tie), empty when none qualifies. */
  subjects: { subjectId: SubjectId; score: number }[];
  /** Best star score found (rounded), null when nobody had data. */
  bestScore: number | null;
  reason: 'proposed' | 'below_threshold' | 'no_data';
}

export interface AssessmentResult {
  plan: string;
  level: SubjectLevel;
  /** In rank order, unranked last. */
  subjects: SubjectScore[];
  stars: StarProposal[];
}

export interface SubjectIndicators {
  subjectId: SubjectId;
  /** The computed indicators (`computeIndicator`); an indicator of the plan missing here counts as not available. */
  indicators: readonly IndicatorValue[];
}

const round2 = (x: number) => Math.round(x * 100 + (x >= 0 ? 1e-9 : -1e-9)) / 100;

/** Score 0..100 (unrounded) of a value against an indicator's target, by the rule in this file's header. */
export function indicatorScore(def: Pick<IndicatorDef, 'better' | 'target' | 'zeroAt'>, value: number): number {
  const { better, target } = def;
  let f: number;
  if (def.zeroAt != null) {
    const z = def.zeroAt;
    f = better === 'higher' ? (value - z) / (target - z) : (z - value) / (z - target);
  } else if (!(target > 0)) {
    throw new RangeError('the ratio scale needs a positive target; give zeroAt');
  } else if (better === 'higher') {
    f = Math.max(0, value) / target;
  } else {
    f = value <= target ? 1 : target / value;
  }
  return 100 * Math.min(1, Math.max(0, f));
}

/** Every plan's weights add up to this (a plan whose weights do not is refused: `weights_not_100` on /items). */
export const PLAN_WEIGHT_TOTAL = 100;

/**
 * Integer weights in the same proportions adding up to 100 (largest remainder; ties to the earlier item), e.g. a
 * plan cut down to the indicators a level computes. Every item keeps a weight of at least 1.
 */
export function weightsTo100(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || !(sum > 0)) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * PLAN_WEIGHT_TOTAL);
  const out = raw.map((x) => Math.max(1, Math.floor(x)));
  let left = PLAN_WEIGHT_TOTAL - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  for (let k = out.length - 1; left < 0 && k >= 0; k--) while (left < 0 && out[k]! > 1) { out[k]!--; left++; }
  return out;
}

/** Field-level errors of a plan against the indicator definitions (empty = valid). */
export function validatePlan(plan: AssessmentPlan, defs: readonly IndicatorDef[]): TaskFieldError[] {
  const errors: TaskFieldError[] = [];
  const codes = new Set(defs.map((d) => d.code));
  const seen = new Set<string>();
  if (plan.items.length === 0) errors.push({ field: '/items', code: 'empty', message: 'a plan weights at least one indicator' });
  plan.items.forEach((it, i) => {
    if (!codes.has(it.indicator)) errors.push({ field: `/items/${i}/indicator`, code: 'unknown_indicator', message: `unknown indicator '${it.indicator}'` });
    if (seen.has(it.indicator)) errors.push({ field: `/items/${i}/indicator`, code: 'duplicate', message: `'${it.indicator}' appears twice` });
    seen.add(it.indicator);
    if (!Number.isFinite(it.weight) || it.weight <= 0) errors.push({ field: `/items/${i}/weight`, code: 'invalid', message: 'weight must be > 0' });
    const def = defs.find((d) => d.code === it.indicator);
    if (def?.levels && !def.levels.includes(plan.level)) {
      errors.push({ field: `/items/${i}/indicator`, code: 'wrong_level', message: `'${it.indicator}' is not computed for ${plan.level}` });
    }
  });
  const total = plan.items.reduce((n, it) => n + (Number.isFinite(it.weight) ? it.weight : 0), 0);
  if (plan.items.length > 0 && Math.abs(total - PLAN_WEIGHT_TOTAL) > 1e-6) {
    errors.push({ field: '/items', code: 'weights_not_100', message: `the weights add up to ${Math.round(total * 1000) / 1000}, not ${PLAN_WEIGHT_TOTAL}` });
  }
  plan.stars.forEach((s, i) => {
    if (s.indicators.length === 0) errors.push({ field: `/stars/${i}/indicators`, code: 'empty', message: 'a star needs indicators' });
    s.indicators.forEach((c, j) => {
      if (!codes.has(c)) errors.push({ field: `/stars/${i}/indicators/${j}`, code: 'unknown_indicator', message: `unknown indicator '${c}'` });
    });
    if (!(s.minScore >= 0 && s.minScore <= 100)) errors.push({ field: `/stars/${i}/minScore`, code: 'invalid', message: 'minScore is 0..100' });
  });
  const mc = plan.minCoverage ?? 0.5;
  if (!(mc >= 0 && mc <= 1)) errors.push({ field: '/minCoverage', code: 'invalid', message: 'minCoverage is 0..1' });
  return errors;
}

/**
 * Score every subject under a plan: items, totals, ranks, stars. Throws RangeError when the plan names an
 * indicator without a definition (validate plans on input with `validatePlan`).
 */
export function scoreAssessment(plan: AssessmentPlan, defs: readonly IndicatorDef[], subjects: readonly SubjectIndicators[]): AssessmentResult {
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const it of plan.items) if (!byCode.has(it.indicator)) throw new RangeError(`no definition for indicator '${it.indicator}'`);
  const planWeight = plan.items.reduce((s, it) => s + it.weight, 0);
  const minCoverage = plan.minCoverage ?? 0.5;
  // raw (unrounded) scores per subject and indicator, for the stars
  const raw = new Map<SubjectId, Map<string, number>>();

  const scored: SubjectScore[] = subjects.map((s) => {
    const values = new Map(s.indicators.map((v) => [v.code, v]));
    const mine = new Map<string, number>();
    raw.set(s.subjectId, mine);
    let availableWeight = 0;
    let sum = 0;
    const items: ItemScore[] = plan.items.map((it) => {
      const def = byCode.get(it.indicator)!;
      const v = values.get(it.indicator);
      if (!v || !v.available) {
        const reason: NotAvailableReason = v && !v.available ? v.reason : 'measure_unavailable';
        return { indicator: it.indicator, value: null, score: null, weight: it.weight, effectiveWeight: 0, available: false, reason, measures: v && !v.available ? v.measures : [] };
      }
      const sc = indicatorScore(def, v.value);
      mine.set(it.indicator, sc);
      availableWeight += it.weight;
      sum += it.weight * sc;
      return { indicator: it.indicator, value: v.value, score: round2(sc), weight: it.weight, effectiveWeight: 0, available: true };
    });
    for (const item of items) if (item.available) item.effectiveWeight = item.weight / availableWeight;
    const coverage = planWeight > 0 ? availableWeight / planWeight : 0;
    const excluded = items.filter((i) => !i.available).map((i) => i.indicator);
    const enough = availableWeight > 0 && coverage + 1e-12 >= minCoverage;
    return {
      subjectId: s.subjectId,
      items,
      total: enough ? round2(sum / availableWeight) : null,
      coverage,
      renormalised: excluded.length > 0 && availableWeight > 0,
      excluded,
      rank: null,
      note: enough ? null : 'insufficient_data',
    };
  });

  const cmpId = (a: SubjectId, b: SubjectId) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  scored.sort((a, b) => {
    if (a.total === null || b.total === null) return a.total === null && b.total === null ? cmpId(a.subjectId, b.subjectId) : a.total === null ? 1 : -1;
    return b.total - a.total || cmpId(a.subjectId, b.subjectId);
  });
  competitionRanks(scored.map((s) => s.total)).forEach((r, i) => (scored[i]!.rank = r));

  const ranked = new Set(scored.filter((x) => x.total !== null).map((x) => x.subjectId));
  const stars: StarProposal[] = plan.stars.map((rule) => {
    const weightOf = (code: string) => plan.items.find((it) => it.indicator === code)?.weight ?? byCode.get(code)?.weight ?? 1;
    const starScores: { subjectId: SubjectId; score: number }[] = [];
    for (const s of subjects) {
      // a subject without a total (too little of the plan had data) is not proposed for a star either
      if (!ranked.has(s.subjectId)) continue;
      const mine = raw.get(s.subjectId)!;
      let w = 0;
      let sum = 0;
      for (const code of rule.indicators) {
        let sc = mine.get(code);
        if (sc === undefined) {
          // an indicator of the star's group outside the plan: score it here
          const def = byCode.get(code);
          const v = s.indicators.find((x) => x.code === code);
          if (def && v?.available && (def.zeroAt != null || def.target > 0)) sc = indicatorScore(def, v.value);
        }
        if (sc === undefined) continue;
        w += weightOf(code);
        sum += weightOf(code) * sc;
      }
      if (w > 0) starScores.push({ subjectId: s.subjectId, score: round2(sum / w) });
    }
    if (starScores.length === 0) return { star: rule.star, subjects: [], bestScore: null, reason: 'no_data' };
    const best = Math.max(...starScores.map((x) => x.score));
    if (best < rule.minScore) return { star: rule.star, subjects: [], bestScore: best, reason: 'below_threshold' };
    const winners = starScores.filter((x) => x.score === best).sort((a, b) => cmpId(a.subjectId, b.subjectId));
    return { star: rule.star, subjects: winners, bestScore: best, reason: 'proposed' };
  });

  return { plan: plan.code, level: plan.level, subjects: scored, stars };
}

/**
 * Standard competition ranks (1, 2, 2, 4) of values already sorted best first; null values (at the end) get null.
 */
export function competitionRanks(sortedDesc: readonly (number | null)[]): (number | null)[] {
  const out: (number | null)[] = [];
  sortedDesc.forEach((v, i) => {
    if (v === null) out.push(null);
    else if (i > 0 && sortedDesc[i - 1] === v) out.push(out[i - 1]!);
    else out.push(i + 1);
  });
  return out;
}

export interface SubjectMeasures {
  subjectId: SubjectId;
  measures: Measures;
}

/** Compute the indicators a plan needs from each subject's measures and score them (`computeIndicator` + `scoreAssessment`). */
export function assess(plan: AssessmentPlan, defs: readonly IndicatorDef[], subjects: readonly SubjectMeasures[]): AssessmentResult {
  const codes = new Set([...plan.items.map((i) => i.indicator), ...plan.stars.flatMap((s) => s.indicators)]);
  const needed = defs.filter((d) => codes.has(d.code));
  return scoreAssessment(
    plan,
    defs,
    subjects.map((s) => ({ subjectId: s.subjectId, indicators: needed.map((d) => computeIndicator(d, s.measures)) })),
  );
}
