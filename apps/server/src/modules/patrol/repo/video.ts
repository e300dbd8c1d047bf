// SQL of video patrol rounds: a round over cameras of an area, each camera ticked off once.
import { sql } from 'kysely';
import type { Conn } from './reference';

export interface RoundRow {
  id: number;
  area_id: number;
  scheduled_at: string;
  status: string;
  version: number;
}

export async function roundRow(db: Conn, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('video_rounds').select(['id', 'area_id', 'scheduled_at', 'status', 'version']).where('id', '=', id).executeTakeFirst() as Promise<RoundRow | undefined>;
}

export interface RoundCameraRow {
  camera_id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  view_url: string | null;
  result: string | null;
  note: string | null;
  checked_at: string | null;
  checked_by_name: string | null;
  incident_id: number | null;
  incident_number: string | null;
}

/** A round's cameras in their order, with their results and the incident a finding opened. */
export async function roundCameras(db: Conn, roundId: number): Promise<RoundCameraRow[]> {
  return db
    .selectFrom('video_round_cameras as v')
    .innerJoin('cameras as c', 'c.id', 'v.camera_id')
    .leftJoin('incidents as i', 'i.id', 'v.incident_id')
    .select([
      'v.camera_id',
      'c.code',
      'c.name',
      sql<number>`st_x(c.geom)`.as('lon'),
      sql<number>`st_y(c.geom)`.as('lat'),
      'c.view_url',
      'v.result',
      'v.note',
      'v.checked_at',
      'v.checked_by_name',
      'v.incident_id',
      'i.number as incident_number',
    ])
    .where('v.round_id', '=', roundId)
    .orderBy('v.position')
    .execute() as Promise<RoundCameraRow[]>;
}

/** Ids of rounds scheduled in [from, to) (epoch ms, when given), of some areas, of a status; by time. */
export async function roundIds(db: Conn, q: { from?: number; to?: number; areaIds?: number[]; status?: string }): Promise<number[]> {
  let qb = db.selectFrom('video_rounds').select('id');
  if (q.from !== undefined) qb = qb.where('scheduled_at', '>=', new Date(q.from).toISOString());
  if (q.to !== undefined) qb = qb.where('scheduled_at', '<', new Date(q.to).toISOString());
  if (q.areaIds) qb = qb.where('area_id', 'in', q.areaIds);
  if (q.status) qb = qb.where('status', '=', q.status);
  return (await qb.orderBy('scheduled_at').orderBy('id').limit(200).execute()).map((r) => r.id);
}

export async function insertRound(db: Conn, r: { areaId: number; scheduledAt: string; byName: string; cameraIds: number[] }): Promise<number> {
  const round = await db.insertInto('video_rounds').values({ area_id: r.areaId, scheduled_at: r.scheduledAt, created_by_name: r.byName }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('video_round_cameras')
    .values(r.cameraIds.map((id, i) => ({ round_id: round.id, camera_id: id, position: i, result: null, note: null, checked_at: null, checked_by_name: null, incident_id: null })))
    .execute();
  return round.id;
}

export async function roundCamera(db: Conn, roundId: number, cameraId: number): Promise<{ result: string | null } | undefined> {
  return db.selectFrom('video_round_cameras').select('result').where('round_id', '=', roundId).where('camera_id', '=', cameraId).executeTakeFirst();
}

/** Tick a camera off, once: false when someone checked it first. */
export async function checkRoundCamera(
  db: Conn,
  roundId: number,
  cameraId: number,
  c: { result: string; note: string | null; at: string; byName: string; incidentId: number | null },
): Promise<boolean> {
  const res = await db
    .updateTable('video_round_cameras')
    .set({ result: c.result, note: c.note, checked_at: c.at, checked_by_name: c.byName, incident_id: c.incidentId })
    .where('round_id', '=', roundId)
    .where('camera_id', '=', cameraId)
    .where('result', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A round's status from its cameras: done when every one is checked, else in progress. */
export async function settleRound(db: Conn, roundId: number): Promise<void> {
  const left = await db.selectFrom('video_round_cameras').select(sql<number>`count(*)::int`.as('n')).where('round_id', '=', roundId).where('result', 'is', null).executeTakeFirstOrThrow();
  await db
    .updateTable('video_rounds')
    .set({ status: left.n === 0 ? 'done' : 'in_progress', version: sql`version + 1` })
    .where('id', '=', roundId)
    .execute();
}
