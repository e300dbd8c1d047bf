// Schemas of the joint police-城管 patrol (城警联勤, issue 16 part 4): service posts (联勤服务站), joint groups (units of
// type joint_patrol and their base), on-the-spot simple-procedure records (简易程序) and the counts. See docs/api.md
// "Joint patrol".
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';
import { TicketCategoryS } from './tickets';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Ver = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const JOINT_OUTCOME_LIST = ['corrected', 'warned', 'fined', 'transferred'] as const;
export type JointOutcomeName = (typeof JOINT_OUTCOME_LIST)[number];
export const JOINT_OUTCOME_LABELS: Record<JointOutcomeName, { zh: string; en: string }> = {
  corrected: { zh: '当场纠正', en: 'Corrected on the spot' },
  warned: { zh: '警告', en: 'Warning' },
  fined: { zh: '罚款', en: 'Fine' },
  transferred: { zh: '转交办', en: 'Handed over (ticket)' },
};
export const JointOutcomeS = lit(JOINT_OUTCOME_LIST);

export const JointPostS = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  station: Nullable(Named),
  active: Type.Boolean(),
  /** Joint groups based here. */
  groups: Type.Array(Type.Object({ unitId: Type.Integer(), callsign: Type.String() })),
  version: Type.Integer(),
});
export type JointPost = Static<typeof JointPostS>;

export const JointPostBody = Type.Object({ name: Text(60, 1), address: Type.Optional(Text(200)), lon: Lon, lat: Lat }, { additionalProperties: false });
export type JointPostBody = Static<typeof JointPostBody>;
export const JointPostPatch = Type.Object(
  { version: Ver, name: Type.Optional(Text(60, 1)), address: Type.Optional(Text(200)), lon: Type.Optional(Lon), lat: Type.Optional(Lat), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type JointPostPatch = Static<typeof JointPostPatch>;

export const JointGroupS = Type.Object({
  unitId: Type.Integer(),
  callsign: Type.String(),
  status: Type.String(),
  echelon: Type.Integer(),
  homeArea: Nullable(Named),
  members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), agency: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }) })),
  police: Type.Integer(),
  urban: Type.Integer(),
  /** Members of both agencies (a group without one side is listed with joint=false). */
  joint: Type.Boolean(),
  post: Nullable(Named),
});
export type JointGroup = Static<typeof JointGroupS>;
export const JointBaseBody = Type.Object({ postId: Nullable(Id) }, { additionalProperties: false });
export type JointBaseBody = Static<typeof JointBaseBody>;

export const JointHandlingBody = Type.Object(
  {
    unitId: Id,
    category: TicketCategoryS,
    what: Text(500, 1),
    address: Type.Optional(Text(200)),
    lon: Lon,
    lat: Lat,
    parties: Type.Array(Type.Object({ name: Text(40, 1), phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{5,20}$' })) }, { additionalProperties: false }), { maxItems: 10 }),
    outcome: JointOutcomeS,
    /** Only with the outcome fined (简易程序: at most 200 yuan). */
    fineYuan: Type.Optional(Type.Number()),
    photo: Type.Optional(Type.String({ maxLength: 4_500_000, pattern: '^data:image/(jpeg|png);base64,' })),
  },
  { additionalProperties: false },
);
export type JointHandlingBody = Static<typeof JointHandlingBody>;

export const JointHandlingS = Type.Object({
  id: Type.Integer(),
  unit: Type.Object({ id: Type.Integer(), callsign: Type.String() }),
  category: TicketCategoryS,
  what: Type.String(),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  station: Nullable(Named),
  /** Masked names and phones. */
  parties: Type.Array(Type.Object({ name: Type.String(), phone: Nullable(Type.String()) })),
  outcome: JointOutcomeS,
  fineYuan: Nullable(Type.Number()),
  ticketId: Nullable(Type.Integer()),
  hasPhoto: Type.Boolean(),
  byName: Type.String(),
  at: IsoTime,
});
export type JointHandling = Static<typeof JointHandlingS>;
export const JointHandlingQuery = Type.Object({ from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), unitId: Type.Optional(Id) }, { additionalProperties: false });
export type JointHandlingQuery = Static<typeof JointHandlingQuery>;

export const JointStatsQuery = Type.Object({ from: Type.Optional(IsoTime), to: Type.Optional(IsoTime) }, { additionalProperties: false });
const JointCountsS = Type.Object({
  patrols: Type.Integer(),
  handlings: Type.Integer(),
  byOutcome: Type.Object({ corrected: Type.Integer(), warned: Type.Integer(), fined: Type.Integer(), transferred: Type.Integer() }),
  tickets: Type.Integer(),
  arrivals: Type.Integer(),
  arrivalsWithin2Min: Type.Integer(),
  within2MinRate: Nullable(Type.Number()),
});
export const JointStatsS = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** Per station (key null: outside any station). */
  rows: Type.Array(Type.Intersect([Type.Object({ key: Nullable(Type.Integer()), name: Type.String() }), JointCountsS])),
  total: JointCountsS,
});
export type JointStats = Static<typeof JointStatsS>;
