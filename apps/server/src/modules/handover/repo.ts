// SQL of the shift handover log (交接班, issue 14).
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/client';
import type { DB } from '../../db/schema';
import { updateVersioned } from '../../db/versioned';

type Q = Db | Transaction<DB>;

export interface HandoverRow {
  id: number;
  area_id: number;
  day: string;
  shift: string;
  status: string;
  version: number;
  notes: string;
  open_summary: unknown;
  written_by: number | null;
  written_by_name: string;
  written_at: string;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  acknowledged_at: string | null;
  ack_note: string | null;
}

const COLS = sql`h.id, h.area_id, to_char(h.day, 'YYYY-MM-DD') as day, h.shift, h.status, h.version, h.notes, h.open_summary,
  h.written_by, h.written_by_name, h.written_at, h.acknowledged_by, h.acknowledged_by_name, h.acknowledged_at, h.ack_note`;

export async function insertHandover(
  db: Q,
  h: { areaId: number; day: string; shift: string; notes: string; openSummary: unknown; writtenBy: number | null; writtenByName: string; writtenAt: string },
): Promise<number> {
  const r = await db
    .insertInto('shift_handovers')
    .values({
      area_id: h.areaId,
      day: h.day,
      shift: h.shift,
      notes: h.notes,
      open_summary: JSON.stringify(h.openSummary),
      written_by: h.writtenBy,
      written_by_name: h.writtenByName,
      written_at: h.writtenAt,
      acknowledged_by: null,
      acknowledged_by_name: null,
      acknowledged_at: null,
      ack_note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function getHandover(db: Q, id: number): Promise<HandoverRow | null> {
  const r = await sql<HandoverRow>`select ${COLS} from shift_handovers h where h.id = ${id}`.execute(db);
  return r.rows[0] ?? null;
}

/** The handovers of a day in some areas (null: every area), in the order they were written. */
export async function listHandovers(db: Q, day: string, areaIds: number[] | null): Promise<HandoverRow[]> {
  const r = await sql<HandoverRow>`select ${COLS} from shift_handovers h
    where h.day = ${day}::date and (${areaIds}::int[] is null or h.area_id = any(${areaIds}::int[]))
    order by h.written_at, h.id`.execute(db);
  return r.rows;
}

/** The next shift's acknowledgement, under optimistic concurrency from `written` (409 STALE_VERSION). */
export async function acknowledge(db: Q, id: number, version: number, a: { by: number | null; byName: string; at: string; note: string | null }): Promise<number> {
  return updateVersioned(
    db,
    'shift_handovers',
    id,
    { status: 'acknowledged', acknowledged_by: a.by, acknowledged_by_name: a.byName, acknowledged_at: a.at, ack_note: a.note },
    { version, from: 'written' },
  );
}
