// Typed wrappers of the HTTP API (docs/api.md). Types come from @jingwang/contracts: the static types it exports or
// `Static<typeof XS>` of its TypeBox schemas (no hand copies here).
import type {
  Static,
  AreaFeatureCollection,
  AreaHistoryS,
  ContactS,
  CoverageFc,
  ReachFc,
  RoadFeatureCollection,
  Area,
  AreaImportPreview,
  AreaImportResult,
  ClientConfig,
  CreateIncidentBody,
  Incident,
  IncidentAction,
  IncidentDetail,
  IncidentList,
  IncidentListQuery,
  RegradeBody,
  TransitionBody,
  LocateResult,
  Person,
  PersonRole,
  RecutBody,
  RecutResult,
  Session,
  StatsSummary,
  Team,
  Unit,
  UnitStaffing,
  AreaKind,
  Compliance,
  ComplianceLevel,
  CreateReinforcementBody,
  Recommendation,
  Reinforcement,
  ReinforcementAction,
  ReinforcementStatus,
  RoadProfileKey,
  Camera,
  CameraCheckBody,
  CheckinBody,
  Checkin,
  CreatePatrolLineBody,
  CreatePatrolPointBody,
  CreateVideoRoundBody,
  EditRouteBody,
  FieldView,
  GeneratePlanBody,
  PatrolFlag,
  PatrolFlagStatus,
  PatrolForce,
  PatrolLine,
  PatrolPlan,
  PatrolPlanStatus,
  PatrolPlanSummary,
  PatrolPoint,
  PatrolReport,
  PlanCandidate,
  PatrolTier,
  RollCall,
  Shift,
  UpdatePatrolLineBody,
  UpdatePatrolPointBody,
  PatrolRetireBody,
  AreaResponseTargetBody,
  VideoRound,
  VideoRoundStatus,
  FraudIntakeBody,
  FraudIntakeResult,
  FraudOutcome,
  FraudStats,
  FraudStatus,
  FraudWarning,
  FraudContactS,
} from '@jingwang/contracts';
import { currentCsrfToken, http, uploadJson, withQuery } from './client';
import { ApiError, toApiError } from './errors';

/** GET /api/areas/:id/history: one entry of an area's change log. */
export type AreaHistoryEntry = Static<typeof AreaHistoryS>[number];

/** GET /api/patrol/plans/:id/candidates: every point, line and cell a route of the plan may take. */
export type { PlanCandidate };

