// Parsing the cut line ("blade") of a split re-cut typed by the user.

/** "lon,lat" per line (or a JSON array of pairs) -> pairs; null when invalid. */
export function parseBlade(text: string): [number, number][] | null {
  const s = text.trim();
  if (!s) return null;
  let pts: unknown;
  if (s.startsWith('[')) {
    try {
      pts = JSON.parse(s);
    } catch {
      return null;
    }
  } else {
    pts = s.split(/\n|;/).map((l) => l.trim()).filter(Boolean).map((l) => l.split(/[,\s]+/).map(Number));
  }
  if (!Array.isArray(pts) || pts.length < 2) return null;
  const out: [number, number][] = [];
  for (const p of pts) {
    if (!Array.isArray(p) || p.length < 2) return null;
    const [x, y] = p as number[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) return null;
    out.push([x, y]);
  }
  return out;
}
