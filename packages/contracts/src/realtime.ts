// WebSocket protocol at GET /api/ws (same session cookie as the REST API).
// The client subscribes by topic and, optionally, area; the server pushes changes.
// After a reconnect the client must resync over REST (GET /api/incidents?status=open, GET /api/units):
// the socket carries changes, not state.
import type { Incident, Position, Unit } from './api';
import type { Checkin, PatrolFlag } from './patrol';
import type { PatrolPlanStatus } from './domain';
import type { MdtAssignment } from './mdt';
import type { MyInstruction } from './instructions';

/** mdt: the assignments of the caller's own unit(s) only (the field terminal), whatever the area. */
export type Topic = 'incidents' | 'units' | 'patrol' | 'mdt';

/** A position-only change of a unit: [unitId, lon, lat, positionAt (ISO), speedKmh, heading]. */
export type UnitMove = [number, number, number, string, number | null, number | null];

export type ClientMessage =
  | { type: 'subscribe'; topics: Topic[]; /** only changes inside this area (and its descendants) */ areaId?: number }
  | { type: 'ping' }
  /**
   * Positions from an AVL gateway (Bearer AVL_TOKEN on the upgrade request) or a dispatcher's socket: the same batch
   * as POST /api/units/positions, acknowledged with positions_ack carrying the same id.
   */
  | { type: 'positions'; id?: string | number; positions: Position[] };

export type ServerMessage =
  | { type: 'hello'; serverTime: string; user: string }
  | { type: 'subscribed'; topics: Topic[]; areaId: number | null }
  /** An incident was created or changed (full row as in GET /api/incidents/:id without events). */
  | { type: 'incident'; incident: Incident }
  /** Unit changes merged by unit id since the last flush (at most every UNIT_FLUSH_MS). */
  | { type: 'units'; units: Unit[] }
  /**
   * Units that only moved (status unchanged), merged like units: [unitId, lon, lat, positionAt, speedKmh, heading].
   * Apply to the unit you have when positionAt is not older than its own; unknown ids wait for the next resync.
   */
  | { type: 'unit_moves'; moves: UnitMove[] }
  /** Topic patrol: a check-in was recorded (geofence, QR or by hand). */
  | { type: 'patrol_checkin'; checkin: Checkin }
  /** Topic patrol: a flag was raised, acknowledged or cleared. */
  | { type: 'patrol_flag'; flag: PatrolFlag }
  /** Topic patrol: a plan was published, edited or cancelled; reload it over REST. */
  | { type: 'patrol_plan'; planId: number; status: PatrolPlanStatus; version: number; areaId: number }
  /** Topic mdt: an assignment of the caller's unit was sent or changed (acknowledged, incident moved on). */
  | { type: 'mdt_assignment'; assignment: MdtAssignment }
  /** Topic mdt: an instruction to the caller was sent or changed (closed); urgent ones wake the phone. */
  | { type: 'instruction'; instruction: MyInstruction }
  | { type: 'pong'; serverTime: string }
  | {
      type: 'positions_ack';
      id: string | number | null;
      accepted: number;
      duplicates: number;
      outOfOrder: number;
      arrivals: number;
      /** Positions refused and not stored (far outside the county), by index; absent when none. */
      rejected?: { index: number; unitId: number; reason: string }[];
    }
  | { type: 'error'; code: string; message: string; id?: string | number | null; details?: unknown };

/** Unit position bursts are merged per unit and flushed at most this often to each client. */
export const UNIT_FLUSH_MS = 250;
