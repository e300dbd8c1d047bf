// The scene's remarks and photos in the command room (issue 13, loose end 1): an officer of the assigned unit sends a
// remark and a photo from the phone; the dispatcher reads the remark on the incident's timeline (who and when), the
// photo's record (GET /api/incidents/:id/photos) and its bytes (audited); an officer of another station reads
// neither (404, the incident's existence does not leak).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import jpeg from 'jpeg-js';
import type { Incident, IncidentDetail, MdtAssignment, MdtPhoto, MdtRemark } from '@jingwang/contracts';
import { PASSWORD, buildWorld, createTestEnv, login, newIncident, type Agent, type TestEnv, type World } from './helpers';
import { closePhotoPool } from '../src/lib/photo';
import { hashPassword } from '../src/modules/auth/service';

let env: TestEnv;
let world: World;
let dispatcher: Agent;
let officer1: Agent;
let officer2: Agent;

before(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const db = env.ctx.db;
  await db.updateTable('users').set({ person_id: world.person.P1! }).where('id', '=', world.user.officer1!).execute();
  await db.insertInto('unit_members').values({ unit_id: world.unit.W01!, person_id: world.person.P1! }).execute();
  // an officer of the other station (东所, S2)
  await db
    .insertInto('users')
    .values({ username: 'officer2', display_name: 'officer2', password_hash: await hashPassword(PASSWORD), role: 'officer', scope_area_id: world.area.S2!, person_id: null })
    .execute();
  await env.ctx.areas.reload();
  dispatcher = await login(env.app, 'dispatcher');
  officer1 = await login(env.app, 'officer1');
  officer2 = await login(env.app, 'officer2');
});
after(async () => {
  await env.close();
  await closePhotoPool();
});

function grayJpeg(): string {
  const data = Buffer.alloc(24 * 16 * 4, 128);
  return `data:image/jpeg;base64,${Buffer.from(jpeg.encode({ data, width: 24, height: 16 }, 80).data).toString('base64')}`;
}

describe('scene remarks and photos in the command room', () => {
  test('the dispatcher reads the remark and the photo; an officer of another station gets 404', async () => {
    const c = await dispatcher.post('/api/incidents', newIncident());
    assert.equal(c.statusCode, 201, c.body);
    const created = c.json() as Incident;
    const d = await dispatcher.post(`/api/incidents/${created.id}/dispatch`, { unitId: world.unit.W01!, version: created.version });
    assert.equal(d.statusCode, 200, d.body);
    const mine = (await officer1.get('/api/mdt/assignments')).json() as MdtAssignment[];
    const assignment = mine.find((a) => a.incidentId === created.id);
    assert.ok(assignment, 'the unit member has the assignment');

    const r = await officer1.post(`/api/mdt/assignments/${assignment.id}/remarks`, { text: '现场两人争执，已分开', photos: [{ dataUrl: grayJpeg() }] });
    assert.equal(r.statusCode, 200, r.body);
    const sent = r.json() as MdtRemark;
    assert.equal(sent.photoIds.length, 1);
    const photoId = sent.photoIds[0]!;

    // the remark on the timeline with who and when; the photos as one event naming them
    const detail = (await dispatcher.get(`/api/incidents/${created.id}`)).json() as IncidentDetail;
    const remark = detail.events.find((e) => e.type === 'remark' && e.note === '现场两人争执，已分开');
    assert.ok(remark, 'the remark is on the timeline');
    assert.equal(remark.actor, 'officer1');
    assert.equal(remark.at, sent.at);
    const photosEvent = detail.events.find((e) => e.type === 'mdt_photos');
    assert.deepEqual((photosEvent?.data as { photoIds?: number[] } | null)?.photoIds, [photoId]);

    // the photo's record and its bytes
    const list = await dispatcher.get(`/api/incidents/${created.id}/photos`);
    assert.equal(list.statusCode, 200, list.body);
    const photos = list.json() as MdtPhoto[];
    assert.equal(photos.length, 1);
    assert.equal(photos[0]!.id, photoId);
    assert.equal(photos[0]!.actor, 'officer1');
    assert.equal(typeof photos[0]!.gallery, 'boolean');
    const audits = async () => (await sql<{ n: number }>`select count(*)::int n from audit_log where action = 'incident_photo.read' and resource_id = ${String(photoId)}`.execute(env.ctx.db)).rows[0]!.n;
    const before = await audits();
    const bytes = await dispatcher.get(`/api/mdt/photos/${photoId}`);
    assert.equal(bytes.statusCode, 200);
    assert.equal(bytes.headers['content-type'], 'image/jpeg');
    assert.ok(bytes.rawPayload.length > 100);
    assert.equal(await audits(), before + 1, 'the view is audited');

    // another station's officer: neither the incident, nor its photos, nor a photo's bytes
    assert.equal((await officer2.get(`/api/incidents/${created.id}`)).statusCode, 404);
    const other = await officer2.get(`/api/incidents/${created.id}/photos`);
    assert.equal(other.statusCode, 404, other.body);
    assert.equal((other.json() as { code: string }).code, 'INCIDENT_NOT_FOUND');
    const otherBytes = await officer2.get(`/api/mdt/photos/${photoId}`);
    assert.equal(otherBytes.statusCode, 404);
    assert.equal((otherBytes.json() as { code: string }).code, 'MDT_PHOTO_NOT_FOUND');
    // the unit's own officer reads them too
    assert.equal(((await officer1.get(`/api/incidents/${created.id}/photos`)).json() as MdtPhoto[]).length, 1);
  });
});
