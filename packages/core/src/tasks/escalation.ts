// An assigned task's life and its supervision (督办) ladder, pure: the state and an action come in, the next state or a
// typed error comes out. The server stores the state, applies actions under optimistic concurrency, and a job calls
// `escalationDue` every minute to fire what the clock says.
//
//   open ──complete (evidence, progress reaches target)──▶ done
//    │  ╰──escalate 'overdue' (at the due time)──▶ overdue ──complete──▶ done (late)
//    ╰──cancel──▶ cancelled   (also from overdue)
//
// Supervision ladder, relative to the current due time (DEFAULT_ESCALATION_POLICY):
//   due_soon (optional, before due: a heads-up) → overdue (at due; status becomes overdue) → reminder (催办)
//   → yellow card (黄牌督办) → red card (红牌督办). Each step fires once per due time: `fired` records the due time
// it fired against, so after an approved extension moves the due time, the ladder starts again from the new due time
// while the cards already issued stay in the record (they count in assessment).
//
// Extensions (延期): requested (a later due time and a reason) → approved (optionally to an earlier date than asked,
// but later than the current due time) or rejected. At most one request pending. A pending request does not stop
// the clock (otherwise asking would be a way to dodge the ladder). Approval moves the due time; an overdue task whose
// new due time is in the future is open again.
//
// Progress: a task has a target count (e.g. 5 household visits); `complete` reports an amount (default: what remains)
// with its evidence; the task is done when the count reaches the target. Evidence is checked against the template's
// requirement (`validateEvidence`) and a failing check refuses the action with field-level errors.

import { haversineMeters } from '../geo/measure';
import { taskMachine, type TaskMachineAction } from './machine';
import type { TaskFieldError } from './recurrence';

export type TaskStatus = 'open' | 'overdue' | 'done' | 'cancelled';
export type EscalationStep = 'due_soon' | 'overdue' | 'reminder' | 'yellow' | 'red';
/** The ladder in firing order. */
export const ESCALATION_STEPS: readonly EscalationStep[] = ['due_soon', 'overdue', 'reminder', 'yellow', 'red'];
export const ESCALATION_STEP_LABELS: Record<EscalationStep, { zh: string; en: string }> = {
  due_soon: { zh: '即将到期提醒', en: 'Due soon' },
  overdue: { zh: '逾期', en: 'Overdue' },
  reminder: { zh: '催办', en: 'Reminder' },
  yellow: { zh: '黄牌督办', en: 'Yellow card' },
  red: { zh: '红牌督办', en: 'Red card' },
};

/**
 * Minutes relative to the due time at which each step fires; null disables a step. `dueSoonMinutes` counts
 * before the due time; the others after it. Order must hold: reminder <= yellow <= red, all >= 0.
 */
export interface EscalationPolicy {
  dueSoonMinutes: number | null;
  reminderMinutes: number | null;
  yellowMinutes: number | null;
  redMinutes: number | null;
}

/** Heads-up 2 h before, reminder at due, yellow card 24 h after, red card 72 h after. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  dueSoonMinutes: 120,
  reminderMinutes: 0,
  yellowMinutes: 24 * 60,
  redMinutes: 72 * 60,
};

export interface FiredStep {
  step: EscalationStep;
  /** When it fired (epoch ms). */
  at: number;
  /** The due time it fired against. */
  dueAt: number;
}

export type ExtensionStatus = 'requested' | 'approved' | 'rejected';
export interface ExtensionRequest {
  requestedAt: number;
  /** The due time asked for. */
  until: number;
  reason: string;
  status: ExtensionStatus;
  decidedAt: number | null;
  /** The due time granted (approved only). */
  grantedUntil: number | null;
  decisionNote: string | null;
}