export const api = {
  login: (username: string, password: string) => http.post<Session>('/api/auth/login', { username, password }),
  logout: () => http.post<unknown>('/api/auth/logout', {}),
  me: () => http.get<Session>('/api/auth/me'),
  config: () => http.get<ClientConfig>('/api/config'),

  areas: (q: { kind?: AreaKind; at?: string; includeRetired?: boolean } = {}) => http.get<Area[]>('/api/areas', q),
  area: (id: number) => http.get<Area>(`/api/areas/${id}`),
  areaHistory: (id: number) => http.get<AreaHistoryEntry[]>(`/api/areas/${id}/history`),
  areasGeoJson: (kinds: AreaKind[], signal?: AbortSignal) =>
    http.get<AreaFeatureCollection>('/api/areas/geojson', { kinds: kinds.join(',') }, signal),
  importAreas: (text: string, onProgress: (f: number) => void) => uploadJson<AreaImportResult>('/api/areas/import', text, onProgress),
  previewAreaImport: (text: string, onProgress: (f: number) => void) => uploadJson<AreaImportPreview>('/api/areas/import/preview', text, onProgress),
  recut: (body: RecutBody) => http.post<RecutResult>('/api/areas/recut', body),
  setAreaResponseTarget: (id: number, body: AreaResponseTargetBody) => http.put<Area>(`/api/areas/${id}/response-target`, body),
  locate: (lon: number, lat: number, signal?: AbortSignal) => http.get<LocateResult>('/api/locate', { lon, lat }, signal),
  roads: (signal?: AbortSignal) => http.get<RoadFeatureCollection>('/api/roads/geojson', undefined, signal),

  incidents: (q: IncidentListQuery) => http.get<IncidentList>('/api/incidents', q),
  openIncidents: () => http.get<IncidentList>('/api/incidents', { status: 'open', pageSize: 200 }),
  incident: (id: number) => http.get<IncidentDetail>(`/api/incidents/${id}`),
  createIncident: (body: CreateIncidentBody) => http.post<Incident>('/api/incidents', body),
  contact: (id: number) => http.get<Static<typeof ContactS>>(`/api/incidents/${id}/contact`),
  transition: (id: number, action: IncidentAction, version: number, note?: string, extra: Pick<TransitionBody, 'disposition' | 'reason' | 'transfer'> = {}) =>
    http.post<Incident>(`/api/incidents/${id}/transition`, { action, version, ...(note ? { note } : {}), ...extra }),
  dispatch: (id: number, unitId: number, version: number, note?: string, basis: { token?: string; confirm?: boolean } = {}) =>
    http.post<Incident>(`/api/incidents/${id}/dispatch`, { unitId, version, ...(note ? { note } : {}), ...basis }),
  remark: (id: number, version: number, text: string) => http.post<Incident>(`/api/incidents/${id}/remarks`, { version, text }),
  regrade: (id: number, body: RegradeBody) => http.post<Incident>(`/api/incidents/${id}/grade`, body),

  units: () => http.get<Unit[] | { items: Unit[] }>('/api/units').then(unwrapList),
  unitStaffing: (signal?: AbortSignal) => http.get<UnitStaffing>('/api/units/staffing', undefined, signal),
  teams: () => http.get<Team[] | { items: Team[] }>('/api/teams').then(unwrapList),
  people: (q: { areaId?: number; role?: PersonRole; q?: string; page?: number; pageSize?: number }) =>
    http.get<{ items: Person[]; total: number }>('/api/people', q),
  stats: () => http.get<StatsSummary>('/api/stats/summary'),

  // ---- dispatch: recommendation, reach, coverage, response compliance, reinforcements
  recommendation: (id: number, echelon?: 1 | 2 | 3, signal?: AbortSignal) =>
    http.get<Recommendation>(`/api/incidents/${id}/recommendation`, { echelon }, signal),
  reach: (q: { lon?: number; lat?: number; unitId?: number; profile?: RoadProfileKey; budgets?: number[] }, signal?: AbortSignal) =>
    http.get<ReachFc>('/api/roads/reach', { lon: q.lon, lat: q.lat, unitId: q.unitId, profile: q.profile, budgets: q.budgets?.join(',') }, signal),
  coverage: (budgets: number[] = [180, 300], signal?: AbortSignal) => http.get<CoverageFc>('/api/roads/coverage', { budgets: budgets.join(',') }, signal),
  responseStats: (q: { level?: ComplianceLevel; from?: string; to?: string; by?: ('day' | 'category' | 'priority')[] }, signal?: AbortSignal) =>
    http.get<Compliance>('/api/stats/response', { level: q.level, from: q.from, to: q.to, by: q.by?.length ? q.by.join(',') : undefined }, signal),
  reinforcements: (q: { status?: 'open' | ReinforcementStatus; incidentId?: number } = {}) => http.get<Reinforcement[]>('/api/reinforcements', q),
  requestReinforcement: (incidentId: number, body: CreateReinforcementBody) => http.post<Reinforcement>(`/api/incidents/${incidentId}/reinforcements`, body),
  actOnReinforcement: (id: number, action: ReinforcementAction, version: number, note?: string) =>
    http.post<Reinforcement>(`/api/reinforcements/${id}/action`, { action, version, ...(note ? { note } : {}) }),

  // ---- patrol (docs/patrol.md): reference data, plans, field view, check-ins, flags, roll call, reports
  patrolShifts: () => http.get<Shift[] | { items: Shift[] }>('/api/patrol/shifts').then(unwrapList),
  patrolPoints: (q: { areaId?: number; tier?: PatrolTier; active?: boolean } = {}, signal?: AbortSignal) =>
    http.get<PatrolPoint[] | { items: PatrolPoint[] }>('/api/patrol/points', q, signal).then(unwrapList),
  createPatrolPoint: (body: CreatePatrolPointBody) => http.post<PatrolPoint>('/api/patrol/points', body),
  updatePatrolPoint: (id: number, body: UpdatePatrolPointBody) => http.patch<PatrolPoint>(`/api/patrol/points/${id}`, body),
  /** The printable QR sheet (HTML): opened in a new tab, not fetched. */
  patrolQrSheetUrl: (q: { areaId?: number; tier?: PatrolTier }) => withQuery('/api/patrol/points/qr-sheet', q),
  patrolLines: (q: { areaId?: number; tier?: PatrolTier; active?: boolean } = {}, signal?: AbortSignal) =>
    http.get<PatrolLine[] | { items: PatrolLine[] }>('/api/patrol/lines', q, signal).then(unwrapList),
  createPatrolLine: (body: CreatePatrolLineBody) => http.post<PatrolLine>('/api/patrol/lines', body),
  updatePatrolLine: (id: number, body: UpdatePatrolLineBody) => http.patch<PatrolLine>(`/api/patrol/lines/${id}`, body),
  retirePatrolPoint: (id: number, body: PatrolRetireBody) => http.post<PatrolPoint>(`/api/patrol/points/${id}/retire`, body),
  reactivatePatrolPoint: (id: number, version: number) => http.post<PatrolPoint>(`/api/patrol/points/${id}/reactivate`, { version }),
  retirePatrolLine: (id: number, body: PatrolRetireBody) => http.post<PatrolLine>(`/api/patrol/lines/${id}/retire`, body),
  reactivatePatrolLine: (id: number, version: number) => http.post<PatrolLine>(`/api/patrol/lines/${id}/reactivate`, { version }),
  patrolCameras: (q: { areaId?: number } = {}) => http.get<Camera[] | { items: Camera[] }>('/api/patrol/cameras', q).then(unwrapList),
  patrolForces: (q: { areaId?: number; tier?: PatrolTier } = {}, signal?: AbortSignal) =>
    http.get<PatrolForce[] | { items: PatrolForce[] }>('/api/patrol/forces', q, signal).then(unwrapList),
  patrolPlans: (q: { date?: string; shiftId?: number; tier?: PatrolTier; areaId?: number; status?: PatrolPlanStatus }, signal?: AbortSignal) =>
    http.get<PatrolPlanSummary[] | { items: PatrolPlanSummary[] }>('/api/patrol/plans', q, signal).then(unwrapList),
  generatePatrolPlan: (body: GeneratePlanBody) => http.post<PatrolPlan>('/api/patrol/plans/generate', body),
  patrolPlan: (id: number, signal?: AbortSignal) => http.get<PatrolPlan>(`/api/patrol/plans/${id}`, undefined, signal),
  patrolCandidates: (id: number) => http.get<PlanCandidate[] | { items: PlanCandidate[] }>(`/api/patrol/plans/${id}/candidates`).then(unwrapList),
  editPatrolRoute: (planId: number, routeId: number, body: EditRouteBody) => http.put<PatrolPlan>(`/api/patrol/plans/${planId}/routes/${routeId}`, body),
  publishPatrolPlan: (id: number, version: number) => http.post<PatrolPlan>(`/api/patrol/plans/${id}/publish`, { version }),
  cancelPatrolPlan: (id: number, version: number) => http.post<PatrolPlan>(`/api/patrol/plans/${id}/cancel`, { version }),
  rollCall: (planId: number) => http.post<RollCall>(`/api/patrol/plans/${planId}/roll-call`, {}),
  rollCalls: (planId: number) => http.get<RollCall[] | { items: RollCall[] }>(`/api/patrol/plans/${planId}/roll-calls`).then(unwrapList),
  patrolCheckins: (planId: number, signal?: AbortSignal) =>
    http.get<Checkin[] | { items: Checkin[] }>(`/api/patrol/plans/${planId}/checkins`, undefined, signal).then(unwrapList),
  patrolReport: (planId: number, signal?: AbortSignal) => http.get<PatrolReport>(`/api/patrol/plans/${planId}/report`, undefined, signal),
  patrolField: (unitId?: number, signal?: AbortSignal) => http.get<FieldView>('/api/patrol/field', { unitId }, signal),
  patrolCheckin: (body: CheckinBody) => http.post<Checkin>('/api/patrol/checkins', body),
  patrolPhotoUrl: (id: number) => `/api/patrol/photos/${id}`,
  patrolFlags: (q: { planId?: number; status?: PatrolFlagStatus; date?: string }, signal?: AbortSignal) =>
    http.get<PatrolFlag[] | { items: PatrolFlag[] }>('/api/patrol/flags', q, signal).then(unwrapList),
  ackPatrolFlag: (id: number, version: number) => http.post<PatrolFlag>(`/api/patrol/flags/${id}/acknowledge`, { version }),

  // ---- video patrol
  videoRounds: (q: { date?: string; areaId?: number; status?: VideoRoundStatus }, signal?: AbortSignal) =>
    http.get<VideoRound[] | { items: VideoRound[] }>('/api/video/rounds', q, signal).then(unwrapList),
  createVideoRound: (body: CreateVideoRoundBody) => http.post<VideoRound>('/api/video/rounds', body),
  videoRound: (id: number, signal?: AbortSignal) => http.get<VideoRound>(`/api/video/rounds/${id}`, undefined, signal),
  checkCamera: (roundId: number, cameraId: number, body: CameraCheckBody) =>
    http.post<VideoRound>(`/api/video/rounds/${roundId}/cameras/${cameraId}/check`, body),

  // ---- anti-fraud warnings (docs/fraud.md): intake (JSON, CSV), tasks, clear contact (audited), outcome, follow-up, stats
  fraudIntake: (body: FraudIntakeBody) => http.post<FraudIntakeResult>('/api/fraud/warnings', body),
  fraudImportCsv: (source: string, csv: string) => postText<FraudIntakeResult>(withQuery('/api/fraud/warnings/import', { source }), csv, 'text/csv'),
  fraudWarnings: (q: { status?: FraudStatus; mine?: boolean; overdue?: boolean; areaId?: number } = {}, signal?: AbortSignal) =>
    http.get<FraudWarning[] | { items: FraudWarning[] }>('/api/fraud/warnings', q, signal).then(unwrapList),
  fraudWarning: (id: number, signal?: AbortSignal) => http.get<FraudWarning>(`/api/fraud/warnings/${id}`, undefined, signal),
  fraudContact: (id: number) => http.get<Static<typeof FraudContactS>>(`/api/fraud/warnings/${id}/contact`),
  fraudOutcome: (id: number, body: { version: number; outcome: FraudOutcome; lossAmount?: number; note?: string }) =>
    http.post<FraudWarning>(`/api/fraud/warnings/${id}/outcome`, body),
  fraudFollowup: (id: number, body: { version: number; note: string }) => http.post<FraudWarning>(`/api/fraud/warnings/${id}/followup`, body),
  fraudStats: (q: { from?: string; to?: string; level?: 'station' | 'community' | 'grid' }, signal?: AbortSignal) =>
    http.get<FraudStats>('/api/stats/fraud', q, signal),
};

