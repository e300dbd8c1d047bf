// Disputes (矛盾纠纷, issue 16): registration with the risk grade and the owning level, reading within the caller's
// reach, the indicators per area, and the hand-off to the handover tickets module. The workflow's actions (sessions,
// referral, resolve, escalate, follow-up, 民转刑) are in workflow.ts; the machine and the rules are in core
// (packages/core/src/disputes).
//
// Reach: police roles by area (a dispute outside it is 404 DISPUTE_NOT_FOUND, like one that does not exist); a grid
// worker the disputes of their grid and the ones they reported; a mediator the ones in their scope and the ones
// referred to them; 城管 staff and department liaisons only the ones referred to them; volunteers none.
import { gradeDispute, GRADE_RULES, levelDueAt, START_LEVEL } from '@jingwang/core';
import { maskName, maskPhone, type Dispute, type DisputeCreateBody, type DisputeIndicators, type DisputeIndicatorsQuery, type DisputeListQuery, type DisputeSummary } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError, validationError } from '../../lib/errors';
import { audit } from '../audit/service';
import { authorize, inScope, scopeIds, type Actor } from '../auth/policy';
import * as repo from './repo';
import { levelArea, loadFor, POLICE, present, presentById, reachOf, summary } from './reach';

export { addSession, refer, referralFeedback, resolve, escalate, regrade, followup, linkCase, escalateDue, sessionPhoto } from './workflow';

/** Calls within this distance of the dispute's place count as calls at the same address (a grading rule). */
export const SAME_PLACE_M = 100;

// ---------------------------------------------------------------- reading

export async function listDisputes(ctx: Ctx, actor: Actor, q: DisputeListQuery): Promise<DisputeSummary[]> {
  authorize(actor, 'dispute.read');
  const now = ctx.clock.now();
  const rows = await repo.listDisputeRows(ctx.db, {
    reach: reachOf(ctx, actor),
    status: q.status,
    level: q.level,
    grade: q.grade,
    areaId: q.areaId,
    overdueAt: q.overdue ? now.toISOString() : undefined,
    mineUser: q.mine ? (actor.userId ?? 0) : undefined,
    limit: 500,
  });
  return rows.map((r) => summary(ctx, r, now.getTime()));
}

export async function getDispute(ctx: Ctx, actor: Actor, id: number): Promise<Dispute> {
  authorize(actor, 'dispute.read');
  return present(ctx, await loadFor(ctx, actor, id));
}

/** The parties' clear names and phones, for those who mediate; every read is audited. */
export async function readContacts(ctx: Ctx, actor: Actor, id: number, ip: string | null): Promise<{ parties: { id: number; role: string; name: string; phone: string | null }[] }> {
  authorize(actor, 'dispute.mediate');
  await loadFor(ctx, actor, id);
  const rows = await repo.partyContacts(ctx.db, id);
  await audit(ctx.db, actor, 'dispute.contacts', 'dispute', id, {}, ip);
  return { parties: rows.map((p) => ({ id: p.id, role: p.role, name: ctx.cipher.decrypt(p.name_enc) ?? '', phone: ctx.cipher.decrypt(p.phone_enc) })) };
}

// ---------------------------------------------------------------- registration

