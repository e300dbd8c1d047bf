// Dispatch recommendation for the 城区快警 "1, 3, 5" rapid response (pure: units, their ETAs and the time come in,
// a ranked list and a proposal come out).
//
// Targets: key places (重点部位) 60 s, urban areas 180 s, elsewhere 300 s; the caller decides the incident's target.
// Echelons (梯次增援): 1 = grid patrol teams and key-place SWAT posts; 2 = station forces, SWAT, traffic police;
// 3 = bureau reserve (青年突击队) and urban-management emergency teams. Echelon 1 is always called; with autoEscalate
// echelon 2 (then 3) is called when the units of the echelons called so far cannot reach within the target
// (target_missed) or cannot fill the run card (not_enough_units); the dispatcher can call a higher echelon outright.
//
// Eligible: status 'available', not left off the duty roster (rostered false), a position no older than
// staleAfterSeconds, a finite ETA, and an echelon called.
// Ranking: eligible units by ETA, ties by own grid first, then lower echelon, then unit id; then the excluded ones
// in the same order (unknown ETA last) with the reasons for their exclusion. An excluded unit keeps its ETA, tier
// and within_target when its position is fresh (a busy unit that would be in time is worth seeing); an ETA from a
// stale position is not shown.
// Proposal: the run card's needs are filled greedily by ETA, the most restrictive need (fewest unit types) first,
// a unit filling one need only; units already sent to the incident fill it first (`assigned`), so a card already
// met proposes nothing and calls no further echelon.

export * from './eta';
export * from './reinforcement';

// urban_mgmt_team (城管综合应急队) and youth_squad (青年突击队): the third echelon only (issue 16 part 4)
export type UnitType = 'patrol_car' | 'foot' | 'ebike' | 'joint_patrol' | 'swat_post' | 'urban_mgmt_team' | 'youth_squad';
export const UNIT_TYPES: readonly UnitType[] = ['patrol_car', 'foot', 'ebike', 'joint_patrol', 'swat_post', 'urban_mgmt_team', 'youth_squad'];
export type UnitStatus = 'available' | 'dispatched' | 'en_route' | 'on_scene' | 'busy' | 'off_duty' | 'meal_break' | 'out_of_service';

export interface DispatchUnit {
  id: number;
  callsign: string;
  type: UnitType;
  echelon: 1 | 2 | 3;
  status: UnitStatus;
  /** Time of the last position fix, epoch ms; null if it never reported one. */
  positionAt: number | null;
  /** Its home area and the areas around it that count as "own grid" (caller's choice of ancestors/descendants). */
  homeAreaIds: number[];
  /** The station (派出所) area it belongs to, for the own_station reason; optional. */
  stationAreaId?: number | null;
  members: number;
  /**
   * What the duty roster says of the unit now: true, someone is on duty on it; false, its station keeps a roster for
   * today and nobody on it is on duty (excluded: not_rostered); undefined or null, no roster applies (not checked).
   */
  rostered?: boolean | null;
}

export interface DispatchIncident {
  category: string;
  priority: 1 | 2 | 3;
  /** Grid, police grid, community, station, district ids it lies in. */
  areaIds: number[];
  /** 60 | 180 | 300, decided by the caller from key places and area. */
  targetSeconds: number;
}

export interface RunCardNeed {
  types: UnitType[];
  count: number;
}
export interface RunCard {
  /** Incident category, or '*' for any. */
  category: string;
  /** Applies to this priority only; any priority when absent. */
  priority?: 1 | 2 | 3;
  needs: RunCardNeed[];
}

export interface ResponsePolicy {
  /** Most specific match wins: category + priority, category, '*' + priority, '*'. */
  runCards: RunCard[];
  /** A position older than this is excluded (position_stale). */
  staleAfterSeconds: number;
  tierSeconds: [number, number, number];
  /** Call echelon 2, then 3, automatically when the echelons called cannot meet the target or fill the card. */
  autoEscalate: boolean;
  /** Length of the ranked list returned (proposed units are always included). */
  maxCandidates: number;
}

const ANY: UnitType[] = [...UNIT_TYPES];
const NO_SWAT: UnitType[] = ['patrol_car', 'foot', 'ebike', 'joint_patrol'];

