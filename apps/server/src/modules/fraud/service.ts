// Anti-fraud warning loop (预警 -> 劝阻 -> 回访): reading, outcome, follow-up and the counts per area; the intake
// (API and CSV) is in intake.ts. A warning is a dissuasion task of the grid's responsible police officer, due
// FRAUD_DEADLINE_MINUTES after intake. The workflow is `fraudWarningMachine` (packages/core/src/fraud):
//   accepted -> closed (outcome recorded) -> followed_up (visit recorded);  rejected is final.
// Optimistic concurrency on `version`. Officers see and handle only their own tasks; a warning outside the caller's
// tasks or scope is not found (404), so its existence does not leak. Name and phone are encrypted at rest and masked
// in lists; every clear read is audited.
import { fraudWarningMachine } from '@jingwang/core';
import type {
  FraudFollowupBody,
  FraudOutcome,
  FraudOutcomeBody,
  FraudRejectReason,
  FraudStats,
  FraudStatus,
  FraudWarning,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { iso, isoN, numN } from '../../lib/format';
import { transition } from '../../lib/transition';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import { refreshIndicatorsOf } from '../tasks/indicators';
import * as repo from './repo';

export { intake, importCsv, parseWarningsCsv } from './intake';

function present(ctx: Ctx, r: repo.WarningRow, now: number): FraudWarning {
  const tree = ctx.areas.tree();
  const area = (id: number | null) => (id === null ? null : { id, name: tree.get(id)?.name ?? String(id) });
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    status: r.status as FraudStatus,
    rejectReason: r.reject_reason as FraudRejectReason | null,
    version: r.version,
    fraudType: r.fraud_type,
    amountAtRisk: numN(r.amount_at_risk),
    warnedAt: iso(r.warned_at),
    receivedAt: iso(r.received_at),
    personNameMasked: r.person_name_masked,
    phoneMasked: r.phone_masked,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    grid: area(r.grid_id),
    station: area(r.station_id),
    officer: r.officer_id === null ? null : { id: r.officer_id, name: r.officer_name ?? '' },
    deadlineAt: isoN(r.deadline_at),
    overdue: r.status === 'accepted' && r.deadline_at !== null && now > Date.parse(iso(r.deadline_at)),
    outcome: r.outcome as FraudOutcome | null,
    lossAmount: numN(r.loss_amount),
    outcomeNote: r.outcome_note,
    outcomeAt: isoN(r.outcome_at),
    outcomeByName: r.outcome_by_name,
    followupDueAt: isoN(r.followup_due_at),
    followupAt: isoN(r.followup_at),
    followupNote: r.followup_note,
  };
}

/** The person (people.id) the caller is, for officers' own tasks. */
async function personOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  return actor.userId === null ? null : repo.personOfUser(ctx.db, actor.userId);
}

// ---------------------------------------------------------------- reading

export async function listWarnings(
  ctx: Ctx,
  actor: Actor,
  q: { status?: FraudStatus; mine?: boolean; overdue?: boolean; areaId?: number; source?: string; externalId?: string },
): Promise<FraudWarning[]> {
  authorize(actor, 'fraud.read');
  const now = ctx.clock.now();
  const rows = await repo.listWarningRows(ctx.db, {
    officerId: actor.role === 'officer' || q.mine ? ((await personOf(ctx, actor)) ?? 0) : undefined,
    scopeIds: scopeIds(actor, ctx.areas.tree()),
    areaId: q.areaId,
    status: q.status,
    source: q.source,
    externalId: q.externalId,
    overdueAt: q.overdue ? now.toISOString() : undefined,
    limit: 500,
  });
  return rows.map((r) => present(ctx, r, now.getTime()));
}

/**
 * The warning if the caller may see it: an officer their own tasks, anyone else the warnings in their scope.
 * Anything else is FRAUD_WARNING_NOT_FOUND, exactly as a warning that does not exist (issue 19: no 403 that tells
 * the record is there).
 */
async function loadFor(ctx: Ctx, actor: Actor, id: number): Promise<repo.WarningRow> {
  const r = await repo.getWarningRow(ctx.db, id);
  if (!r) throw new AppError('FRAUD_WARNING_NOT_FOUND');
  const visible = actor.role === 'officer' ? r.officer_id !== null && r.officer_id === (await personOf(ctx, actor)) : inScope(actor, ctx.areas.tree(), r.area_ids);
  if (!visible) throw new AppError('FRAUD_WARNING_NOT_FOUND');
  return r;
}

export async function getWarning(ctx: Ctx, actor: Actor, id: number): Promise<FraudWarning> {
  authorize(actor, 'fraud.read');
  return present(ctx, await loadFor(ctx, actor, id), ctx.clock.now().getTime());
}