/** POST a text body of another type than JSON (the CSV intake), with the CSRF header and the API's typed errors. */
async function postText<T>(path: string, text: string, contentType: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
  const token = currentCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: text });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  const raw = await res.text();
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    /* keep the text */
  }
  if (!res.ok) throw toApiError(res.status, body, res.headers.get('x-request-id'));
  return body as T;
}

/** Lists are documented as arrays; accept `{ items }` too so a wrapped answer does not break the page. */
export function unwrapList<T>(x: T[] | { items: T[] }): T[] {
  return Array.isArray(x) ? x : (x?.items ?? []);
}

// ---- forecasts (预测热点), analysis reports (日提醒 / 周研判 / 月分析) and notifications (the bell): docs/forecast.md,
// docs/reports.md. Kept in their own object so the lists above stay as they are.
import type { ForecastLayer, ForecastRun, GenerateReportBody, NotificationListS, Report, ReportKind, ReportSummary } from '@jingwang/contracts';

export const analysisApi = {
  /** On demand (admin, district lead, station lead, dispatcher). */
  runForecast: (body: { districtId: number; date?: string; category?: string }) => http.post<ForecastRun>('/api/forecast/runs', body),
  /** Newest first. */
  forecastRuns: (q: { districtId?: number; limit?: number }, signal?: AbortSignal) =>
    http.get<ForecastRun[] | { items: ForecastRun[] }>('/api/forecast/runs', q, signal).then(unwrapList),
  /** 404 FORECAST_NOT_FOUND when the district has no run for the date. */
  forecastLayer: (q: { areaId: number; date?: string; shiftId?: number; category?: string }, signal?: AbortSignal) => http.get<ForecastLayer>('/api/forecast/layer', q, signal),

  reports: (q: { kind?: ReportKind; areaId?: number; limit?: number }, signal?: AbortSignal) =>
    http.get<ReportSummary[] | { items: ReportSummary[] }>('/api/reports', q, signal).then(unwrapList),
  report: (id: number, signal?: AbortSignal) => http.get<Report>(`/api/reports/${id}`, undefined, signal),
  generateReport: (body: GenerateReportBody) => http.post<Report>('/api/reports', body),
  /** Files sent with the session cookie: plain links (<a href download>), not fetched. */
  reportExportUrl: (id: number, format: 'pdf' | 'xlsx') => `/api/reports/${id}/export.${format}`,

  notifications: (q: { unread?: boolean; limit?: number } = {}, signal?: AbortSignal) =>
    http.get<Static<typeof NotificationListS>>('/api/notifications', q, signal),
  readNotification: (id: number) => http.post<void>(`/api/notifications/${id}/read`, {}),
  readAllNotifications: () => http.post<{ updated: number }>('/api/notifications/read-all', {}),
};

