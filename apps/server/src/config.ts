// Configuration: parsed and validated once at start. Nothing else reads process.env.
import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** Folder of the embedded database and generated secrets. */
  dataDir: string;
  /** postgres://... of a PostgreSQL + PostGIS server; null = embedded PGlite under dataDir. */
  databaseUrl: string | null;
  basemapUrl: string | null;
  basemapGcj02: boolean;
  /** Seed the demo county into an empty database. */
  demo: boolean;
  /** In demo mode, keep incidents arriving and units moving. */
  demoLive: boolean;
  /** Speed-up of the demo's incident rate (1 = the county's real rhythm). */
  demoRate: number;
  demoSeed: number;
  /** Positions older than this are stale: shown faded and never used for dispatch. */
  stalePositionSeconds: number;
  /** A dispatched unit whose position comes this close to the scene has arrived (GPS error plus parking). */
  arrivalRadiusM: number;
  /** Local time of the deployment as minutes east of UTC (China: 480, no daylight saving): dates and shift times. */
  utcOffsetMinutes: number;
  /** A patrol team this far from its planned road path for offRouteMinutes is flagged off route. */
  offRouteM: number;
  /** A manual check-in shown to be far from its place: refused (default) or stored unverified (CHECKIN_FAR_FLAG=true). */
  checkinFarFlag: boolean;
  /** A photo taken (EXIF) more than this many minutes before receipt is marked a gallery photo. */
  photoMaxAgeMinutes: number;
  offRouteMinutes: number;
  /** Roll call: a team within this distance of where its plan has it is present. */
  rollCallRadiusM: number;
  /** A fraud warning must be acted on (dissuasion attempted, outcome recorded) within this many minutes. */
  fraudDeadlineMinutes: number;
  /** The follow-up visit after a dissuasion is due this many days after the outcome. */
  fraudFollowupDays: number;
  /** Forecast cell side in metres (the patrol risk grid uses the same cells). */
  forecastCellM: number;
  /** Local hour at which the nightly forecasts and the scheduled reports are made (0-23). */
  forecastHour: number;
  /** Days of incidents a forecast is fitted on. */
  forecastTrainDays: number;
  /** Report exports (PDF, Excel) rendered at once, each in its own worker thread. */
  exportWorkers: number;
  /** Exports that may wait for a worker; one more is refused with 503 EXPORT_BUSY. */
  exportQueue: number;
  /** Optional SMS / IM gateway: every in-app notification is also POSTed here as JSON. null = in-app only. */
  notifyWebhookUrl: string | null;
  /** A dispatch not acknowledged on a phone within this many seconds goes out once more through the webhook (SMS). */
  mdtAckSeconds: number;
  /** An instruction unread this long goes out once more through the notification webhook (SMS fallback). */
  instructionReadSeconds: number;
  /** Track points (unit_positions) older than this are deleted hourly; units keep their last position. */
  positionRetentionHours: number;
  sessionTtlHours: number;
  cookieSecure: boolean;
  /** 32-byte key (hex or base64) for fields encrypted at rest; default: generated once into dataDir. */
  encryptionKey: string | null;
  /** Token that AVL gateways send as `Authorization: Bearer ...` to post positions. */
  avlToken: string | null;
  webDist: string;
  logLevel: string;
}

export class ConfigError extends Error {}

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

function bool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${v}"`);
}