export interface TaskState {
  status: TaskStatus;
  /** Current due time (moved by approved extensions). */
  dueAt: number;
  /** The due time first set, for "late against the original" reports. */
  originalDueAt: number;
  target: number;
  /** Units of work reported so far. */
  progress: number;
  doneAt: number | null;
  /** Done after the (current) due time. */
  late: boolean;
  fired: FiredStep[];
  extensions: ExtensionRequest[];
}

export function newTaskState(dueAt: number, target = 1): TaskState {
  return { status: 'open', dueAt, originalDueAt: dueAt, target, progress: 0, doneAt: null, late: false, fired: [], extensions: [] };
}

// ---------------------------------------------------------------- evidence

export type FormFieldType = 'text' | 'number' | 'date' | 'choice' | 'boolean';
export interface FormFieldSpec {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** Choices for 'choice'. */
  options?: string[];
}

/** What a completion must carry. Absent parts are not required. */
export interface EvidenceRequirement {
  /** Minimum number of photos. */
  photos?: number;
  /** A form to fill in. */
  form?: FormFieldSpec[];
  /**
   * The reported position must lie within radiusMeters of a place: `place` when given, else the assignment's target
   * place (a key place, a school, a household), passed to `validateEvidence` in its context.
   */
  location?: { radiusMeters: number; place?: { lon: number; lat: number } | null };
  /** A written note of at least this many characters. */
  noteMinLength?: number;
}

export interface EvidencePhoto {
  id: string;
  /** When the photo was taken (EXIF or client clock), epoch ms. */
  takenAt?: number | null;
}

export interface EvidenceSubmission {
  photos?: EvidencePhoto[];
  form?: Record<string, string | number | boolean | null | undefined>;
  location?: { lon: number; lat: number; accuracyMeters?: number | null } | null;
  note?: string | null;
}

export interface EvidenceContext {
  /** The assignment's target place, for a requirement without its own place. */
  place?: { lon: number; lat: number } | null;
  /** Photos must be taken within this window (e.g. the occurrence's period start .. now) when given. */
  window?: { from: number; to: number } | null;
}

/**
 * Field-level errors of a completion's evidence against a requirement (empty = acceptable). Fields are JSON
 * pointers into the submission: /photos, /photos/0/takenAt, /form/<name>, /location, /note.
 * A position whose accuracy is worse than the radius cannot prove presence and is refused as 'inaccurate'.
 */
export function validateEvidence(req: EvidenceRequirement, ev: EvidenceSubmission, ctx: EvidenceContext = {}): TaskFieldError[] {
  const errors: TaskFieldError[] = [];
  const photos = ev.photos ?? [];
  if (req.photos && photos.length < req.photos) {
    errors.push({ field: '/photos', code: 'too_few', message: `at least ${req.photos} photo(s), got ${photos.length}` });
  }
  if (req.photos && ctx.window) {
    photos.forEach((p, i) => {
      if (p.takenAt != null && (p.takenAt < ctx.window!.from || p.takenAt > ctx.window!.to)) {
        errors.push({ field: `/photos/${i}/takenAt`, code: 'outside_period', message: 'photo taken outside the task period' });
      }
    });
  }
  for (const f of req.form ?? []) {
    const v = ev.form?.[f.name];
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    const field = `/form/${f.name}`;
    if (empty) {
      if (f.required) errors.push({ field, code: 'required', message: `${f.label} is required` });
      continue;
    }
    switch (f.type) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ field, code: 'not_a_number', message: `${f.label} must be a number` });
        break;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push({ field, code: 'not_a_boolean', message: `${f.label} must be yes or no` });
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) {
          errors.push({ field, code: 'not_a_date', message: `${f.label} must be a date` });
        }
        break;
      case 'choice':
        if (typeof v !== 'string' || !(f.options ?? []).includes(v)) errors.push({ field, code: 'not_a_choice', message: `${f.label} must be one of the choices` });
        break;
      case 'text':
        if (typeof v !== 'string') errors.push({ field, code: 'not_text', message: `${f.label} must be text` });
        break;
    }
  }
  if (req.location) {
    const place = req.location.place ?? ctx.place ?? null;
    const loc = ev.location;
    if (!place) {
      errors.push({ field: '/location', code: 'no_place', message: 'the task has no place to check the position against' });
    } else if (!loc || !Number.isFinite(loc.lon) || !Number.isFinite(loc.lat)) {
      errors.push({ field: '/location', code: 'required', message: 'a position is required' });
    } else if (loc.accuracyMeters != null && loc.accuracyMeters > req.location.radiusMeters) {
      errors.push({ field: '/location/accuracyMeters', code: 'inaccurate', message: `position accuracy ${Math.round(loc.accuracyMeters)} m is worse than the ${req.location.radiusMeters} m allowed` });
    } else {
      const d = haversineMeters(loc.lon, loc.lat, place.lon, place.lat);
      if (d > req.location.radiusMeters) {
        errors.push({ field: '/location', code: 'too_far', message: `${Math.round(d)} m from the place, at most ${req.location.radiusMeters} m` });
      }
    }
  }
  if (req.noteMinLength && (ev.note ?? '').trim().length < req.noteMinLength) {
    errors.push({ field: '/note', code: 'too_short', message: `a note of at least ${req.noteMinLength} characters` });
  }
  return errors;
}