// ---- tasks, supervision (督办), indicators, assessment (考核) and the three screens: docs/tasks.md.
import type {
  Assessment,
  StarDecision,
  StarDecisionBodyT,
  AssignmentBody,
  AssignmentCreatedS,
  BigScreen,
  CompleteTaskBody,
  IndicatorDefT,
  MyScreen,
  MyTasks,
  StationScreen,
  SubjectIndicators,
  Supervision,
  TaskAssignment,
  TaskDetail,
  TaskTemplate,
} from '@jingwang/contracts';

export const tasksApi = {
  myScreen: (q: { date?: string } = {}, signal?: AbortSignal) => http.get<MyScreen>('/api/screens/me', q, signal),
  /** Leaders; a district lead or admin names the station. */
  stationScreen: (q: { stationId?: number; date?: string } = {}, signal?: AbortSignal) => http.get<StationScreen>('/api/screens/station', q, signal),
  /** Not officers. */
  districtScreen: (q: { districtId?: number } = {}, signal?: AbortSignal) => http.get<BigScreen>('/api/screens/district', q, signal),

  /** Leaders: one person's checklist for a local day (default today); 403 OUT_OF_SCOPE outside the leader's scope. */
  personTasks: (personId: number, date?: string, signal?: AbortSignal) => http.get<MyTasks>('/api/tasks/checklist', { personId, ...(date ? { date } : {}) }, signal),
  task: (id: number, signal?: AbortSignal) => http.get<TaskDetail>(`/api/tasks/${id}`, undefined, signal),
  /** 409 STALE_VERSION / TASK_CLOSED; 422 EVIDENCE_INVALID with details [{ field, code, message }]. */
  complete: (id: number, body: CompleteTaskBody) => http.post<TaskDetail>(`/api/tasks/${id}/complete`, body),
  requestExtension: (id: number, body: { version: number; until: string; reason: string }) => http.post<TaskDetail>(`/api/tasks/${id}/extension`, body),
  approveExtension: (id: number, body: { version: number; until?: string; note?: string }) => http.post<TaskDetail>(`/api/tasks/${id}/extension/approve`, body),
  rejectExtension: (id: number, body: { version: number; note?: string }) => http.post<TaskDetail>(`/api/tasks/${id}/extension/reject`, body),
  /** 催办: an urgent instruction to the task's officer, linked to the task. */
  urge: (id: number, text?: string) => http.post<{ instructionId: number; recipients: number }>(`/api/tasks/${id}/urge`, text ? { text } : {}),
  /** Evidence photos are plain <img src> (session cookie; every view audited). */
  photoUrl: (id: number) => `/api/tasks/photos/${id}`,
  supervision: (q: { filter?: 'overdue' | 'yellow' | 'red' | 'extensions'; areaId?: number; personId?: number; limit?: number } = {}, signal?: AbortSignal) =>
    http.get<Supervision>('/api/tasks/supervision', q, signal),

  templates: (q: { category?: string; active?: boolean } = {}, signal?: AbortSignal) =>
    http.get<TaskTemplate[] | { items: TaskTemplate[] }>('/api/tasks/templates', q, signal).then(unwrapList),
  assignments: (q: { templateId?: number; personId?: number; active?: boolean } = {}, signal?: AbortSignal) =>
    http.get<TaskAssignment[] | { items: TaskAssignment[] }>('/api/tasks/assignments', q, signal).then(unwrapList),
  assign: (body: AssignmentBody) => http.post<Static<typeof AssignmentCreatedS>>('/api/tasks/assignments', body),

  indicators: (q: { level: 'officer' | 'grid' | 'station' | 'district'; subjectId: number; period?: string; fresh?: boolean }, signal?: AbortSignal) =>
    http.get<SubjectIndicators>('/api/indicators', q, signal),
  indicatorDefs: (signal?: AbortSignal) => http.get<IndicatorDefT[] | { items: IndicatorDefT[] }>('/api/indicators/defs', undefined, signal).then(unwrapList),
  /** Leaders. */
  assessment: (q: { plan?: string; period?: string; fresh?: boolean } = {}, signal?: AbortSignal) => http.get<Assessment>('/api/assessment', q, signal),
  decideStar: (b: StarDecisionBodyT) => http.post<StarDecision>('/api/assessment/stars/decide', b),
};
