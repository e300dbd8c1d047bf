// The real time of a field action sent late (issue 13 part 5). The phone's queue sends `X-Client-Time` (ISO-8601,
// the moment the officer acted); the action is recorded at that time when it is plausible: not later than the
// server's clock plus a small skew, not older than MAX_AGE, not before the record it acts on (the caller's floor).
// Otherwise it is recorded at the server's receipt time. An action received more than LATE_AFTER_MS after its
// (accepted) time is late-synced: its events carry late_synced and received_at (补传 on the timeline).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context';
import { validationError } from './errors';

export const CLIENT_TIME_HEADER = 'x-client-time';
/** A phone's clock may run ahead of the server's by this much. */
export const CLIENT_SKEW_MS = 2 * 60_000;
/** An action older than this is recorded at its receipt time. */
export const CLIENT_MAX_AGE_MS = 72 * 3600_000;
/** Received this long after it happened: late-synced. */
export const LATE_AFTER_MS = 60_000;

export interface FieldTime {
  /** When the action is recorded as having happened (ISO). */
  at: string;
  /** When the server received it (ISO). */
  receivedAt: string;
  late: boolean;
  /** The client's claim when it was refused as implausible (for the record), else null. */
  refused: string | null;
}

/** The client's claimed time of the request (header), or null when absent or not a time. */
function claimedTime(req: FastifyRequest): number | null {
  const raw = req.headers[CLIENT_TIME_HEADER];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (typeof v !== 'string' || v.length > 40 || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/**
 * The client's claimed time, strictly: absent = null; present but not an ISO-8601 time with its offset = 400
 * VALIDATION_FAILED naming the header, nothing written (every route that takes it: the phone's status reports and
 * remarks, check-ins, task completion; the outbox always sends a well-formed one). A well-formed claim outside the
 * bounds is recorded at the receipt (fieldTime).
 */
export function clientTime(req: FastifyRequest): number | null {
  const raw = req.headers[CLIENT_TIME_HEADER];
  if (raw === undefined) return null;
  const t = claimedTime(req);
  if (t === null) throw validationError([{ field: CLIENT_TIME_HEADER, message: 'must be an ISO-8601 time with its offset, e.g. 2026-12-07T09:00:00.000Z' }], 'Invalid X-Client-Time');
  return t;
}

/** The time an action is recorded at: the claim when plausible (see above), else the receipt. `floor` in ms. */
export function fieldTime(received: number, claimed: number | null, floor: number | null = null): FieldTime {
  const receivedAt = new Date(received).toISOString();
  if (claimed === null) return { at: receivedAt, receivedAt, late: false, refused: null };
  const plausible = claimed <= received + CLIENT_SKEW_MS && claimed >= received - CLIENT_MAX_AGE_MS && (floor === null || claimed >= floor);
  if (!plausible) return { at: receivedAt, receivedAt, late: false, refused: new Date(claimed).toISOString() };
  const at = Math.min(claimed, received);
  return { at: new Date(at).toISOString(), receivedAt, late: received - at > LATE_AFTER_MS, refused: null };
}

const current = new AsyncLocalStorage<FieldTime>();

/** The late-sync mark of the field action being handled (for the events it appends), or null. */
export function currentLateSync(): { lateSynced: boolean; receivedAt: string | null } {
  const t = current.getStore();
  return t && t.late ? { lateSynced: true, receivedAt: t.receivedAt } : { lateSynced: false, receivedAt: null };
}

/**
 * Runs a field action at its time: the services see a clock stopped at `t.at` (so phase times, events and the
 * 1/3/5 compliance use the real time) and the events appended are marked late-synced when `t.late`.
 */
export function atFieldTime<T>(ctx: Ctx, t: FieldTime, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const at = new Date(t.at);
  return current.run(t, () => fn({ ...ctx, clock: { now: () => new Date(at) } }));
}