// ---------------------------------------------------------------- transitions

export type TaskAction =
  | { type: 'complete'; at: number; amount?: number; evidence: EvidenceSubmission; requirement: EvidenceRequirement; context?: EvidenceContext }
  | { type: 'escalate'; at: number; step: EscalationStep }
  | { type: 'request_extension'; at: number; until: number; reason: string }
  | { type: 'approve_extension'; at: number; until?: number; note?: string }
  | { type: 'reject_extension'; at: number; note?: string }
  | { type: 'cancel'; at: number };

export type TaskErrorCode =
  | 'TASK_CLOSED' // done or cancelled: nothing more can happen
  | 'EVIDENCE_INVALID' // the evidence fails the requirement (see errors)
  | 'BAD_AMOUNT' // progress amount not a positive integer
  | 'STEP_ALREADY_FIRED' // this step fired already against the current due time
  | 'STEP_NOT_DUE' // the clock has not reached the step, or the policy disables it
  | 'EXTENSION_PENDING' // a request is already waiting for a decision
  | 'NO_EXTENSION_PENDING' // approve/reject without a pending request
  | 'EXTENSION_NOT_LATER' // the asked or granted due time is not after the current one
  | 'REASON_REQUIRED' // an extension request needs a reason
  | 'NOT_ALLOWED'; // the task machine (machine.ts) has no such move from the current status

export type TaskTransitionResult =
  | { ok: true; state: TaskState; completed: boolean }
  | { ok: false; code: TaskErrorCode; message: string; errors?: TaskFieldError[] };

/** When `step` fires for a task due at `dueAt` under `policy`, or null when the policy disables it. */
export function stepTime(step: EscalationStep, dueAt: number, policy: EscalationPolicy): number | null {
  const m = (v: number | null) => (v === null ? null : dueAt + v * 60_000);
  switch (step) {
    case 'due_soon':
      return policy.dueSoonMinutes === null ? null : dueAt - policy.dueSoonMinutes * 60_000;
    case 'overdue':
      return dueAt;
    case 'reminder':
      return m(policy.reminderMinutes);
    case 'yellow':
      return m(policy.yellowMinutes);
    case 'red':
      return m(policy.redMinutes);
  }
}

