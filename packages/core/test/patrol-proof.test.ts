import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PROOF_POLICY, exifTime, photoProof, positionProof, PHOTO_MAX_AGE_MS } from '../src/patrol/proof';

const place = { lon: 119.4, lat: 30.2, radiusM: 50 };
const now = Date.UTC(2026, 11, 7, 2, 0, 0);
// ~0.0001 deg lat = 11 m
const at = (dLatM: number) => ({ lon: place.lon, lat: place.lat + dLatM / 111_195 });

test('a claim 11 km away is far, whatever the track says', () => {
  const p = positionProof(place, { ...at(11_300), accuracyM: 20 }, [{ ...at(5), at: now - 60_000 }], now);
  assert.equal(p.verdict, 'far');
  assert.equal(p.reason, 'claim_far');
  assert.ok(Math.abs(p.distanceM! - 11_300) < 5, String(p.distanceM));
  assert.equal(p.allowedM, 70);
});

test('a recent track position within radius + accuracy verifies; the accuracy is capped', () => {
  assert.equal(positionProof(place, null, [{ ...at(80), at: now - 60_000, accuracyM: 40 }], now).verdict, 'verified');
  // 5 km accuracy counts as maxAccuracyM only
  const p = positionProof(place, null, [{ ...at(400), at: now - 60_000, accuracyM: 5000 }], now);
  assert.equal(p.verdict, 'far');
  assert.equal(p.reason, 'track_far');
  assert.equal(p.allowedM, 50 + DEFAULT_PROOF_POLICY.maxAccuracyM);
});

test('no recent track: unverified (old positions are not evidence), never verified', () => {
  const old = [{ ...at(0), at: now - DEFAULT_PROOF_POLICY.trackMaxAgeMs - 1 }];
  const p = positionProof(place, { ...at(10) }, old, now);
  assert.equal(p.verdict, 'unverified');
  assert.equal(p.reason, 'no_track');
  assert.equal(p.trackPoints, 0);
  assert.equal(positionProof(place, null, [], now).distanceM, null);
});

test('a track entirely far refuses a near claim (the device was elsewhere)', () => {
  const p = positionProof(place, { ...at(10) }, [{ ...at(11_000), at: now - 30_000 }, { ...at(9_000), at: now - 90_000 }], now);
  assert.equal(p.verdict, 'far');
  assert.equal(p.reason, 'track_far');
  assert.ok(Math.abs(p.distanceM! - 9000) < 5);
});

test('photo time: receipt is stored; no EXIF or old EXIF is a gallery photo', () => {
  assert.deepEqual(photoProof(null, now), { takenAt: now, exifTakenAt: null, gallery: true, reason: 'no_exif_time' });
  const old = photoProof({ takenAt: now - 12 * 3600_000, lon: null, lat: null }, now);
  assert.equal(old.gallery, true);
  assert.equal(old.reason, 'old');
  assert.equal(old.takenAt, now);
  const fresh = photoProof({ takenAt: now - 5 * 60_000, lon: null, lat: null }, now);
  assert.equal(fresh.gallery, false);
  assert.equal(fresh.exifTakenAt, now - 5 * 60_000);
  assert.equal(photoProof({ takenAt: now - PHOTO_MAX_AGE_MS - 1, lon: null, lat: null }, now).reason, 'old');
  assert.equal(photoProof({ takenAt: now + 3600_000, lon: null, lat: null }, now).reason, 'future');
});

test('EXIF time: local camera time at its offset, else the county offset; junk is null', () => {
  assert.equal(exifTime('2026:12:07 10:00:00', null, 480), Date.UTC(2026, 11, 7, 2, 0, 0));
  assert.equal(exifTime('2026:12:07 10:00:00', '+09:00', 480), Date.UTC(2026, 11, 7, 1, 0, 0));
  assert.equal(exifTime('2026:12:07 10:00:00', '-05:00', 480), Date.UTC(2026, 11, 7, 15, 0, 0));
  assert.equal(exifTime('0000:00:00 00:00:00', null, 480), null);
  assert.equal(exifTime('garbage', null, 480), null);
  assert.equal(exifTime(undefined, null, 480), null);
});
