// Reach and presentation of disputes, shared by the reading (service.ts) and the workflow (workflow.ts): who reaches
// which dispute (the list's filter and the one-row check are the same rule), the area of a level, the answer's shape.
import { disputeMachine, LEVEL_AREA_KIND, type DisputeLevel, type DisputeStatus } from '@jingwang/core';
import type { Dispute, DisputeSummary } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { iso, isoN, json } from '../../lib/format';
import { inScope, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';

type Row = repo.DisputeRow;

const area = (ctx: Ctx, id: number | null) => (id === null ? null : { id, name: ctx.areas.tree().get(id)?.name ?? String(id) });

/** The area that stands for a level of a located dispute. */
export function levelArea(l: DisputeLevel, d: { grid_id: number | null; community_id: number | null; station_id: number | null; district_id: number | null; county_id: number | null }): number | null {
  const k = LEVEL_AREA_KIND[l];
  return k === 'grid' ? d.grid_id : k === 'community' ? d.community_id : k === 'station' ? d.station_id : k === 'district' ? (d.district_id ?? d.county_id) : d.county_id;
}

export function summary(ctx: Ctx, r: Row, now: number): DisputeSummary {
  const status = r.status as DisputeStatus;
  return {
    id: r.id,
    status,
    version: r.version,
    source: r.source as DisputeSummary['source'],
    type: r.type as DisputeSummary['type'],
    title: r.title,
    address: r.address,
    grade: r.grade as DisputeSummary['grade'],
    level: r.level as DisputeSummary['level'],
    levelArea: area(ctx, r.level_area_id),
    levelDueAt: iso(r.level_due_at),
    overdue: ['open', 'mediating', 'referred'].includes(status) && now > Date.parse(iso(r.level_due_at)),
    escalations: r.escalations,
    reportedAt: iso(r.reported_at),
    reportedByName: r.reported_by_name,
    resolvedAt: isoN(r.resolved_at),
    caseId: r.case_id,
  };
}

export async function present(ctx: Ctx, r: Row): Promise<Dispute> {
  const [parties, sessions, referrals, followups, events] = await Promise.all([
    repo.partiesOf(ctx.db, r.id),
    repo.sessionsOf(ctx.db, r.id),
    repo.referralsOf(ctx.db, r.id),
    repo.followupsOf(ctx.db, r.id),
    repo.eventsOf(ctx.db, r.id),
  ]);
  return {
    ...summary(ctx, r, ctx.clock.now().getTime()),
    incidentId: r.incident_id,
    description: r.description,
    lon: r.lon,
    lat: r.lat,
    grid: area(ctx, r.grid_id),
    community: area(ctx, r.community_id),
    station: area(ctx, r.station_id),
    gradeReasons: json<Dispute['gradeReasons']>(r.grade_reasons),
    violenceThreatened: r.violence_threatened,
    priorCalls: r.prior_calls,
    partyCount: Math.max(r.party_count, r.group_size),
    levelSince: iso(r.level_since),
    resolvedOnTime: r.resolved_on_time,
    ticketId: r.ticket_id,
    parties: parties.map((p) => ({ id: p.id, role: p.role as 'applicant', nameMasked: p.name_masked, phoneMasked: p.phone_masked, personRefId: p.person_ref_id, vulnerable: p.vulnerable })),
    sessions: sessions.map((s) => ({
      id: s.id,
      heldAt: iso(s.held_at),
      level: s.level as DisputeLevel,
      mediatorName: s.mediator_name,
      participants: s.participants,
      outcome: s.outcome as 'agreement',
      note: s.note,
      agreementText: s.agreement_text,
      hasPhoto: s.has_photo,
    })),
    referrals: referrals.map((x) => ({
      id: x.id,
      kind: x.kind as 'people',
      orgName: x.org_name,
      toUser: x.to_user_id === null ? null : { id: x.to_user_id, name: x.to_user_name ?? String(x.to_user_id) },
      referredAt: iso(x.referred_at),
      referredByName: x.referred_by_name,
      feedback: x.feedback,
      feedbackOutcome: x.feedback_outcome as 'agreement' | null,
      feedbackAt: isoN(x.feedback_at),
    })),
    followups: followups.map((f) => ({ id: f.id, dueAt: iso(f.due_at), doneAt: isoN(f.done_at), note: f.note, byName: f.by_name, recurred: f.recurred })),
    events: events.map((e) => ({ id: Number(e.id), at: iso(e.at), kind: e.kind, byName: e.by_name, data: json<unknown>(e.data) })),
    allowed: disputeMachine.allowed(r.status as DisputeStatus),
  };
}

// ---------------------------------------------------------------- reach

export const POLICE = new Set(['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer']);

/** Which disputes the caller reaches (the list's filter; `visible` below is the same rule for one row). */
export function reachOf(ctx: Ctx, actor: Actor): repo.Reach {
  const tree = ctx.areas.tree();
  if (actor.kind === 'system' || actor.role === null) return { scopeIds: null };
  if (POLICE.has(actor.role)) return { scopeIds: scopeIds(actor, tree) };
  const uid = actor.userId ?? 0;
  const scoped = actor.scopeAreaId === null ? ('none' as const) : tree.descendantsAndSelf(actor.scopeAreaId);
  if (actor.role === 'grid_worker') return { scopeIds: scoped, orReportedBy: uid };
  if (actor.role === 'mediator') return { scopeIds: scoped, orReferredTo: uid };
  return { scopeIds: 'none', orReferredTo: uid };
}

async function visible(ctx: Ctx, actor: Actor, r: Row): Promise<boolean> {
  const reach = reachOf(ctx, actor);
  if (reach.scopeIds === null) return true;
  if (reach.scopeIds !== 'none' && (actor.role !== null && POLICE.has(actor.role) ? inScope(actor, ctx.areas.tree(), r.area_ids) : r.area_ids.some((a) => (reach.scopeIds as number[]).includes(a)))) return true;
  if (reach.orReportedBy !== undefined && r.reported_by_user === reach.orReportedBy) return true;
  if (reach.orReferredTo !== undefined && (await repo.isReferredTo(ctx.db, r.id, reach.orReferredTo))) return true;
  return false;
}

/** The dispute if the caller reaches it; else DISPUTE_NOT_FOUND, exactly as for one that does not exist. */
export async function loadFor(ctx: Ctx, actor: Actor, id: number): Promise<Row> {
  const r = await repo.getDisputeRow(ctx.db, id);
  if (!r || !(await visible(ctx, actor, r))) throw new AppError('DISPUTE_NOT_FOUND');
  return r;
}

/** True when the caller reaches disputes only through referrals to them (城管, liaisons). */
export function referralOnly(actor: Actor): boolean {
  return actor.role === 'urban_mgmt' || actor.role === 'liaison';
}


/** A dispute as presented after a change the caller made (the reach was checked before the change). */
export async function presentById(ctx: Ctx, id: number): Promise<Dispute> {
  const r = await repo.getDisputeRow(ctx.db, id);
  if (!r) throw new AppError('DISPUTE_NOT_FOUND');
  return present(ctx, r);
}
