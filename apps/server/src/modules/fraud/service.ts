// Anti-fraud warning loop (预警 -> 劝阻 -> 回访). A warning is located and routed on intake to the responsible police
// officer of its community grid (the same rule as incidents: grid, community, police grid, responsibility zone; post
// A first) as a dissuasion task due FRAUD_DEADLINE_MINUTES later, or rejected with a reason the centre gets back.
//   accepted -> closed (outcome recorded) -> followed_up (visit recorded);  rejected is final.
// Optimistic concurrency on `version`. Officers see and handle only their own tasks. Name and phone are encrypted at
// rest and masked in lists; every clear read is audited.
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import {
  maskName,
  maskPhone,
  type FraudFollowupBody,
  type FraudIntakeBody,
  type FraudIntakeResult,
  type FraudOutcome,
  type FraudOutcomeBody,
  type FraudRejectReason,
  type FraudStats,
  type FraudStatus,
  type FraudWarning,
  type FraudWarningIn,
} from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';

const iso = (v: string | Date | null): string | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

interface Row {
  id: number;
  source: string;
  external_id: string;
  status: string;
  reject_reason: string | null;
  version: number;
  fraud_type: string;
  amount_at_risk: string | null;
  warned_at: string;
  received_at: string;
  person_name_masked: string | null;
  phone_masked: string | null;
  address: string;
  lon: number | null;
  lat: number | null;
  grid_id: number | null;
  station_id: number | null;
  area_ids: number[];
  officer_id: number | null;
  officer_name: string | null;
  deadline_at: string | null;
  outcome: string | null;
  loss_amount: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by_name: string | null;
  followup_due_at: string | null;
  followup_at: string | null;
  followup_note: string | null;
}

function query(ctx: Ctx) {
  return ctx.db
    .selectFrom('fraud_warnings as w')
    .leftJoin('people as p', 'p.id', 'w.officer_id')
    .select([
      'w.id',
      'w.source',
      'w.external_id',
      'w.status',
      'w.reject_reason',
      'w.version',
      'w.fraud_type',
      'w.amount_at_risk',
      'w.warned_at',
      'w.received_at',
      'w.person_name_masked',
      'w.phone_masked',
      'w.address',
      sql<number | null>`st_x(w.geom)`.as('lon'),
      sql<number | null>`st_y(w.geom)`.as('lat'),
      'w.grid_id',
      'w.station_id',
      'w.area_ids',
      'w.officer_id',
      'p.name as officer_name',
      'w.deadline_at',
      'w.outcome',
      'w.loss_amount',
      'w.outcome_note',
      'w.outcome_at',
      'w.outcome_by_name',
      'w.followup_due_at',
      'w.followup_at',
      'w.followup_note',
    ]);
}

function present(ctx: Ctx, r: Row, now: number): FraudWarning {
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
    amountAtRisk: num(r.amount_at_risk),
    warnedAt: iso(r.warned_at)!,
    receivedAt: iso(r.received_at)!,
    personNameMasked: r.person_name_masked,
    phoneMasked: r.phone_masked,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    grid: area(r.grid_id),
    station: area(r.station_id),
    officer: r.officer_id === null ? null : { id: r.officer_id, name: r.officer_name ?? '' },
    deadlineAt: iso(r.deadline_at),
    overdue: r.status === 'accepted' && r.deadline_at !== null && now > Date.parse(iso(r.deadline_at)!),
    outcome: r.outcome as FraudOutcome | null,
    lossAmount: num(r.loss_amount),
    outcomeNote: r.outcome_note,
    outcomeAt: iso(r.outcome_at),
    outcomeByName: r.outcome_by_name,
    followupDueAt: iso(r.followup_due_at),
    followupAt: iso(r.followup_at),
    followupNote: r.followup_note,
  };
}

/** The person (people.id) the caller is, for officers' own tasks. */
async function personOf(ctx: Ctx, actor: Actor): Promise<number | null> {
  if (actor.userId === null) return null;
  const r = await ctx.db.selectFrom('users').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  return r?.person_id ?? null;
}

// ---------------------------------------------------------------- intake