export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = {
  runCards: [
    // fights: priority 1 needs two units, one of them able to stop violence (a car or a SWAT post)
    { category: 'fight', priority: 1, needs: [{ types: ['patrol_car', 'swat_post'], count: 1 }, { types: ANY, count: 1 }] },
    { category: 'fight', needs: [{ types: ['patrol_car', 'swat_post', 'joint_patrol'], count: 1 }] },
    { category: 'theft', priority: 1, needs: [{ types: ['patrol_car', 'ebike', 'swat_post'], count: 1 }, { types: ANY, count: 1 }] },
    { category: 'theft', needs: [{ types: ANY, count: 1 }] },
    // accidents: a car to secure the scene; a serious one gets a second unit
    { category: 'traffic', priority: 1, needs: [{ types: ['patrol_car'], count: 1 }, { types: ANY, count: 1 }] },
    { category: 'traffic', needs: [{ types: ['patrol_car'], count: 1 }] },
    { category: 'dispute', priority: 1, needs: [{ types: ANY, count: 2 }] },
    { category: 'dispute', needs: [{ types: NO_SWAT, count: 1 }] },
    { category: 'fire', priority: 1, needs: [{ types: ['patrol_car'], count: 1 }, { types: ANY, count: 1 }] },
    { category: 'fire', needs: [{ types: ANY, count: 1 }] },
    { category: 'help', needs: [{ types: ANY, count: 1 }] },
    // noise: a 城管 emergency team (echelon 3) may answer it too (城警联勤, issue 16 part 4)
    { category: 'noise', needs: [{ types: [...NO_SWAT, 'urban_mgmt_team'], count: 1 }] },
    { category: 'fraud', needs: [{ types: NO_SWAT, count: 1 }] },
    { category: 'suspicious', needs: [{ types: ANY, count: 1 }] },
    { category: 'public_order', priority: 1, needs: [{ types: ['patrol_car', 'swat_post', 'joint_patrol'], count: 1 }, { types: ANY, count: 1 }] },
    { category: 'public_order', needs: [{ types: ANY, count: 1 }] },
    { category: 'missing_person', needs: [{ types: ANY, count: 2 }] },
    { category: 'other', needs: [{ types: ANY, count: 1 }] },
    { category: '*', needs: [{ types: ANY, count: 1 }] },
  ],
  staleAfterSeconds: 180,
  tierSeconds: [60, 180, 300],
  autoEscalate: true,
  maxCandidates: 10,
};

export type Reason =
  | 'own_grid'
  | 'own_station'
  | 'fastest'
  | 'within_target'
  | 'tier_1'
  | 'tier_3'
  | 'tier_5'
  | 'beyond_5'
  | 'position_stale'
  | 'no_position'
  | 'unreachable'
  | 'not_available'
  | 'not_rostered'
  | 'echelon_not_called'
  | 'type_needed';

export interface RankedUnit {
  unitId: number;
  callsign: string;
  type: UnitType;
  echelon: 1 | 2 | 3;
  /** null when unknown (no position, stale position, unreachable). */
  etaSeconds: number | null;
  /** Tier (minutes) the ETA falls in; null beyond 5 minutes or unknown. */
  tier: 1 | 3 | 5 | null;
  withinTarget: boolean;
  reasons: Reason[];
  excluded: boolean;
}

export interface Recommendation {
  targetSeconds: number;
  runCard: RunCard;
  echelonCalled: 1 | 2 | 3;
  escalation: { echelon: 2 | 3; why: 'target_missed' | 'not_enough_units' | 'dispatcher' }[];
  /** Eligible first by ETA (ties: own grid, echelon, unit id), then excluded ones with reasons. */
  ranked: RankedUnit[];
  /** Unit ids chosen to fill the run card, in ranking order. */
  proposal: number[];
  /** Needs (with the missing count) that could not be filled. */
  shortfall: RunCardNeed[];
  bestEtaSeconds: number | null;
}

/** The tier (1, 3 or 5 minutes) a time falls in, or null beyond the last tier or when not finite. */
export function tierOf(seconds: number, tiers: [number, number, number]): 1 | 3 | 5 | null {
  if (!Number.isFinite(seconds)) return null;
  if (seconds <= tiers[0]) return 1;
  if (seconds <= tiers[1]) return 3;
  if (seconds <= tiers[2]) return 5;
  return null;
}