function int(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer in ${min}..${max}, got "${v}"`);
  return n;
}

function num(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number in ${min}..${max}, got "${v}"`);
  return n;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const basemapUrl = env.BASEMAP_URL?.trim() || null;
  if (basemapUrl && !/^https?:\/\/.+\{z\}.+\{[xy]\}/.test(basemapUrl)) {
    throw new ConfigError('BASEMAP_URL must be an XYZ tile URL with {z}, {x} and {y}, e.g. https://tiles.example/{z}/{x}/{y}.png');
  }
  const encryptionKey = env.ENCRYPTION_KEY?.trim() || null;
  if (encryptionKey && Buffer.from(encryptionKey, /^[0-9a-f]{64}$/i.test(encryptionKey) ? 'hex' : 'base64').length !== 32) {
    throw new ConfigError('ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64');
  }
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int('PORT', env.PORT, 8080, 0, 65535),
    dataDir: path.resolve(REPO_ROOT, env.DATA_DIR?.trim() || 'data'),
    databaseUrl,
    basemapUrl,
    basemapGcj02: bool('BASEMAP_GCJ02', env.BASEMAP_GCJ02, false),
    demo: bool('DEMO', env.DEMO, true),
    demoLive: bool('DEMO_LIVE', env.DEMO_LIVE, true),
    demoRate: num('DEMO_RATE', env.DEMO_RATE, 30, 0, 1000),
    demoSeed: int('DEMO_SEED', env.DEMO_SEED, 20261123, 0, 2 ** 31 - 1),
    stalePositionSeconds: int('STALE_POSITION_SECONDS', env.STALE_POSITION_SECONDS, 120, 5, 86400),
    arrivalRadiusM: int('ARRIVAL_RADIUS_M', env.ARRIVAL_RADIUS_M, 60, 10, 1000),
    utcOffsetMinutes: int('UTC_OFFSET_MINUTES', env.UTC_OFFSET_MINUTES, 480, -720, 840),
    offRouteM: int('OFF_ROUTE_M', env.OFF_ROUTE_M, 400, 50, 5000),
    checkinFarFlag: bool('CHECKIN_FAR_FLAG', env.CHECKIN_FAR_FLAG, false),
    photoMaxAgeMinutes: int('PHOTO_MAX_AGE_MINUTES', env.PHOTO_MAX_AGE_MINUTES, 120, 5, 10080),
    offRouteMinutes: int('OFF_ROUTE_MINUTES', env.OFF_ROUTE_MINUTES, 5, 1, 120),
    rollCallRadiusM: int('ROLL_CALL_RADIUS_M', env.ROLL_CALL_RADIUS_M, 800, 50, 10000),
    fraudDeadlineMinutes: int('FRAUD_DEADLINE_MINUTES', env.FRAUD_DEADLINE_MINUTES, 120, 5, 10080),
    fraudFollowupDays: int('FRAUD_FOLLOWUP_DAYS', env.FRAUD_FOLLOWUP_DAYS, 3, 1, 90),
    forecastCellM: int('FORECAST_CELL_M', env.FORECAST_CELL_M, 250, 50, 2000),
    forecastHour: int('FORECAST_HOUR', env.FORECAST_HOUR, 2, 0, 23),
    forecastTrainDays: int('FORECAST_TRAIN_DAYS', env.FORECAST_TRAIN_DAYS, 365, 28, 3650),
    exportWorkers: int('EXPORT_WORKERS', env.EXPORT_WORKERS, 1, 1, 16),
    exportQueue: int('EXPORT_QUEUE', env.EXPORT_QUEUE, 8, 0, 1000),
    notifyWebhookUrl: webhookUrl(env.NOTIFY_WEBHOOK_URL),
    mdtAckSeconds: int('MDT_ACK_SECONDS', env.MDT_ACK_SECONDS, 60, 10, 3600),
    instructionReadSeconds: int('INSTRUCTION_READ_SECONDS', env.INSTRUCTION_READ_SECONDS, 600, 10, 86400),
    // the demo's 40 units would fill the embedded database: keep two days of their track unless told otherwise
    positionRetentionHours: int('POSITION_RETENTION_HOURS', env.POSITION_RETENTION_HOURS, bool('DEMO', env.DEMO, true) ? 48 : 720, 1, 24 * 3650),
    sessionTtlHours: int('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 12, 1, 24 * 30),
    cookieSecure: bool('COOKIE_SECURE', env.COOKIE_SECURE, false),
    encryptionKey,
    avlToken: env.AVL_TOKEN?.trim() || null,
    webDist: path.resolve(REPO_ROOT, env.WEB_DIST?.trim() || 'apps/web/dist'),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
  };
}

function webhookUrl(v: string | undefined): string | null {
  const s = v?.trim();
  if (!s) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ConfigError(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${s}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${s}"`);
  return u.toString();
}