async function intakeOne(ctx: Ctx, actor: Actor, source: string, w: FraudWarningIn, now: Date): Promise<FraudIntakeResult['results'][number]> {
  const dup = await ctx.db.selectFrom('fraud_warnings').select('id').where('source', '=', source).where('external_id', '=', w.externalId).executeTakeFirst();
  if (dup) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: dup.id, deadlineAt: null };
  let reason: FraudRejectReason | null = null;
  let located: { grid_id: number | null; community_id: number | null; station_id: number | null; area_ids: number[]; officer_id: number | null } = {
    grid_id: null,
    community_id: null,
    station_id: null,
    area_ids: [],
    officer_id: null,
  };
  if (w.lon === undefined || w.lat === undefined) reason = 'no_location';
  else {
    // the areas and the responsible officer, by the same functions the incident trigger uses
    const r = await sql<typeof located & { county_id: number | null }>`
      with p as (select st_setsrid(st_point(${w.lon}, ${w.lat}), 4326) g, ${now.toISOString()}::timestamptz t),
      a as (select area_at(p.g, 'county', p.t) county_id, area_at(p.g, 'district', p.t) district_id, area_at(p.g, 'station', p.t) station_id,
                   area_at(p.g, 'police_grid', p.t) police_grid_id, area_at(p.g, 'resp_zone', p.t) resp_zone_id,
                   area_at(p.g, 'community', p.t) community_id, area_at(p.g, 'grid', p.t) grid_id, p.t from p)
      select grid_id, community_id, station_id, county_id,
             array_remove(array[county_id, district_id, station_id, police_grid_id, resp_zone_id, community_id, grid_id], null) area_ids,
             responsible_person(array_remove(array[grid_id, community_id, police_grid_id, resp_zone_id], null), 'police', t) officer_id
        from a`.execute(ctx.db);
    const row = r.rows[0]!;
    located = { grid_id: row.grid_id, community_id: row.community_id, station_id: row.station_id, area_ids: row.area_ids ?? [], officer_id: row.officer_id };
    if (row.county_id === null) reason = 'outside_jurisdiction';
    else if (row.officer_id === null) reason = 'no_officer';
  }
  if (reason === null && !inScope(actor, ctx.areas.tree(), located.area_ids)) reason = 'outside_jurisdiction';
  const deadline = reason === null ? new Date(now.getTime() + ctx.config.fraudDeadlineMinutes * 60_000).toISOString() : null;
  const ins = await ctx.db
    .insertInto('fraud_warnings')
    .values({
      source,
      external_id: w.externalId,
      status: reason === null ? 'accepted' : 'rejected',
      reject_reason: reason,
      fraud_type: w.fraudType,
      amount_at_risk: w.amountAtRisk ?? null,
      warned_at: new Date(w.warnedAt).toISOString(),
      received_at: now.toISOString(),
      person_name_enc: ctx.cipher.encrypt(w.personName),
      person_name_masked: maskName(w.personName),
      phone_enc: ctx.cipher.encrypt(w.phone),
      phone_masked: maskPhone(w.phone),
      address: w.address,
      geom: w.lon !== undefined && w.lat !== undefined ? sql`st_setsrid(st_point(${w.lon}, ${w.lat}), 4326)` : null,
      ...located,
      deadline_at: deadline,
      outcome: null,
      loss_amount: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by_name: null,
      followup_due_at: null,
      followup_at: null,
      followup_note: null,
      followup_by_name: null,
    })
    .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!ins) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null };
  return { externalId: w.externalId, status: reason === null ? 'accepted' : 'rejected', reason, warningId: ins.id, deadlineAt: deadline };
}

export async function intake(ctx: Ctx, actor: Actor, body: FraudIntakeBody): Promise<FraudIntakeResult> {
  authorize(actor, 'fraud.intake');
  const now = ctx.clock.now();
  body.warnings.forEach((w, i) => {
    if ((w.lon === undefined) !== (w.lat === undefined)) throw validationError([{ field: `/warnings/${i}/${w.lon === undefined ? 'lon' : 'lat'}`, message: 'give both lon and lat, or neither' }]);
    if (Date.parse(w.warnedAt) > now.getTime() + 5 * 60_000) throw validationError([{ field: `/warnings/${i}/warnedAt`, message: 'is in the future' }]);
  });
  const seen = new Set<string>();
  const results: FraudIntakeResult['results'] = [];
  for (const w of body.warnings) {
    if (seen.has(w.externalId)) {
      results.push({ externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null });
      continue;
    }
    seen.add(w.externalId);
    results.push(await intakeOne(ctx, actor, body.source, w, now));
  }
  const accepted = results.filter((r) => r.status === 'accepted').length;
  await audit(ctx.db, actor, 'fraud.intake', 'fraud_warning', null, { source: body.source, received: body.warnings.length, accepted });
  return { results, accepted, rejected: results.length - accepted };
}