/** Field-level errors of a policy (empty = valid). */
export function validateEscalationPolicy(p: EscalationPolicy): TaskFieldError[] {
  const errors: TaskFieldError[] = [];
  const keys = ['dueSoonMinutes', 'reminderMinutes', 'yellowMinutes', 'redMinutes'] as const;
  for (const k of keys) {
    const v = p[k];
    if (v !== null && (!Number.isFinite(v) || v < 0)) errors.push({ field: `/${k}`, code: 'invalid', message: `${k} must be >= 0 minutes or null` });
  }
  const ladder = [p.reminderMinutes, p.yellowMinutes, p.redMinutes];
  let prev = -Infinity;
  ladder.forEach((v, i) => {
    if (v === null) return;
    if (v < prev) errors.push({ field: `/${keys[i + 1]}`, code: 'out_of_order', message: 'the ladder goes reminder <= yellow <= red' });
    prev = Math.max(prev, v);
  });
  return errors;
}

function firedNow(task: TaskState, step: EscalationStep): boolean {
  return task.fired.some((f) => f.step === step && f.dueAt === task.dueAt);
}

export interface DueStep {
  step: EscalationStep;
  /** When it should have fired (<= now). */
  at: number;
}

/**
 * The steps that must fire at `now`, in ladder order: each step whose time (against the current due time) has come
 * and which has not fired against that due time. Idempotent: once they are applied (`escalate`), the same call
 * returns nothing. A job that was down returns all missed steps (apply them in order; notify only the highest if
 * wished). Done and cancelled tasks escalate no further; 'due_soon' is skipped when the task is already overdue.
 */
export function escalationDue(task: TaskState, policy: EscalationPolicy, now: number): DueStep[] {
  if (task.status === 'done' || task.status === 'cancelled') return [];
  const out: DueStep[] = [];
  for (const step of ESCALATION_STEPS) {
    const t = stepTime(step, task.dueAt, policy);
    if (t === null || t > now || firedNow(task, step)) continue;
    if (step === 'due_soon' && now >= task.dueAt) continue; // too late for a heads-up
    out.push({ step, at: t });
  }
  return out;
}

/** The highest supervision card a task carries now (any due time), for lists and assessment. */
export function supervisionLevel(task: TaskState): 'none' | 'reminder' | 'yellow' | 'red' {
  const has = (s: EscalationStep) => task.fired.some((f) => f.step === s);
  return has('red') ? 'red' : has('yellow') ? 'yellow' : has('reminder') ? 'reminder' : 'none';
}

function fail(code: TaskErrorCode, message: string, errors?: TaskFieldError[]): TaskTransitionResult {
  return errors ? { ok: false, code, message, errors } : { ok: false, code, message };
}

function pendingIndex(task: TaskState): number {
  return task.extensions.findIndex((e) => e.status === 'requested');
}

/** The status `action` leads to from the task's status (taskMachine), or null when the machine has no such move. */
function statusAfter(task: TaskState, action: TaskMachineAction): TaskStatus | null {
  const r = taskMachine.next(task.status, action);
  return r.ok ? r.to : null;
}

function notAllowed(task: TaskState, action: TaskMachineAction): TaskTransitionResult {
  return fail('NOT_ALLOWED', `${action} is not allowed when the task is ${task.status} (allowed: ${taskMachine.allowed(task.status).join(', ') || 'none'})`);
}

/**
 * Apply an action. `escalate` needs the policy to check the step is due (pass the same policy `escalationDue` used).
 * The input state is never modified.
 */
