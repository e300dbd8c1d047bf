// Enumerations and catalogues of the domain, shared by server and web.
// Labels are zh-CN first, en-US second.

export const AREA_KINDS = [
  'county',
  'district',
  'station',
  'police_grid',
  'resp_zone',
  'community',
  'grid',
  'patrol_zone',
] as const;
export type AreaKind = (typeof AREA_KINDS)[number];
export const AREA_KIND_LABELS: Record<AreaKind, { zh: string; en: string }> = {
  county: { zh: '县（市、区）', en: 'County' },
  district: { zh: '片区', en: 'District' },
  station: { zh: '派出所辖区', en: 'Station area' },
  police_grid: { zh: '警格', en: 'Police grid' },
  resp_zone: { zh: '警务责任区', en: 'Responsibility zone' },
  community: { zh: '社区/村', en: 'Community / village' },
  grid: { zh: '网格', en: 'Community grid' },
  patrol_zone: { zh: '巡区', en: 'Patrol zone' },
};

/**
 * The kinds an area of each kind may sit under; `null`: it may stand alone (the root of the deployment). Imports
 * are checked against it (a grid under a grid is refused, so the hierarchy is at most as deep as this table).
 */
export const AREA_PARENT_KINDS: Record<AreaKind, readonly (AreaKind | null)[]> = {
  county: [null],
  district: ['county'],
  station: ['county', 'district'],
  police_grid: ['station'],
  resp_zone: ['station', 'police_grid'],
  community: ['county', 'district', 'station'],
  grid: ['community', 'police_grid'],
  patrol_zone: ['county', 'district', 'station', 'police_grid', 'community'],
};

/** How far outside the county's bounding box an area or a position may lie (a unit crossing the border, an enclave). */
export const COUNTY_MARGIN_M = 50_000;