/** Address text compared for repeats: no spaces or punctuation, full-width digits as ASCII, lower case. */
export function normAddress(a: string): string {
  return a
    .normalize('NFKC')
    .replace(/[\s,，.。、\-—_()（）#＃]/g, '')
    .toLowerCase();
}

export async function createDispute(ctx: Ctx, actor: Actor, b: DisputeCreateBody): Promise<Dispute> {
  authorize(actor, 'dispute.report');
  const blank = [
    ...(b.title.trim() ? [] : [{ field: '/title', message: 'must not be blank' }]),
    ...(b.address.trim() ? [] : [{ field: '/address', message: 'must not be blank' }]),
    ...b.parties.flatMap((p, i) => (p.name.trim() ? [] : [{ field: `/parties/${i}/name`, message: 'must not be blank' }])),
  ];
  if (blank.length) throw validationError(blank);
  const tree = ctx.areas.tree();
  const now = ctx.clock.now();
  let lon = b.lon ?? null;
  let lat = b.lat ?? null;
  if ((lon === null) !== (lat === null)) throw validationError([{ field: lon === null ? '/lon' : '/lat', message: 'lon and lat go together' }]);
  if (b.incidentId !== undefined) {
    const inc = await repo.incidentPlace(ctx.db, b.incidentId);
    if (!inc || (actor.role !== null && POLICE.has(actor.role) && !inScope(actor, tree, inc.area_ids))) throw new AppError('INCIDENT_NOT_FOUND');
    if (lon === null) {
      lon = inc.lon;
      lat = inc.lat;
    }
  }
  let located: repo.Located;
  if (lon !== null && lat !== null) {
    located = await repo.locate(ctx.db, lon, lat, now.toISOString());
    if (located.county_id === null) throw new AppError('DISPUTE_PLACE_REQUIRED', 'The point is outside every area of the county', { field: '/lon' });
  } else if (b.areaId !== undefined) {
    const node = tree.get(b.areaId);
    if (!node || node.validTo !== null) throw new AppError('DISPUTE_PLACE_REQUIRED', 'No such area', { field: '/areaId' });
    const chain = [node, ...tree.ancestors(node.id)];
    const of = (k: string) => chain.find((n) => n.kind === k)?.id ?? null;
    located = { grid_id: of('grid'), community_id: of('community'), station_id: of('station'), district_id: of('district'), county_id: of('county'), area_ids: chain.map((n) => n.id) };
  } else {
    throw new AppError('DISPUTE_PLACE_REQUIRED', undefined, { field: '/lon' });
  }
  // police register within their area (else they could not read it back); partners report where they work
  if (actor.role !== null && POLICE.has(actor.role) && !inScope(actor, tree, located.area_ids)) {
    throw new AppError('DISPUTE_PLACE_REQUIRED', 'The place is outside your area', { field: lon !== null ? '/lon' : '/areaId' });
  }
  const priorCalls =
    lon !== null && lat !== null
      ? await repo.callsNear(ctx.db, lon, lat, SAME_PLACE_M, new Date(now.getTime() - GRADE_RULES.repeatCallDays * 86400_000).toISOString(), b.incidentId ?? null)
      : 0;
  const vulnerable = b.parties.some((p) => p.vulnerable === true);
  const groupSize = b.groupSize ?? 0;
  const { grade, reasons } = gradeDispute({ violenceThreatened: b.violenceThreatened === true, priorCalls, partyCount: Math.max(b.parties.length, groupSize), vulnerable });
  const level = START_LEVEL[grade];
  const at = now.toISOString();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertDispute(tx, {
      ...located,
      status: 'open',
      source: b.source,
      incident_id: b.incidentId ?? null,
      type: b.type,
      title: b.title.trim(),
      description: b.description?.trim() || null,
      address: b.address.trim(),
      address_norm: normAddress(b.address),
      lon,
      lat,
      grade,
      grade_reasons: reasons,
      violence_threatened: b.violenceThreatened === true,
      vulnerable,
      group_size: groupSize,
      prior_calls: priorCalls,
      level,
      level_area_id: levelArea(level, located),
      level_since: at,
      level_due_at: new Date(levelDueAt(level, now.getTime())).toISOString(),
      reported_at: at,
      reported_by_user: actor.userId,
      reported_by_name: actor.displayName,
    });
    await repo.insertParties(
      tx,
      b.parties.map((p) => ({
        dispute_id: id,
        role: p.role,
        name_enc: ctx.cipher.encrypt(p.name.trim())!,
        name_masked: maskName(p.name.trim()) ?? '*',
        phone_enc: p.phone ? ctx.cipher.encrypt(p.phone) : null,
        phone_masked: maskPhone(p.phone),
        person_ref_id: p.personRefId ?? null,
        vulnerable: p.vulnerable === true,
      })),
    );
    await repo.addEvent(tx, { dispute_id: id, at, kind: 'registered', by_name: actor.displayName, data: { source: b.source, grade, level, reasons: reasons.map((r) => r.code) } });
    await audit(tx, actor, 'dispute.create', 'dispute', id, { grade, level });
    return id;
  });
  return presentById(ctx, id);
}

// ---------------------------------------------------------------- indicators

/**
 * Per area (station, community or grid) the disputes reported in [from, to) (default: the last 30 days): open,
 * resolved and resolved on time (within the deadline of the level that resolved it), escalated, repeats at the same
 * address (the same address text or within radiusM of an earlier dispute, default 50 m), 民转刑, session outcomes.
 */
export async function disputeIndicators(ctx: Ctx, actor: Actor, q: DisputeIndicatorsQuery): Promise<DisputeIndicators> {
  authorize(actor, 'dispute.manage');
  const now = ctx.clock.now();
  const to = q.to ?? now.toISOString();
  const from = q.from ?? new Date(Date.parse(to) - 30 * 86400_000).toISOString();
  if (Date.parse(from) >= Date.parse(to)) throw validationError([{ field: '/from', message: 'must be before to' }]);
  const level = q.level ?? 'station';
  const radiusM = q.radiusM ?? 50;
  const tree = ctx.areas.tree();
  const column = level === 'grid' ? 'grid_id' : level === 'community' ? 'community_id' : 'station_id';
  const rows = await repo.indicatorRows(ctx.db, { column, from, to, radiusM, scopeIds: scopeIds(actor, tree) });
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    level,
    radiusM,
    rows: rows.map((r) => ({
      areaId: r.area_id,
      areaName: r.area_id === null ? '未落网格' : (tree.get(r.area_id)?.name ?? String(r.area_id)),
      registered: r.registered,
      open: r.open,
      resolved: r.resolved,
      resolvedOnTime: r.resolved_on_time,
      escalated: r.escalated,
      repeat: r.repeat,
      converted: r.converted,
      sessions: r.sessions,
      agreement: r.agreement,
      partial: r.partial,
      noAgreement: r.no_agreement,
      adjourned: r.adjourned,
    })),
  };
}

// ---------------------------------------------------------------- hand-off to handover tickets (modules/tickets)

/**
 * What a handover ticket made from a dispute needs (its place and what it is about), if the caller reaches the
 * dispute (else DISPUTE_NOT_FOUND). For the tickets module: it calls this, creates its ticket, then `linkTicket`.
 */
export async function disputeForTicket(
  ctx: Ctx,
  actor: Actor,
  id: number,
): Promise<{ id: number; title: string; type: string; address: string; lon: number | null; lat: number | null; areaIds: number[]; gridId: number | null; stationId: number | null }> {
  authorize(actor, 'dispute.read');
  const r = await loadFor(ctx, actor, id);
  return { id: r.id, title: r.title, type: r.type, address: r.address, lon: r.lon, lat: r.lat, areaIds: r.area_ids, gridId: r.grid_id, stationId: r.station_id };
}

export { linkTicket } from './workflow';
