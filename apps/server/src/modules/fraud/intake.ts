// Intake of the anti-fraud centre's warnings, by API (JSON) or CSV. A warning is located and routed to the responsible
// police officer of its community grid (the same rule as incidents: grid, community, police grid, responsibility
// zone; post A first) as a dissuasion task due FRAUD_DEADLINE_MINUTES later, or rejected with a reason the centre
// gets back (no_location, outside_jurisdiction, no_officer, duplicate).
//
// A batch is all or nothing (issue 19, defect 6): every field is checked before anything is written (a bad one is a
// 400 naming `/warnings/<i>/<field>`, or `/rows/<n>/<field>` in a CSV), then the whole batch is written in one
// transaction, so a failure further down leaves nothing half-written. Within an accepted batch each warning gets its
// own answer: accepted, or rejected with a reason.
import { parse } from 'csv-parse/sync';
import {
  FraudWarningIn as FraudWarningInS,
  maskName,
  maskPhone,
  type FieldError,
  type FraudIntakeBody,
  type FraudIntakeResult,
  type FraudRejectReason,
  type FraudWarningIn,
} from '@jingwang/contracts';
import type { Transaction } from 'kysely';
import type { Ctx } from '../../context';
import type { DB } from '../../db/schema';
import { AppError, validationError } from '../../lib/errors';
import { fieldErrors, makeAjv } from '../../lib/validation';
import { audit } from '../audit/service';
import { authorize, inScope, type Actor } from '../auth/policy';
import * as repo from './repo';

type Result = FraudIntakeResult['results'][number];
/** The JSON pointer of a field of the i-th warning (0-based) as the client sent it. */
type FieldOf = (i: number, field: string) => string;
const jsonField: FieldOf = (i, f) => `/warnings/${i}/${f}`;
const csvField: FieldOf = (i, f) => `/rows/${i + 1}/${f}`;

const TEXT_FIELDS = ['externalId', 'fraudType', 'personName', 'phone', 'address'] as const;

/** JavaScript reads 2026-02-30 as 2 March (PostgreSQL refuses it): the date written must be the date meant. */
function realCalendarDay(t: string): boolean {
  const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/**
 * What the schema cannot say and PostgreSQL or the routing would refuse later: both coordinates or neither, a
 * warning time on a real calendar day and not in the future, no NUL character in a text (PostgreSQL text cannot
 * hold it; the HTTP edge refuses it too, this guards every other caller). All of the batch, every field named.
 */
function check(warnings: readonly FraudWarningIn[], now: Date, fieldOf: FieldOf): void {
  const errors: FieldError[] = [];
  warnings.forEach((w, i) => {
    if ((w.lon === undefined) !== (w.lat === undefined)) errors.push({ field: fieldOf(i, w.lon === undefined ? 'lon' : 'lat'), message: 'give both lon and lat, or neither' });
    if (!realCalendarDay(w.warnedAt)) errors.push({ field: fieldOf(i, 'warnedAt'), message: 'is not a real calendar date' });
    else if (Date.parse(w.warnedAt) > now.getTime() + 5 * 60_000) errors.push({ field: fieldOf(i, 'warnedAt'), message: 'is in the future' });
    for (const k of TEXT_FIELDS) if (w[k]?.includes('\u0000')) errors.push({ field: fieldOf(i, k), message: 'contains a NUL character' });
  });
  if (errors.length) throw validationError(errors);
}

async function intakeOne(ctx: Ctx, tx: Transaction<DB>, actor: Actor, source: string, w: FraudWarningIn, now: Date): Promise<Result> {
  const dup = await repo.findBySourceAndExternalId(tx, source, w.externalId);
  if (dup !== null) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: dup, deadlineAt: null };
  let reason: FraudRejectReason | null = null;
  let located: repo.Location = { grid_id: null, community_id: null, station_id: null, area_ids: [], officer_id: null };
  if (w.lon === undefined || w.lat === undefined) reason = 'no_location';
  else {
    const { county_id, ...l } = await repo.locate(tx, w.lon, w.lat, now.toISOString());
    located = l;
    if (county_id === null) reason = 'outside_jurisdiction';
    else if (l.officer_id === null) reason = 'no_officer';
  }
  if (reason === null && !inScope(actor, ctx.areas.tree(), located.area_ids)) reason = 'outside_jurisdiction';
  const deadline = reason === null ? new Date(now.getTime() + ctx.config.fraudDeadlineMinutes * 60_000).toISOString() : null;
  const id = await repo.insertWarning(tx, {
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
    lon: w.lon ?? null,
    lat: w.lat ?? null,
    ...located,
    deadline_at: deadline,
  });
  if (id === null) return { externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null };
  return { externalId: w.externalId, status: reason === null ? 'accepted' : 'rejected', reason, warningId: id, deadlineAt: deadline };
}

async function intakeBatch(ctx: Ctx, actor: Actor, source: string, warnings: readonly FraudWarningIn[], fieldOf: FieldOf): Promise<FraudIntakeResult> {
  const now = ctx.clock.now();
  check(warnings, now, fieldOf);
  const results = await ctx.db.transaction().execute(async (tx) => {
    const seen = new Set<string>();
    const out: Result[] = [];
    for (const w of warnings) {
      if (seen.has(w.externalId)) {
        out.push({ externalId: w.externalId, status: 'rejected', reason: 'duplicate', warningId: null, deadlineAt: null });
        continue;
      }
      seen.add(w.externalId);
      out.push(await intakeOne(ctx, tx, actor, source, w, now));
    }
    const accepted = out.filter((r) => r.status === 'accepted').length;
    await audit(tx, actor, 'fraud.intake', 'fraud_warning', null, { source, received: warnings.length, accepted });
    return out;
  });
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { results, accepted, rejected: results.length - accepted };
}

/** The JSON intake (`POST /api/fraud/warnings`). */
export async function intake(ctx: Ctx, actor: Actor, body: FraudIntakeBody): Promise<FraudIntakeResult> {
  authorize(actor, 'fraud.intake');
  return intakeBatch(ctx, actor, body.source, body.warnings, jsonField);
}

const checkRow = makeAjv(false).compile(FraudWarningInS);

/** The CSV intake (`POST /api/fraud/warnings/import?source=X`): rows checked like the JSON body, named `/rows/<n>`. */
export async function importCsv(ctx: Ctx, actor: Actor, source: string, text: string): Promise<FraudIntakeResult> {
  authorize(actor, 'fraud.intake');
  const rows = parseWarningsCsv(text);
  const errors: FieldError[] = [];
  rows.forEach((r, i) => {
    if (!checkRow(r)) errors.push(...fieldErrors(checkRow.errors ?? [], 'body').map((e) => ({ ...e, field: `/rows/${i + 1}${e.field}` })));
  });
  if (errors.length) throw validationError(errors);
  return intakeBatch(ctx, actor, source, rows, csvField);
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