export function taskTransition(task: TaskState, action: TaskAction, policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY): TaskTransitionResult {
  if (task.status === 'done' || task.status === 'cancelled') return fail('TASK_CLOSED', `the task is ${task.status}`);
  switch (action.type) {
    case 'complete': {
      const remaining = Math.max(0, task.target - task.progress);
      const amount = action.amount ?? remaining;
      if (!Number.isInteger(amount) || amount < 1) return fail('BAD_AMOUNT', 'amount must be a positive integer');
      const errors = validateEvidence(action.requirement, action.evidence, action.context);
      if (errors.length) return fail('EVIDENCE_INVALID', 'the evidence does not meet the requirement', errors);
      const progress = task.progress + amount;
      const completed = progress >= task.target;
      const move = completed ? 'complete' : 'report';
      const to = statusAfter(task, move);
      if (to === null) return notAllowed(task, move);
      const state: TaskState = { ...task, progress, status: to };
      if (completed) {
        state.doneAt = action.at;
        state.late = action.at > task.dueAt;
      }
      return { ok: true, state, completed };
    }
    case 'escalate': {
      const t = stepTime(action.step, task.dueAt, policy);
      if (t === null || t > action.at) return fail('STEP_NOT_DUE', `${action.step} is not due`);
      if (action.step === 'due_soon' && action.at >= task.dueAt) return fail('STEP_NOT_DUE', 'too late for a heads-up: the task is due');
      if (firedNow(task, action.step)) return fail('STEP_ALREADY_FIRED', `${action.step} already fired for this due time`);
      const move = action.step === 'due_soon' ? 'heads_up' : 'fall_due';
      const to = statusAfter(task, move);
      if (to === null) return notAllowed(task, move);
      return { ok: true, state: { ...task, status: to, fired: [...task.fired, { step: action.step, at: action.at, dueAt: task.dueAt }] }, completed: false };
    }
    case 'request_extension': {
      if (pendingIndex(task) >= 0) return fail('EXTENSION_PENDING', 'an extension request is already pending');
      if (!action.reason.trim()) return fail('REASON_REQUIRED', 'an extension request needs a reason');
      if (!(action.until > task.dueAt)) return fail('EXTENSION_NOT_LATER', 'the new due time must be after the current one');
      const req: ExtensionRequest = {
        requestedAt: action.at,
        until: action.until,
        reason: action.reason,
        status: 'requested',
        decidedAt: null,
        grantedUntil: null,
        decisionNote: null,
      };
      const to = statusAfter(task, 'request_extension');
      if (to === null) return notAllowed(task, 'request_extension');
      return { ok: true, state: { ...task, status: to, extensions: [...task.extensions, req] }, completed: false };
    }
    case 'approve_extension':
    case 'reject_extension': {
      const i = pendingIndex(task);
      if (i < 0) return fail('NO_EXTENSION_PENDING', 'no extension request is pending');
      const req = task.extensions[i]!;
      const extensions = task.extensions.slice();
      if (action.type === 'reject_extension') {
        extensions[i] = { ...req, status: 'rejected', decidedAt: action.at, decisionNote: action.note ?? null };
        const to = statusAfter(task, 'reject_extension');
        if (to === null) return notAllowed(task, 'reject_extension');
        return { ok: true, state: { ...task, status: to, extensions }, completed: false };
      }
      const until = action.until ?? req.until;
      if (!(until > task.dueAt)) return fail('EXTENSION_NOT_LATER', 'the granted due time must be after the current one');
      extensions[i] = { ...req, status: 'approved', decidedAt: action.at, grantedUntil: until, decisionNote: action.note ?? null };
      // a new due time still ahead opens the task again; one already passed leaves it overdue
      const move = until > action.at ? 'extend' : 'extend_lapsed';
      const status = statusAfter(task, move);
      if (status === null) return notAllowed(task, move);
      return { ok: true, state: { ...task, extensions, dueAt: until, status }, completed: false };
    }
    case 'cancel': {
      const to = statusAfter(task, 'cancel');
      if (to === null) return notAllowed(task, 'cancel');
      return { ok: true, state: { ...task, status: to }, completed: false };
    }
  }
}

/** Fire every due step at `now` in order (what the job does): the new state and the steps fired. */
export function applyEscalations(task: TaskState, policy: EscalationPolicy, now: number): { state: TaskState; fired: DueStep[] } {
  const due = escalationDue(task, policy, now);
  let state = task;
  for (const d of due) {
    const r = taskTransition(state, { type: 'escalate', at: now, step: d.step }, policy);
    if (r.ok) state = r.state;
  }
  return { state, fired: due };
}