/** The CSV form of the intake: a header with the JSON field names (externalId, fraudType, personName, phone, address, lon, lat, amountAtRisk, warnedAt). */
export function parseWarningsCsv(text: string): FraudWarningIn[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    throw new AppError('INVALID_CSV', `The CSV file is not valid: ${(e as Error).message}`);
  }
  const required = ['externalId', 'fraudType', 'address', 'warnedAt'];
  const cols = rows.length ? Object.keys(rows[0]!) : [];
  const missing = required.find((c) => !cols.includes(c));
  if (rows.length === 0) throw new AppError('INVALID_CSV', 'The CSV file has no rows');
  if (missing) throw new AppError('INVALID_CSV', `The CSV file has no column ${missing}`, { field: missing });
  return rows.map((r, i) => {
    const o: Record<string, unknown> = { externalId: r.externalId, fraudType: r.fraudType, address: r.address, warnedAt: r.warnedAt };
    if (r.personName) o.personName = r.personName;
    if (r.phone) o.phone = r.phone;
    for (const k of ['lon', 'lat', 'amountAtRisk'] as const) {
      if (!r[k]) continue;
      const v = Number(r[k]);
      if (!Number.isFinite(v)) throw validationError([{ field: `/rows/${i + 1}/${k}`, message: 'is not a number' }]);
      o[k] = v;
    }
    return o as FraudWarningIn;
  });
}

// ---------------------------------------------------------------- reading

export async function listWarnings(
  ctx: Ctx,
  actor: Actor,
  q: { status?: FraudStatus; mine?: boolean; overdue?: boolean; areaId?: number; source?: string; externalId?: string },
): Promise<FraudWarning[]> {
  authorize(actor, 'fraud.read');
  let qb = query(ctx);
  if (actor.role === 'officer' || q.mine) qb = qb.where('w.officer_id', '=', (await personOf(ctx, actor)) ?? 0);
  const scope = scopeIds(actor, ctx.areas.tree());
  if (scope) qb = qb.where(sql<boolean>`w.area_ids && ${sql.val(scope)}::int[]`);
  if (q.areaId) qb = qb.where(sql<boolean>`${q.areaId} = any(w.area_ids)`);
  if (q.status) qb = qb.where('w.status', '=', q.status);
  if (q.source) qb = qb.where('w.source', '=', q.source);
  if (q.externalId) qb = qb.where('w.external_id', '=', q.externalId);
  if (q.overdue) qb = qb.where('w.status', '=', 'accepted').where('w.deadline_at', '<', ctx.clock.now().toISOString());
  const rows = (await qb.orderBy('w.received_at', 'desc').limit(500).execute()) as Row[];
  const now = ctx.clock.now().getTime();
  return rows.map((r) => present(ctx, r, now));
}

async function loadFor(ctx: Ctx, actor: Actor, id: number): Promise<Row> {
  const r = (await query(ctx).where('w.id', '=', id).executeTakeFirst()) as Row | undefined;
  if (!r) throw new AppError('FRAUD_WARNING_NOT_FOUND');
  if (actor.role === 'officer') {
    if (r.officer_id === null || r.officer_id !== (await personOf(ctx, actor))) throw new AppError('FRAUD_WARNING_NOT_FOUND');
  } else if (!inScope(actor, ctx.areas.tree(), r.area_ids)) throw new AppError('OUT_OF_SCOPE');
  return r;
}

export async function getWarning(ctx: Ctx, actor: Actor, id: number): Promise<FraudWarning> {
  authorize(actor, 'fraud.read');
  return present(ctx, await loadFor(ctx, actor, id), ctx.clock.now().getTime());
}