/** The run card for an incident: category + priority, category, '*' + priority, '*'; else one unit of any type. */
export function resolveRunCard(policy: ResponsePolicy, category: string, priority: 1 | 2 | 3): RunCard {
  const c = policy.runCards;
  return (
    c.find((r) => r.category === category && r.priority === priority) ??
    c.find((r) => r.category === category && r.priority === undefined) ??
    c.find((r) => r.category === '*' && r.priority === priority) ??
    c.find((r) => r.category === '*' && r.priority === undefined) ?? { category: '*', needs: [{ types: [...ANY], count: 1 }] }
  );
}

interface Assessed {
  unit: DispatchUnit;
  eta: number | null;
  ownGrid: boolean;
  ownStation: boolean;
  /** Reasons that exclude it whatever echelon is called. */
  blockers: Reason[];
}

/** Eligible order: ETA (unknown last), own grid first, lower echelon, unit id. */
function compare(a: Assessed, b: Assessed): number {
  const ea = a.eta ?? Infinity;
  const eb = b.eta ?? Infinity;
  if (ea !== eb) return ea < eb ? -1 : 1;
  if (a.ownGrid !== b.ownGrid) return a.ownGrid ? -1 : 1;
  if (a.unit.echelon !== b.unit.echelon) return a.unit.echelon - b.unit.echelon;
  return a.unit.id - b.unit.id;
}

/** Units already sent to the incident (active assignments): they fill the run card before any new unit. */
export interface AssignedUnit {
  unitId: number;
  type: UnitType;
}

/** The run card less what the units already sent cover (greedy, the most restrictive need first). */
export function remainingCard(card: RunCard, assigned: readonly AssignedUnit[]): RunCard {
  if (assigned.length === 0) return card;
  const order = card.needs.map((n, i) => ({ n, i })).sort((a, b) => a.n.types.length - b.n.types.length || a.i - b.i);
  const used = new Set<number>();
  const left = card.needs.map((n) => n.count);
  for (const { n, i } of order) {
    for (const a of assigned) {
      if (left[i]! <= 0) break;
      if (used.has(a.unitId) || !n.types.includes(a.type)) continue;
      used.add(a.unitId);
      left[i]!--;
    }
  }
  return { ...card, needs: card.needs.flatMap((n, i) => (left[i]! > 0 ? [{ types: [...n.types], count: left[i]! }] : [])) };
}

/** Greedy fill of the run card from units in ranking order. */
function fill(card: RunCard, pool: readonly Assessed[]): { chosen: Map<number, RunCardNeed>; shortfall: RunCardNeed[] } {
  const order = card.needs.map((n, i) => ({ n, i })).sort((a, b) => a.n.types.length - b.n.types.length || a.i - b.i);
  const chosen = new Map<number, RunCardNeed>(); // unit id -> the need it fills
  const missing = new Array<number>(card.needs.length).fill(0);
  for (const { n, i } of order) {
    let got = 0;
    for (const a of pool) {
      if (got >= n.count) break;
      if (chosen.has(a.unit.id) || !n.types.includes(a.unit.type)) continue;
      chosen.set(a.unit.id, n);
      got++;
    }
    missing[i] = Math.max(0, n.count - got);
  }
  const shortfall = card.needs.flatMap((n, i) => (missing[i]! > 0 ? [{ types: [...n.types], count: missing[i]! }] : []));
  return { chosen, shortfall };
}

