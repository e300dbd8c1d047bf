// Joint police-城管 patrol (城警联勤, issue 16 part 4), pure: what makes a joint group (members of both agencies),
// the simple-procedure record's rules (简易程序 / 临查临检: an outcome, a fine only with its amount, 转交办 only for a
// category a ticket can carry) and the counts per area and period (joint patrols, on-the-spot handlings, tickets,
// arrivals within 2 minutes).

export const JOINT_OUTCOMES = ['corrected', 'warned', 'fined', 'transferred'] as const;
export type JointOutcome = (typeof JOINT_OUTCOMES)[number];

/** The agency kinds on the police side and the 城管 side of a joint group. */
export const POLICE_AGENCY_KINDS: readonly string[] = ['psb', 'station'];
export const URBAN_AGENCY_KINDS: readonly string[] = ['urban_mgmt'];

/** The unit types the dispatch run card's third echelon may hold besides the police's (echelon 3 only). */
export const CIVIC_UNIT_TYPES = ['urban_mgmt_team', 'youth_squad'] as const;

export interface GroupComposition {
  police: number;
  urban: number;
  /** A joint group needs at least one member of each side. */
  joint: boolean;
}

/** The members' sides by their agency's kind (other kinds, a volunteer's say, count on neither side). */
export function groupComposition(memberAgencyKinds: readonly string[]): GroupComposition {
  const police = memberAgencyKinds.filter((k) => POLICE_AGENCY_KINDS.includes(k)).length;
  const urban = memberAgencyKinds.filter((k) => URBAN_AGENCY_KINDS.includes(k)).length;
  return { police, urban, joint: police > 0 && urban > 0 };
}

export interface HandlingInput {
  what: string;
  outcome: JointOutcome;
  fineYuan?: number | null;
  parties: readonly { name: string }[];
}

/** The field errors of a simple-procedure record (empty = valid). */
export function validateHandling(h: HandlingInput): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!h.what.trim()) out.push({ field: '/what', message: 'must not be blank' });
  const fine = h.fineYuan ?? null;
  if (h.outcome === 'fined') {
    if (fine === null) out.push({ field: '/fineYuan', message: 'is required for a fine' });
    else if (!(fine > 0) || fine > 200) out.push({ field: '/fineYuan', message: 'must be > 0 and at most 200 (简易程序)' });
    else if (Math.round(fine * 100) !== fine * 100) out.push({ field: '/fineYuan', message: 'at most two decimals' });
  } else if (fine !== null) out.push({ field: '/fineYuan', message: 'only with the outcome fined' });
  h.parties.forEach((p, i) => {
    if (!p.name.trim()) out.push({ field: `/parties/${i}/name`, message: 'must not be blank' });
  });
  return out;
}

/** Within this many seconds of dispatch an arrival counts as "within 2 minutes". */
export const JOINT_ARRIVAL_TARGET_S = 120;

export interface JointCounts {
  patrols: number;
  handlings: number;
  /** On-the-spot handlings by outcome. */
  byOutcome: Record<JointOutcome, number>;
  tickets: number;
  arrivals: number;
  arrivalsWithin2Min: number;
  /** arrivalsWithin2Min / arrivals; null when nobody arrived (unavailable is never zero). */
  within2MinRate: number | null;
}

/**
 * The counts of one area and period: patrols (the joint groups' patrol routes), handlings (with their outcomes),
 * tickets the joint groups made, and the groups' arrivals (dispatch to arrival, seconds) with those within 2 minutes.
 */
export function jointCounts(x: { patrols: number; outcomes: readonly JointOutcome[]; tickets: number; arrivalSeconds: readonly number[] }): JointCounts {
  const byOutcome: Record<JointOutcome, number> = { corrected: 0, warned: 0, fined: 0, transferred: 0 };
  for (const o of x.outcomes) byOutcome[o]++;
  const arrivals = x.arrivalSeconds.length;
  const within = x.arrivalSeconds.filter((s) => s >= 0 && s <= JOINT_ARRIVAL_TARGET_S).length;
  return { patrols: x.patrols, handlings: x.outcomes.length, byOutcome, tickets: x.tickets, arrivals, arrivalsWithin2Min: within, within2MinRate: arrivals ? within / arrivals : null };
}