export async function readContact(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<{ personName: string | null; phone: string | null }> {
  authorize(actor, 'fraud.handle');
  await loadFor(ctx, actor, id);
  const r = await ctx.db.selectFrom('fraud_warnings').select(['person_name_enc', 'phone_enc']).where('id', '=', id).executeTakeFirstOrThrow();
  await audit(ctx.db, actor, 'fraud.contact', 'fraud_warning', id, {}, ip);
  return { personName: ctx.cipher.decrypt(r.person_name_enc), phone: ctx.cipher.decrypt(r.phone_enc) };
}

// ---------------------------------------------------------------- outcome and follow-up

export async function recordOutcome(ctx: Ctx, actor: Actor, id: number, b: FraudOutcomeBody): Promise<FraudWarning> {
  authorize(actor, 'fraud.handle');
  const r = await loadFor(ctx, actor, id);
  if (r.status !== 'accepted') throw new AppError('INVALID_TRANSITION', `A ${r.status} warning takes no outcome`, { from: r.status, action: 'outcome', allowed: [] });
  if (b.outcome === 'money_lost' && b.lossAmount === undefined) throw validationError([{ field: '/lossAmount', message: 'is required when money was lost' }]);
  if (b.outcome !== 'money_lost' && b.lossAmount !== undefined) throw validationError([{ field: '/lossAmount', message: 'only with the outcome money_lost' }]);
  const now = ctx.clock.now();
  const res = await ctx.db
    .updateTable('fraud_warnings')
    .set({
      status: 'closed',
      outcome: b.outcome,
      loss_amount: b.lossAmount ?? null,
      outcome_note: b.note?.trim() || null,
      outcome_at: now.toISOString(),
      outcome_by_name: actor.displayName,
      // the visit afterwards: to the dissuaded (did they stay safe?), the defrauded (support, case) and the reached
      followup_due_at: b.outcome === 'unreachable' ? null : new Date(now.getTime() + ctx.config.fraudFollowupDays * 86400_000).toISOString(),
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', b.version)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'fraud.outcome', 'fraud_warning', id, { outcome: b.outcome });
  return getWarning(ctx, actor, id);
}

export async function recordFollowup(ctx: Ctx, actor: Actor, id: number, b: FraudFollowupBody): Promise<FraudWarning> {
  authorize(actor, 'fraud.handle');
  const r = await loadFor(ctx, actor, id);
  if (r.status !== 'closed' || r.followup_due_at === null) throw new AppError('INVALID_TRANSITION', 'Only a handled warning with a follow-up due takes a follow-up', { from: r.status, action: 'followup', allowed: [] });
  const res = await ctx.db
    .updateTable('fraud_warnings')
    .set({ status: 'followed_up', followup_at: ctx.clock.now().toISOString(), followup_note: b.note.trim(), followup_by_name: actor.displayName, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', b.version)
    .where('status', '=', 'closed')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('STALE_VERSION', undefined, { field: '/version' });
  await audit(ctx.db, actor, 'fraud.followup', 'fraud_warning', id, {});
  return getWarning(ctx, actor, id);
}

// ---------------------------------------------------------------- counts per area

export async function fraudStats(ctx: Ctx, actor: Actor, q: { from?: string; to?: string; level?: 'station' | 'community' | 'grid' }): Promise<FraudStats> {
  authorize(actor, 'fraud.read');
  const now = ctx.clock.now();
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw validationError([{ field: '/from', message: 'must be before to' }]);
  const level = q.level ?? 'station';
  const col = level === 'grid' ? 'grid_id' : level === 'community' ? 'community_id' : 'station_id';
  const scope = scopeIds(actor, ctx.areas.tree());
  const rows = await sql<{
    area_id: number | null;
    warnings: number;
    rejected: number;
    open: number;
    overdue: number;
    dissuaded: number;
    money_lost: number;
    unreachable: number;
    loss_amount: string;
    loss_avoided: string;
    followed_up: number;
    median_min: number | null;
    on_time: number;
  }>`
    select ${sql.ref(col)} as area_id,
           count(*)::int as warnings,
           count(*) filter (where status = 'rejected')::int as rejected,
           count(*) filter (where status = 'accepted')::int as open,
           count(*) filter (where status = 'accepted' and deadline_at < ${now.toISOString()}::timestamptz)::int as overdue,
           count(*) filter (where outcome = 'dissuaded')::int as dissuaded,
           count(*) filter (where outcome = 'money_lost')::int as money_lost,
           count(*) filter (where outcome = 'unreachable')::int as unreachable,
           coalesce(sum(loss_amount), 0)::text as loss_amount,
           coalesce(sum(amount_at_risk) filter (where outcome = 'dissuaded'), 0)::text as loss_avoided,
           count(*) filter (where status = 'followed_up')::int as followed_up,
           (percentile_cont(0.5) within group (order by extract(epoch from outcome_at - received_at) / 60) filter (where outcome_at is not null))::float8 as median_min,
           count(*) filter (where outcome_at is not null and outcome_at <= deadline_at)::int as on_time
      from fraud_warnings
     where received_at >= ${from}::timestamptz and received_at < ${to}::timestamptz
       ${scope ? sql`and area_ids && ${sql.val(scope)}::int[]` : sql``}
     group by 1 order by 1 nulls last`.execute(ctx.db);
  const tree = ctx.areas.tree();
  return {
    from,
    to,
    level,
    rows: rows.rows.map((r) => ({
      areaId: r.area_id,
      areaName: r.area_id === null ? '未定位' : (tree.get(r.area_id)?.name ?? String(r.area_id)),
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