export async function readContact(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<{ personName: string | null; phone: string | null }> {
  authorize(actor, 'fraud.handle');
  await loadFor(ctx, actor, id);
  const r = await repo.warningContact(ctx.db, id);
  await audit(ctx.db, actor, 'fraud.contact', 'fraud_warning', id, {}, ip);
  return { personName: ctx.cipher.decrypt(r.person_name_enc), phone: ctx.cipher.decrypt(r.phone_enc) };
}

// ---------------------------------------------------------------- outcome and follow-up

export async function recordOutcome(ctx: Ctx, actor: Actor, id: number, b: FraudOutcomeBody): Promise<FraudWarning> {
  authorize(actor, 'fraud.handle');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as FraudStatus;
  const to = transition(fraudWarningMachine, from, 'outcome', `A ${from} warning takes no outcome`);
  if (b.outcome === 'money_lost' && b.lossAmount === undefined) throw validationError([{ field: '/lossAmount', message: 'is required when money was lost' }]);
  if (b.outcome !== 'money_lost' && b.lossAmount !== undefined) throw validationError([{ field: '/lossAmount', message: 'only with the outcome money_lost' }]);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setOutcome(tx, id, {
      version: b.version,
      from,
      to,
      outcome: b.outcome,
      lossAmount: b.lossAmount ?? null,
      note: b.note?.trim() || null,
      at: now.toISOString(),
      byName: actor.displayName,
      // the visit afterwards: to the dissuaded (did they stay safe?), the defrauded (support, case) and the reached
      followupDueAt: b.outcome === 'unreachable' ? null : new Date(now.getTime() + ctx.config.fraudFollowupDays * 86400_000).toISOString(),
    });
    await audit(tx, actor, 'fraud.outcome', 'fraud_warning', id, { outcome: b.outcome });
  });
  // the officer's and the areas' 劝阻率 of this month count the outcome now, not after the nightly computation
  await refreshIndicatorsOf(ctx, { personId: r.officer_id, areaIds: r.area_ids });
  return getWarning(ctx, actor, id);
}

export async function recordFollowup(ctx: Ctx, actor: Actor, id: number, b: FraudFollowupBody): Promise<FraudWarning> {
  authorize(actor, 'fraud.handle');
  const r = await loadFor(ctx, actor, id);
  const from = r.status as FraudStatus;
  const message = 'Only a handled warning with a follow-up due takes a follow-up';
  const to = transition(fraudWarningMachine, from, 'followup', message);
  // no visit is due after `unreachable`: the table allows the action from `closed`, this warning does not
  if (r.followup_due_at === null) throw new AppError('INVALID_TRANSITION', message, { from, action: 'followup', allowed: [] });
  // the visit is made when it is due (FRAUD_FOLLOWUP_DAYS after the outcome), not seconds after the outcome
  const dueAt = iso(r.followup_due_at);
  if (ctx.clock.now().getTime() < Date.parse(dueAt)) throw new AppError('FOLLOWUP_NOT_DUE', `The follow-up visit is due at ${dueAt}`, { dueAt });
  await ctx.db.transaction().execute(async (tx) => {
    await repo.setFollowup(tx, id, { version: b.version, from, to, note: b.note.trim(), at: ctx.clock.now().toISOString(), byName: actor.displayName });
    await audit(tx, actor, 'fraud.followup', 'fraud_warning', id, {});
  });
  return getWarning(ctx, actor, id);
}

// ---------------------------------------------------------------- counts per area

/**
 * Counts per area of the warnings received in [from, to). Rejected warnings that no area holds (no location, outside
 * the county) are counted for every reader in a row of their own (area null): the centre sent them to this bureau
 * and their number is part of the picture (退回 n); only counts, never the records.
 */
export async function fraudStats(ctx: Ctx, actor: Actor, q: { from?: string; to?: string; level?: 'station' | 'community' | 'grid' }): Promise<FraudStats> {
  authorize(actor, 'fraud.read');
  const now = ctx.clock.now();
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw validationError([{ field: '/from', message: 'must be before to' }]);
  const level = q.level ?? 'station';
  const column = level === 'grid' ? 'grid_id' : level === 'community' ? 'community_id' : 'station_id';
  const tree = ctx.areas.tree();
  const rows = await repo.statsRows(ctx.db, { column, from, to, now: now.toISOString(), scopeIds: scopeIds(actor, tree) });
  return {
    from,
    to,
    level,
    rows: rows.map((r) => ({
      areaId: r.area_id,
      areaName: r.area_id === null ? '未定位（退回）' : (tree.get(r.area_id)?.name ?? String(r.area_id)),
      warnings: r.warnings,
      rejected: r.rejected,
      open: r.open,
      overdue: r.overdue,
      dissuaded: r.dissuaded,
      moneyLost: r.money_lost,
      unreachable: r.unreachable,
      lossAmount: Number(r.loss_amount),
      lossAvoided: Number(r.loss_avoided),
      followedUp: r.followed_up,
      medianMinutesToOutcome: r.median_min === null ? null : Math.round(r.median_min * 10) / 10,
      onTime: r.on_time,
    })),
  };
}

// ---------------------------------------------------------------- demo

/** Places of the latest calls of each community (up to `perCommunity`), where the demo's warnings are made. */
export async function recentCallPlaces(ctx: Ctx, perCommunity: number): Promise<{ community_id: number; lon: number; lat: number; address: string }[]> {
  return repo.recentCallPlaces(ctx.db, perCommunity);
}