export const AGENCY_KINDS = ['psb', 'station', 'urban_mgmt', 'subdistrict', 'housing', 'market_regulation', 'other_dept'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, { zh: string; en: string }> = {
  psb: { zh: '公安局', en: 'Public security bureau' },
  station: { zh: '派出所', en: 'Police station' },
  urban_mgmt: { zh: '城管', en: 'Urban management' },
  subdistrict: { zh: '街道/乡镇', en: 'Subdistrict / town office' },
  housing: { zh: '住建部门', en: 'Housing and construction' },
  market_regulation: { zh: '市场监管部门', en: 'Market regulation' },
  other_dept: { zh: '其他部门', en: 'Other department' },
};

export const TEAM_KINDS = ['command_room', 'community_team', 'case_team', 'joint_patrol', 'swat_post', 'patrol_team'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TEAM_KIND_LABELS: Record<TeamKind, { zh: string; en: string }> = {
  command_room: { zh: '指挥室', en: 'Command room' },
  community_team: { zh: '社区警务队', en: 'Community team' },
  case_team: { zh: '案件办理队', en: 'Case team' },
  joint_patrol: { zh: '城警联勤队', en: 'Joint patrol (police + urban mgmt)' },
  swat_post: { zh: '快反处突点', en: 'SWAT post' },
  patrol_team: { zh: '巡逻队', en: 'Patrol team' },
};

export const PERSON_ROLES = ['police', 'auxiliary', 'grid_worker', 'assistant', 'mediator', 'urban_mgmt', 'volunteer', 'civic_police'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const PERSON_ROLE_LABELS: Record<PersonRole, { zh: string; en: string }> = {
  police: { zh: '民警', en: 'Police officer' },
  auxiliary: { zh: '辅警', en: 'Auxiliary officer' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  assistant: { zh: '协管员', en: 'Assistant' },
  mediator: { zh: '调解员', en: 'Mediator' },
  urban_mgmt: { zh: '城管队员', en: 'Urban management officer' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  civic_police: { zh: '义警', en: 'Civic volunteer police' },
};

export const POSTS = ['A', 'B', 'C'] as const;
export type Post = (typeof POSTS)[number];

export const UNIT_TYPES = ['patrol_car', 'foot', 'ebike', 'joint_patrol', 'swat_post', 'urban_mgmt_team', 'youth_squad'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const UNIT_TYPE_LABELS: Record<UnitType, { zh: string; en: string }> = {
  patrol_car: { zh: '巡逻车', en: 'Patrol car' },
  foot: { zh: '步巡', en: 'Foot patrol' },
  ebike: { zh: '电动车巡逻', en: 'E-bike patrol' },
  joint_patrol: { zh: '城警联勤', en: 'Joint patrol' },
  swat_post: { zh: '快反点', en: 'SWAT post' },
  // the third echelon only (issue 16 part 4)
  urban_mgmt_team: { zh: '城管综合应急队', en: 'Urban management emergency team' },
  youth_squad: { zh: '青年突击队', en: 'Youth squad' },
};

export const UNIT_STATUSES = ['available', 'dispatched', 'en_route', 'on_scene', 'busy', 'off_duty', 'meal_break', 'out_of_service'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UNIT_STATUS_LABELS: Record<UnitStatus, { zh: string; en: string }> = {
  available: { zh: '空闲', en: 'Available' },
  dispatched: { zh: '已派', en: 'Dispatched' },
  en_route: { zh: '在途', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  busy: { zh: '忙碌', en: 'Busy' },
  off_duty: { zh: '下勤', en: 'Off duty' },
  meal_break: { zh: '就餐', en: 'Meal break' },
  out_of_service: { zh: '停用', en: 'Out of service' },
};
/** The statuses a unit may be set to by hand (on duty = available); the others follow its incident. */
export const MANUAL_UNIT_STATUSES = ['available', 'off_duty', 'meal_break', 'busy', 'out_of_service'] as const;
export type ManualUnitStatus = (typeof MANUAL_UNIT_STATUSES)[number];

export const INCIDENT_SOURCES = ['call_110', 'grid_report', 'patrol', 'video_patrol', 'citizen', 'transfer'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, { zh: string; en: string }> = {
  call_110: { zh: '110报警', en: '110 call' },
  grid_report: { zh: '网格上报', en: 'Grid report' },
  patrol: { zh: '巡逻发现', en: 'Patrol finding' },
  video_patrol: { zh: '视频巡查', en: 'Video patrol' },
  citizen: { zh: '群众来访', en: 'Citizen' },
  transfer: { zh: '转办', en: 'Transfer' },
};

export const INCIDENT_STATUSES = ['new', 'dispatched', 'en_route', 'on_scene', 'resolved', 'closed', 'cancelled', 'transferred'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, { zh: string; en: string }> = {
  new: { zh: '待派', en: 'New' },
  dispatched: { zh: '已派', en: 'Dispatched' },
  en_route: { zh: '在途', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  resolved: { zh: '已处置', en: 'Resolved' },
  closed: { zh: '已结案', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
  transferred: { zh: '已移交', en: 'Transferred' },
};
/** Statuses in which an incident still needs the command room's attention. */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['new', 'dispatched', 'en_route', 'on_scene'];

/** Actions a dispatcher or unit can take on an incident (dispatch has its own endpoint). */
export const INCIDENT_ACTIONS = ['en_route', 'arrive', 'resolve', 'close', 'cancel', 'transfer'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];
export const INCIDENT_ACTION_LABELS: Record<IncidentAction | 'dispatch', { zh: string; en: string }> = {
  dispatch: { zh: '派警', en: 'Dispatch' },
  en_route: { zh: '出发', en: 'En route' },
  arrive: { zh: '到场', en: 'Arrived' },
  resolve: { zh: '处置完毕', en: 'Resolve' },
  close: { zh: '结案', en: 'Close' },
  cancel: { zh: '撤销', en: 'Cancel' },
  transfer: { zh: '移交', en: 'Transfer' },
};

/** Disposition codes (处警结果) given when a call is resolved. */
export const DISPOSITIONS = ['handled', 'mediated', 'referred', 'warned', 'case_opened', 'no_trace', 'false_report', 'duplicate', 'non_police'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const DISPOSITION_LABELS: Record<Disposition, { zh: string; en: string }> = {
  handled: { zh: '已处理', en: 'Handled' },
  mediated: { zh: '调解', en: 'Mediated' },
  referred: { zh: '移交相关部门', en: 'Referred' },
  warned: { zh: '警告教育', en: 'Warned' },
  case_opened: { zh: '受案/立案', en: 'Case opened' },
  no_trace: { zh: '现场未发现', en: 'Nothing found' },
  false_report: { zh: '无效警情', en: 'False report' },
  duplicate: { zh: '重复警情', en: 'Duplicate' },
  non_police: { zh: '非警务求助', en: 'Non-police matter' },
};

/** Why a call is cancelled (撤销原因). */
export const CANCEL_REASONS = ['duplicate', 'false_alarm', 'caller_withdrew', 'entry_error', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
export const CANCEL_REASON_LABELS: Record<CancelReason, { zh: string; en: string }> = {
  duplicate: { zh: '重复报警', en: 'Duplicate call' },
  false_alarm: { zh: '误报', en: 'False alarm' },
  caller_withdrew: { zh: '报警人撤回', en: 'Caller withdrew' },
  entry_error: { zh: '录入错误', en: 'Entry error' },
  other: { zh: '其他', en: 'Other' },
};

/** Priority 1 is the most urgent (key places, violence in progress). */
export const PRIORITIES = [1, 2, 3] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, { zh: string; en: string }> = {
  1: { zh: '一级（紧急）', en: 'P1 (urgent)' },
  2: { zh: '二级', en: 'P2' },
  3: { zh: '三级', en: 'P3' },
};

export const INCIDENT_CATEGORIES = [
  'theft',
  'fraud',
  'fight',
  'dispute',
  'traffic',
  'noise',
  'help',
  'fire',
  'suspicious',
  'public_order',
  'missing_person',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_CATEGORY_LABELS: Record<IncidentCategory, { zh: string; en: string }> = {
  theft: { zh: '盗窃', en: 'Theft' },
  fraud: { zh: '诈骗', en: 'Fraud' },
  fight: { zh: '打架斗殴', en: 'Fight' },
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
  noise: { zh: '噪音扰民', en: 'Noise' },
  help: { zh: '群众求助', en: 'Assistance' },
  fire: { zh: '火情', en: 'Fire' },
  suspicious: { zh: '可疑情况', en: 'Suspicious' },
  public_order: { zh: '治安案件', en: 'Public order' },
  missing_person: { zh: '人员走失', en: 'Missing person' },
  other: { zh: '其他', en: 'Other' },
};

/** The police roles; the bureau's own staff. */
export const POLICE_ROLES = ['admin', 'district_lead', 'station_lead', 'dispatcher', 'officer'] as const;
/**
 * Partner roles (issue 12 part 2): people of other bodies who log in to see and do their own work only: grid workers
 * (网格员), mediators (调解员), 城管 staff, department liaisons (部门联络员: the receiving end of handover tickets) and
 * volunteers (义警). None of them reads incidents, units or the registry; each module grants them what their work needs.
 */
export const PARTNER_ROLES = ['grid_worker', 'mediator', 'urban_mgmt', 'liaison', 'volunteer'] as const;
export const USER_ROLES = [...POLICE_ROLES, ...PARTNER_ROLES] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export const isPartnerRole = (r: string | null | undefined): r is PartnerRole => (PARTNER_ROLES as readonly string[]).includes(r ?? '');
export const USER_ROLE_LABELS: Record<UserRole, { zh: string; en: string }> = {
  admin: { zh: '局管理员', en: 'Bureau administrator' },
  district_lead: { zh: '片区负责人', en: 'District lead' },
  station_lead: { zh: '派出所负责人', en: 'Station lead' },
  dispatcher: { zh: '指挥调度员', en: 'Dispatcher' },
  officer: { zh: '社区民警', en: 'Community officer' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  mediator: { zh: '调解员', en: 'Mediator' },
  urban_mgmt: { zh: '城管队员', en: 'Urban management officer' },
  liaison: { zh: '部门联络员', en: 'Department liaison' },
  volunteer: { zh: '义警志愿者', en: 'Volunteer' },
};

export const RECUT_OPS = ['merge', 'bundle', 'split'] as const;
export type RecutOp = (typeof RECUT_OPS)[number];

// ------------------------------------------------------------------ dispatch (1/3/5-minute response, echelons)

/** Why a unit is ranked where it is (returned by the recommendation; the engine in packages/core/src/dispatch). */
export const DISPATCH_REASONS = [
  'own_grid',
  'own_station',
  'fastest',
  'within_target',
  'tier_1',
  'tier_3',
  'tier_5',
  'beyond_5',
  'straight_line',
  'position_stale',
  'no_position',
  'unreachable',
  'not_available',
  'not_rostered',
  'echelon_not_called',
  'type_needed',
] as const;
export type DispatchReason = (typeof DISPATCH_REASONS)[number];
export const DISPATCH_REASON_LABELS: Record<DispatchReason, { zh: string; en: string }> = {
  own_grid: { zh: '本网格力量', en: 'Own grid' },
  own_station: { zh: '本所力量', en: 'Own station' },
  fastest: { zh: '最快到达', en: 'Fastest' },
  within_target: { zh: '可按时到达', en: 'Within target' },
  tier_1: { zh: '1分钟圈内', en: 'Within 1 min' },
  tier_3: { zh: '3分钟圈内', en: 'Within 3 min' },
  tier_5: { zh: '5分钟圈内', en: 'Within 5 min' },
  beyond_5: { zh: '超过5分钟', en: 'Beyond 5 min' },
  straight_line: { zh: '按直线估算（未导入路网）', en: 'Straight-line estimate (no roads imported)' },
  position_stale: { zh: '定位过期，已排除', en: 'Position stale: excluded' },
  no_position: { zh: '无定位，已排除', en: 'No position: excluded' },
  unreachable: { zh: '道路不可达', en: 'Unreachable by road' },
  not_available: { zh: '非空闲', en: 'Not available' },
  not_rostered: { zh: '值班表上无人在班，已排除', en: 'Nobody on duty per the roster: excluded' },
  echelon_not_called: { zh: '梯队未启动', en: 'Echelon not called' },
  type_needed: { zh: '出警预案所需类型', en: 'Type the run card needs' },
};

export const ECHELON_LABELS: Record<1 | 2 | 3, { zh: string; en: string }> = {
  1: { zh: '第一梯队', en: 'Echelon 1' },
  2: { zh: '第二梯队', en: 'Echelon 2' },
  3: { zh: '第三梯队', en: 'Echelon 3' },
};

export const ESCALATION_REASONS = ['target_missed', 'not_enough_units', 'dispatcher'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
export const ESCALATION_REASON_LABELS: Record<EscalationReason, { zh: string; en: string }> = {
  target_missed: { zh: '第一梯队无法按时到达', en: 'Lower echelons cannot reach in time' },
  not_enough_units: { zh: '力量不足', en: 'Not enough units' },
  dispatcher: { zh: '调度员启动', en: 'Called by the dispatcher' },
};

export const REINFORCEMENT_STATUSES = ['requested', 'accepted', 'fulfilled', 'cancelled'] as const;
export type ReinforcementStatus = (typeof REINFORCEMENT_STATUSES)[number];
export const REINFORCEMENT_STATUS_LABELS: Record<ReinforcementStatus, { zh: string; en: string }> = {
  requested: { zh: '已请求', en: 'Requested' },
  accepted: { zh: '已受理', en: 'Accepted' },
  fulfilled: { zh: '已增援', en: 'Fulfilled' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const REINFORCEMENT_ACTIONS = ['accept', 'fulfil', 'cancel'] as const;
export type ReinforcementAction = (typeof REINFORCEMENT_ACTIONS)[number];

export const ROAD_PROFILE_NAMES = ['car', 'ebike', 'foot'] as const;
export type RoadProfileKey = (typeof ROAD_PROFILE_NAMES)[number];
export const ROAD_PROFILE_LABELS: Record<RoadProfileKey, { zh: string; en: string }> = {
  car: { zh: '驾车', en: 'Car' },
  ebike: { zh: '电动车', en: 'E-bike' },
  foot: { zh: '步行', en: 'On foot' },
};

/** Levels at which response compliance is reported. */
export const COMPLIANCE_LEVELS = ['grid', 'police_grid', 'community', 'station', 'district', 'county'] as const;
export type ComplianceLevel = (typeof COMPLIANCE_LEVELS)[number];

// ---------------------------------------------------------------- patrol (巡防)
/** The three tiers of patrol forces (街面、社区、网格 as in the 双福 article). */
export const PATROL_TIERS = ['street', 'community', 'grid'] as const;
export type PatrolTier = (typeof PATROL_TIERS)[number];
export const PATROL_TIER_LABELS: Record<PatrolTier, { zh: string; en: string }> = {
  street: { zh: '街面巡防', en: 'Street tier' },
  community: { zh: '社区巡防', en: 'Community tier' },
  grid: { zh: '网格巡防', en: 'Grid tier' },
};

/** 必巡点: must be patrolled (passed and looked at); 必到点: must be reached and checked in, with a dwell. */
export const PATROL_POINT_KINDS = ['must_patrol', 'must_arrive'] as const;
export type PatrolPointKind = (typeof PATROL_POINT_KINDS)[number];
export const PATROL_POINT_KIND_LABELS: Record<PatrolPointKind, { zh: string; en: string }> = {
  must_patrol: { zh: '必巡点', en: 'Must-patrol point' },
  must_arrive: { zh: '必到点', en: 'Must-arrive point' },
};

export const PATROL_STOP_KINDS = ['point', 'line', 'cell'] as const;
export type PatrolStopKind = (typeof PATROL_STOP_KINDS)[number];
export const PATROL_STOP_KIND_LABELS: Record<PatrolStopKind, { zh: string; en: string }> = {
  point: { zh: '必巡点位', en: 'Mandatory point' },
  line: { zh: '必巡线', en: 'Must-patrol line' },
  cell: { zh: '风险区块', en: 'Risk cell' },
};

export const PATROL_PLAN_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type PatrolPlanStatus = (typeof PATROL_PLAN_STATUSES)[number];
export const PATROL_PLAN_STATUS_LABELS: Record<PatrolPlanStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  cancelled: { zh: '已作废', en: 'Cancelled' },
};

export const CHECKIN_METHODS = ['geofence', 'qr', 'manual'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];
export const CHECKIN_METHOD_LABELS: Record<CheckinMethod, { zh: string; en: string }> = {
  geofence: { zh: '定位自动打卡', en: 'Geofence' },
  qr: { zh: '扫码打卡', en: 'QR code' },
  manual: { zh: '手动打卡', en: 'By hand' },
};

export const PATROL_FLAG_KINDS = ['off_route', 'missed_point', 'absent'] as const;
export type PatrolFlagKind = (typeof PATROL_FLAG_KINDS)[number];
export const PATROL_FLAG_KIND_LABELS: Record<PatrolFlagKind, { zh: string; en: string }> = {
  off_route: { zh: '偏离路线', en: 'Off route' },
  missed_point: { zh: '漏巡点位', en: 'Missed point' },
  absent: { zh: '点名缺岗', en: 'Absent at roll call' },
};
export const PATROL_FLAG_STATUSES = ['open', 'acknowledged', 'cleared'] as const;
export type PatrolFlagStatus = (typeof PATROL_FLAG_STATUSES)[number];
export const PATROL_FLAG_STATUS_LABELS: Record<PatrolFlagStatus, { zh: string; en: string }> = {
  open: { zh: '待处理', en: 'Open' },
  acknowledged: { zh: '已知悉', en: 'Acknowledged' },
  cleared: { zh: '已消除', en: 'Cleared' },
};

export const ROLL_CALL_RESULTS = ['present', 'away', 'no_position', 'absent'] as const;
export type RollCallResult = (typeof ROLL_CALL_RESULTS)[number];
export const ROLL_CALL_RESULT_LABELS: Record<RollCallResult, { zh: string; en: string }> = {
  present: { zh: '在岗', en: 'Present' },
  away: { zh: '不在计划位置', en: 'Away from plan' },
  no_position: { zh: '无定位', en: 'No position' },
  absent: { zh: '缺岗', en: 'Absent' },
};

export const VIDEO_ROUND_STATUSES = ['scheduled', 'in_progress', 'done'] as const;
export type VideoRoundStatus = (typeof VIDEO_ROUND_STATUSES)[number];
export const VIDEO_ROUND_STATUS_LABELS: Record<VideoRoundStatus, { zh: string; en: string }> = {
  scheduled: { zh: '待巡查', en: 'Scheduled' },
  in_progress: { zh: '巡查中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
};
export const CAMERA_CHECK_RESULTS = ['normal', 'finding', 'offline'] as const;
export type CameraCheckResult = (typeof CAMERA_CHECK_RESULTS)[number];
export const CAMERA_CHECK_RESULT_LABELS: Record<CameraCheckResult, { zh: string; en: string }> = {
  normal: { zh: '正常', en: 'Normal' },
  finding: { zh: '发现问题', en: 'Finding' },
  offline: { zh: '离线/无画面', en: 'Offline' },
};

// ---------------------------------------------------------------- anti-fraud warnings (预警 -> 劝阻 -> 回访)
export const FRAUD_STATUSES = ['accepted', 'rejected', 'closed', 'followed_up'] as const;
export type FraudStatus = (typeof FRAUD_STATUSES)[number];
export const FRAUD_STATUS_LABELS: Record<FraudStatus, { zh: string; en: string }> = {
  accepted: { zh: '待劝阻', en: 'To dissuade' },
  rejected: { zh: '已退回', en: 'Rejected' },
  closed: { zh: '已处置', en: 'Handled' },
  followed_up: { zh: '已回访', en: 'Followed up' },
};
export const FRAUD_REJECT_REASONS = ['no_location', 'outside_jurisdiction', 'no_officer', 'duplicate'] as const;
export type FraudRejectReason = (typeof FRAUD_REJECT_REASONS)[number];
export const FRAUD_REJECT_REASON_LABELS: Record<FraudRejectReason, { zh: string; en: string }> = {
  no_location: { zh: '无坐标，无法定位', en: 'No location' },
  outside_jurisdiction: { zh: '不在本辖区', en: 'Outside the jurisdiction' },
  no_officer: { zh: '网格无责任民警', en: 'No responsible officer' },
  duplicate: { zh: '重复预警', en: 'Duplicate' },
};
export const FRAUD_OUTCOMES = ['dissuaded', 'reached_not_dissuaded', 'money_lost', 'unreachable'] as const;
export type FraudOutcome = (typeof FRAUD_OUTCOMES)[number];
export const FRAUD_OUTCOME_LABELS: Record<FraudOutcome, { zh: string; en: string }> = {
  dissuaded: { zh: '劝阻成功', en: 'Dissuaded' },
  reached_not_dissuaded: { zh: '已见面未劝住', en: 'Reached, not dissuaded' },
  money_lost: { zh: '已被骗', en: 'Money lost' },
  unreachable: { zh: '无法联系', en: 'Unreachable' },
};
