// Proof that holds (issue 13 part 4), pure: is a check-in (or a task's evidence position) where it says it is, and
// when was a photo taken? The server answers from its own evidence, never from the browser's word alone:
//   - a position is checked against the place (its radius plus the reported accuracy, capped) AND the unit's own
//     recent track (the positions its device reported in the last minutes, each with its age and accuracy);
//   - a photo's time is the server's receipt; the image's own EXIF time (and GPS) is kept beside it, and a photo with
//     no EXIF time or one taken long before receipt is a gallery photo, marked as such.
import { haversineMeters } from '../geo/measure';

export interface ProofPolicy {
  /** Track positions older than this (before the check-in) are not evidence, ms. */
  trackMaxAgeMs: number;
  /** A reported accuracy counts at most this much, m (a 5 km "accuracy" must not widen the fence by 5 km). */
  maxAccuracyM: number;
  /** A check-in shown to be far from the place: refused (409 CHECKIN_TOO_FAR), or stored as unverified. */
  far: 'refuse' | 'flag';
}

export const DEFAULT_PROOF_POLICY: ProofPolicy = { trackMaxAgeMs: 10 * 60_000, maxAccuracyM: 100, far: 'refuse' };

export interface ProofFix {
  lon: number;
  lat: number;
  /** epoch ms */
  at: number;
  accuracyM?: number | null;
}

/**
 * verified: a recent position of the unit's device is within the place's fence (and the claimed position, if any,
 * too): counts as a visit. unverified: nothing shows it is far, nothing shows it is there (no recent track): stored,
 * flagged, not counted. far: the claimed position or the whole recent track is outside the fence.
 */
export type ProofVerdict = 'verified' | 'unverified' | 'far';
export type ProofReason = 'track_near' | 'no_track' | 'claim_far' | 'track_far';

export interface PositionProof {
  verdict: ProofVerdict;
  reason: ProofReason;
  /** The nearest evidence's distance from the place, m (claim or track), rounded; null with no evidence at all. */
  distanceM: number | null;
  /** The fence used for that evidence: radius + accuracy (capped), m. */
  allowedM: number | null;
  /** Recent track positions considered. */
  trackPoints: number;
}

const allowed = (radius: number, acc: number | null | undefined, p: ProofPolicy): number => radius + Math.min(Math.max(acc ?? 0, 0), p.maxAccuracyM);

/**
 * Check a position claim (optional) against a place and the unit's recent track. `track` may hold any positions;
 * those within [now - trackMaxAgeMs, now + 1 min] count.
 */
export function positionProof(
  place: { lon: number; lat: number; radiusM: number },
  claim: { lon: number; lat: number; accuracyM?: number | null } | null,
  track: readonly ProofFix[],
  now: number,
  policy: ProofPolicy = DEFAULT_PROOF_POLICY,
): PositionProof {
  const recent = track.filter((f) => f.at >= now - policy.trackMaxAgeMs && f.at <= now + 60_000);
  if (claim) {
    const d = haversineMeters(claim.lon, claim.lat, place.lon, place.lat);
    const a = allowed(place.radiusM, claim.accuracyM, policy);
    if (d > a) return { verdict: 'far', reason: 'claim_far', distanceM: Math.round(d), allowedM: a, trackPoints: recent.length };
  }
  if (recent.length === 0) {
    if (!claim) return { verdict: 'unverified', reason: 'no_track', distanceM: null, allowedM: null, trackPoints: 0 };
    const d = haversineMeters(claim.lon, claim.lat, place.lon, place.lat);
    return { verdict: 'unverified', reason: 'no_track', distanceM: Math.round(d), allowedM: allowed(place.radiusM, claim.accuracyM, policy), trackPoints: 0 };
  }
  // the track position with the most slack (distance minus its fence)
  let best = { d: Infinity, a: 0, slack: Infinity };
  for (const f of recent) {
    const d = haversineMeters(f.lon, f.lat, place.lon, place.lat);
    const a = allowed(place.radiusM, f.accuracyM, policy);
    if (d - a < best.slack) best = { d, a, slack: d - a };
  }
  if (best.slack <= 0) return { verdict: 'verified', reason: 'track_near', distanceM: Math.round(best.d), allowedM: best.a, trackPoints: recent.length };
  return { verdict: 'far', reason: 'track_far', distanceM: Math.round(best.d), allowedM: best.a, trackPoints: recent.length };
}

// ---------------------------------------------------------------- photos

/** A photo taken more than this before the server received it is a gallery photo (2 h). */
export const PHOTO_MAX_AGE_MS = 2 * 3600_000;

export interface PhotoExif {
  /** DateTimeOriginal as epoch ms (null: none, or unreadable). */
  takenAt: number | null;
  lon: number | null;
  lat: number | null;
}

export type PhotoReason = 'no_exif_time' | 'old' | 'future';
export interface PhotoProof {
  /** The time stored as the photo's: the server's receipt, epoch ms. */
  takenAt: number;
  exifTakenAt: number | null;
  /** A gallery (or unverifiable) photo: no EXIF time, taken more than maxAgeMs before receipt, or after it. */
  gallery: boolean;
  reason: PhotoReason | null;
}

/**
 * A photo's time: the server's receipt; the EXIF time beside it. The browser's `takenAt` is never the evidence (it is
 * the phone's clock or a file's date): it is kept by the caller for the record only.
 */
export function photoProof(exif: PhotoExif | null, receivedAt: number, maxAgeMs = PHOTO_MAX_AGE_MS): PhotoProof {
  const t = exif?.takenAt ?? null;
  let reason: PhotoReason | null = null;
  if (t === null) reason = 'no_exif_time';
  else if (t < receivedAt - maxAgeMs) reason = 'old';
  // a camera clock a few minutes fast is common; a photo "taken" long after its receipt is not believable
  else if (t > receivedAt + 10 * 60_000) reason = 'future';
  return { takenAt: receivedAt, exifTakenAt: t, gallery: reason !== null, reason };
}

/**
 * EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS", local camera time, no zone) to epoch ms: with its OffsetTimeOriginal
 * ("+08:00") when the camera wrote one, else at `utcOffsetMinutes` (the county's). Null when unreadable.
 */
export function exifTime(value: string | null | undefined, offset: string | null | undefined, utcOffsetMinutes: number): number | null {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value ?? '');
  if (!m) return null;
  let off = utcOffsetMinutes;
  const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset ?? '');
  if (o) off = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s) - off * 60_000;
}