export function recommend(input: {
  incident: DispatchIncident;
  units: DispatchUnit[];
  /** Same order as units; Infinity if unreachable; NaN if not computed (e.g. no position). */
  etaSeconds: number[] | Float64Array;
  now: number;
  policy: ResponsePolicy;
  /** The dispatcher asked for this echelon explicitly. */
  dispatcherEchelon?: 1 | 2 | 3;
  /**
   * Units already sent to the incident. They fill the run card first (the proposal and the shortfall are what is
   * still missing), and once one is on its way the target is no longer a reason to escalate: a higher echelon is
   * called by itself only while the card is short.
   */
  assigned?: readonly AssignedUnit[];
}): Recommendation {
  const { incident, units, etaSeconds, now, policy } = input;
  if (etaSeconds.length !== units.length) throw new RangeError('etaSeconds must have one entry per unit');
  const target = incident.targetSeconds;
  const assigned = input.assigned ?? [];
  const fullCard = resolveRunCard(policy, incident.category, incident.priority);
  const runCard = remainingCard(fullCard, assigned);
  const incidentAreas = new Set(incident.areaIds);

  const assessed: Assessed[] = units.map((unit, i) => {
    const blockers: Reason[] = [];
    if (unit.status !== 'available') blockers.push('not_available');
    if (unit.rostered === false) blockers.push('not_rostered');
    const raw = etaSeconds[i]!;
    let eta: number | null = null;
    if (unit.positionAt === null) blockers.push('no_position');
    else if (now - unit.positionAt > policy.staleAfterSeconds * 1000) blockers.push('position_stale');
    // no ETA was computed: for an available unit its position could not be placed; a busy unit's is simply not asked
    else if (Number.isNaN(raw)) {
      if (unit.status === 'available') blockers.push('no_position');
    }
    else if (raw === Infinity) blockers.push('unreachable');
    else eta = raw;
    return {
      unit,
      eta,
      ownGrid: unit.homeAreaIds.some((a) => incidentAreas.has(a)),
      ownStation: unit.stationAreaId != null && incidentAreas.has(unit.stationAreaId),
      blockers,
    };
  });
  assessed.sort(compare);
  const usable = assessed.filter((a) => a.blockers.length === 0);

  // Echelons: the dispatcher's first, then automatic escalation while the target or the run card is not met.
  let called: 1 | 2 | 3 = 1;
  const escalation: Recommendation['escalation'] = [];
  for (let e = 2; e <= (input.dispatcherEchelon ?? 1); e++) escalation.push({ echelon: e as 2 | 3, why: 'dispatcher' });
  called = Math.max(called, input.dispatcherEchelon ?? 1) as 1 | 2 | 3;
  if (policy.autoEscalate) {
    while (called < 3) {
      const pool = usable.filter((a) => a.unit.echelon <= called);
      const met = assigned.length > 0 || pool.some((a) => a.eta! <= target);
      const filled = fill(runCard, pool).shortfall.length === 0;
      if (met && filled) break;
      called = (called + 1) as 2 | 3;
      escalation.push({ echelon: called, why: met ? 'not_enough_units' : 'target_missed' });
    }
  }

  const eligible = usable.filter((a) => a.unit.echelon <= called);
  const { chosen, shortfall } = fill(runCard, eligible);
  const bestEtaSeconds = eligible.length > 0 ? eligible[0]!.eta : null;

  const present = (a: Assessed, excluded: boolean): RankedUnit => {
    const reasons: Reason[] = [];
    if (a.ownGrid) reasons.push('own_grid');
    if (a.ownStation) reasons.push('own_station');
    const tier = a.eta === null ? null : tierOf(a.eta, policy.tierSeconds);
    const withinTarget = a.eta !== null && a.eta <= target;
    if (!excluded && a.eta === bestEtaSeconds) reasons.push('fastest');
    if (withinTarget) reasons.push('within_target');
    if (a.eta !== null) reasons.push(tier === 1 ? 'tier_1' : tier === 3 ? 'tier_3' : tier === 5 ? 'tier_5' : 'beyond_5');
    const need = chosen.get(a.unit.id);
    if (need && need.types.length < UNIT_TYPES.length) reasons.push('type_needed');
    reasons.push(...a.blockers);
    if (a.blockers.length === 0 && a.unit.echelon > called) reasons.push('echelon_not_called');
    const u = a.unit;
    return { unitId: u.id, callsign: u.callsign, type: u.type, echelon: u.echelon, etaSeconds: a.eta, tier, withinTarget, reasons, excluded };
  };
  const excludedList = assessed.filter((a) => a.blockers.length > 0 || a.unit.echelon > called);
  const ordered = [...eligible.map((a) => present(a, false)), ...excludedList.map((a) => present(a, true))];
  const ranked = ordered.filter((r, i) => i < policy.maxCandidates || chosen.has(r.unitId));
  const proposal = eligible.filter((a) => chosen.has(a.unit.id)).map((a) => a.unit.id);

  return { targetSeconds: target, runCard: fullCard, echelonCalled: called, escalation, ranked, proposal, shortfall, bestEtaSeconds };
}
