// Schemas of the work-handover tickets (工作交办单, issue 16 parts 2-4) and their Open311 GeoReport v2 face.
// See docs/api.md "Tickets" and "Open311".
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Id, IsoTime, Lat, Lon, lit } from './api';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Ver = Type.Integer({ minimum: 1, maximum: 2147483647 });
const PhotoDataUrl = Type.String({ maxLength: 4_500_000, pattern: '^data:image/(jpeg|png);base64,' });
const Photos = Type.Optional(Type.Array(PhotoDataUrl, { maxItems: 4 }));

export const TICKET_CATEGORIES = ['street_vending', 'illegal_parking', 'renovation_waste', 'illegal_building', 'noise', 'facility_damage', 'safety_hazard', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_CATEGORY_LABELS: Record<TicketCategory, { zh: string; en: string }> = {
  street_vending: { zh: '占道经营', en: 'Street vending' },
  illegal_parking: { zh: '乱停乱放', en: 'Illegal parking' },
  renovation_waste: { zh: '装修垃圾', en: 'Renovation waste' },
  illegal_building: { zh: '违法建设', en: 'Illegal building' },
  noise: { zh: '噪音扰民', en: 'Noise' },
  facility_damage: { zh: '设施损坏', en: 'Damaged facility' },
  safety_hazard: { zh: '安全隐患', en: 'Safety hazard' },
  other: { zh: '其他', en: 'Other' },
};
export const TICKET_STATUSES = ['created', 'sent', 'received', 'in_progress', 'resolved', 'verified', 'closed', 'returned'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, { zh: string; en: string }> = {
  created: { zh: '已登记', en: 'Created' },
  sent: { zh: '待签收', en: 'Sent' },
  received: { zh: '已签收', en: 'Received' },
  in_progress: { zh: '办理中', en: 'In progress' },
  resolved: { zh: '已反馈', en: 'Resolved' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已办结', en: 'Closed' },
  returned: { zh: '已退回', en: 'Returned' },
};
/** The actions a user takes through POST /api/tickets/:id/:action (route, reopen: see their own routes / the system). */
export const TICKET_USER_ACTIONS = ['receive', 'start', 'progress', 'resolve', 'verify', 'reject', 'close', 'return'] as const;
export type TicketUserAction = (typeof TICKET_USER_ACTIONS)[number];
export const TICKET_ACTION_LABELS: Record<TicketUserAction | 'route' | 'reopen' | 'create', { zh: string; en: string }> = {
  create: { zh: '登记', en: 'Created' },
  route: { zh: '交办', en: 'Routed' },
  receive: { zh: '签收', en: 'Received' },
  start: { zh: '开始办理', en: 'Started' },
  progress: { zh: '进展', en: 'Progress' },
  resolve: { zh: '办结反馈', en: 'Resolved' },
  verify: { zh: '核查通过', en: 'Verified' },
  reject: { zh: '核查未通过', en: 'Verification failed' },
  close: { zh: '办结归档', en: 'Closed' },
  return: { zh: '退回', en: 'Returned' },
  reopen: { zh: '问题反弹重开', en: 'Reopened (recurred)' },
};
export const TICKET_SOURCES = ['incident', 'dispute', 'visit', 'patrol', 'video', 'joint_patrol', 'open311', 'other'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
export const TICKET_SOURCE_LABELS: Record<TicketSource, { zh: string; en: string }> = {
  incident: { zh: '警情', en: 'Incident' },
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  visit: { zh: '走访', en: 'Visit' },
  patrol: { zh: '巡逻发现', en: 'Patrol' },
  video: { zh: '视频巡查', en: 'Video patrol' },
  joint_patrol: { zh: '城警联勤', en: 'Joint patrol' },
  open311: { zh: '12345 / Open311', en: 'Open311' },
  other: { zh: '其他', en: 'Other' },
};

export const TicketCategoryS = lit(TICKET_CATEGORIES);
export const TicketStatusS = lit(TICKET_STATUSES);
export const TicketSourceS = lit(TICKET_SOURCES);
export const TicketUserActionS = lit(TICKET_USER_ACTIONS);

export const TicketCreateBody = Type.Object(
  {
    category: TicketCategoryS,
    title: Text(100, 1),
    description: Type.Optional(Text(2000)),
    sourceType: TicketSourceS,
    sourceId: Type.Optional(Id),
    address: Type.Optional(Text(200)),
    lon: Lon,
    lat: Lat,
    /** Name the department yourself; otherwise the routing table decides. */
    agencyId: Type.Optional(Id),
    photos: Photos,
  },
  { additionalProperties: false },
);
export type TicketCreateBody = Static<typeof TicketCreateBody>;

export const TicketActionBody = Type.Object({ version: Ver, note: Type.Optional(Text(1000)), photos: Photos }, { additionalProperties: false });
export type TicketActionBody = Static<typeof TicketActionBody>;
export const TicketRouteBody = Type.Object({ version: Ver, agencyId: Type.Optional(Id), note: Type.Optional(Text(1000)) }, { additionalProperties: false });
export type TicketRouteBody = Static<typeof TicketRouteBody>;

export const TicketListQuery = Type.Object(
  {
    status: Type.Optional(TicketStatusS),
    category: Type.Optional(TicketCategoryS),
    agencyId: Type.Optional(Id),
    sourceType: Type.Optional(TicketSourceS),
    sourceId: Type.Optional(Id),
    /** Not closed yet (with the department, returned, or awaiting verification). */
    open: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TicketListQuery = Static<typeof TicketListQuery>;

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
export const TicketS = Type.Object({
  id: Type.Integer(),
  status: TicketStatusS,
  version: Type.Integer(),
  category: TicketCategoryS,
  title: Type.String(),
  description: Type.String(),
  sourceType: TicketSourceS,
  sourceId: Nullable(Type.Integer()),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  station: Nullable(Named),
  grid: Nullable(Named),
  agency: Nullable(Named),
  originatorName: Type.String(),
  createdAt: IsoTime,
  sentAt: Nullable(IsoTime),
  receiveDueAt: Nullable(IsoTime),
  dueAt: Nullable(IsoTime),
  receivedAt: Nullable(IsoTime),
  resolvedAt: Nullable(IsoTime),
  verifiedAt: Nullable(IsoTime),
  closedAt: Nullable(IsoTime),
  updatedAt: IsoTime,
  overdue: Type.Boolean(),
  returnCount: Type.Integer(),
  reopenCount: Type.Integer(),
  /** Earlier rounds of a reopened ticket: resolutions, and those on time (they keep counting in the on-time rate). */
  earlierResolved: Type.Integer(),
  earlierOnTime: Type.Integer(),
  /** The supervision ladder's highest step fired against the current due time. */
  supervision: lit(['none', 'overdue', 'reminder', 'yellow', 'red'] as const),
  /** What the caller may do now (for the buttons). */
  allowed: Type.Array(Type.String()),
});
export type Ticket = Static<typeof TicketS>;

export const TicketEventS = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  at: IsoTime,
  actorName: Type.String(),
  agency: Nullable(Named),
  note: Type.String(),
  photoIds: Type.Array(Type.Integer()),
});
export const TicketDetailS = Type.Intersect([TicketS, Type.Object({ events: Type.Array(TicketEventS), photoIds: Type.Array(Type.Integer()) })]);
export type TicketDetail = Static<typeof TicketDetailS>;
/** POST /api/tickets answers the ticket and whether the report reopened a closed one (确保问题不反弹). */
export const TicketCreatedS = Type.Object({ reopened: Type.Boolean(), ticket: TicketDetailS });

export const TicketRuleS = Type.Object({
  id: Type.Integer(),
  category: TicketCategoryS,
  area: Nullable(Named),
  agency: Nullable(Named),
  agencyKind: Nullable(Type.String()),
  receiveHours: Type.Integer(),
  resolveHours: Type.Integer(),
  version: Type.Integer(),
});
export const TicketRuleBody = Type.Object(
  {
    category: TicketCategoryS,
    areaId: Type.Optional(Nullable(Id)),
    agencyId: Id,
    receiveHours: Type.Integer({ minimum: 1, maximum: 8760 }),
    resolveHours: Type.Integer({ minimum: 1, maximum: 8760 }),
    /** The version of the rule being replaced (absent for a new category/area pair). */
    version: Type.Optional(Ver),
  },
  { additionalProperties: false },
);
export type TicketRuleBody = Static<typeof TicketRuleBody>;

export const TicketStatsQuery = Type.Object(
  { from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), by: Type.Optional(lit(['agency', 'station'] as const)) },
  { additionalProperties: false },
);
export const TicketStatsRowS = Type.Object({
  key: Nullable(Type.Integer()),
  name: Type.String(),
  tickets: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  resolved: Type.Integer(),
  onTime: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  returns: Type.Integer(),
  recurrences: Type.Integer(),
  jointPatrol: Type.Integer(),
});
export const TicketStatsS = Type.Object({ from: IsoTime, to: IsoTime, by: lit(['agency', 'station'] as const), rows: Type.Array(TicketStatsRowS) });
export type TicketStats = Static<typeof TicketStatsS>;

// ---------------------------------------------------------------- Open311 GeoReport v2

export const Open311ServiceS = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});
export const Open311RequestS = Type.Object({
  service_request_id: Type.String(),
  status: lit(['open', 'closed'] as const),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: IsoTime,
  updated_datetime: IsoTime,
  expected_datetime: Nullable(IsoTime),
  address: Type.String(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
});
export type Open311Request = Static<typeof Open311RequestS>;
export const Open311PostBody = Type.Object(
  {
    /** Ignored: this server authenticates the session (see docs/api.md). */
    api_key: Type.Optional(Text(200)),
    service_code: TicketCategoryS,
    lat: Lat,
    long: Lon,
    description: Type.Optional(Text(2000)),
    address_string: Type.Optional(Text(200)),
    /** The requester's own reference (kept as the ticket's external reference). */
    device_id: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);
export type Open311PostBody = Static<typeof Open311PostBody>;
export const Open311ListQuery = Type.Object(
  {
    service_request_id: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[0-9]+(,[0-9]+)*$' })),
    service_code: Type.Optional(TicketCategoryS),
    start_date: Type.Optional(IsoTime),
    end_date: Type.Optional(IsoTime),
    status: Type.Optional(lit(['open', 'closed'] as const)),
  },
  { additionalProperties: false },
);
export const Open311PostedS = Type.Array(Type.Object({ service_request_id: Type.String(), service_notice: Nullable(Type.String()), account_id: Nullable(Type.String()) }));
