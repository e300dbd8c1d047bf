// Union of polygons that tile the plane edge to edge and share exact vertices (a "cell complex"), as used to build
// communities, station areas and zones from the demo county's fine grid cells.
//
// Method: every ring contributes its directed edges (outer rings counter-clockwise, holes clockwise, so the interior
// is always on the left). An edge shared by two neighbouring cells appears once in each direction and cancels. The
// remaining edges are exactly the boundary of the union. They are chained into rings; where several boundary edges
// leave one vertex (two parts touching at a corner), the walk takes the sharpest left turn, which keeps such parts
// apart, and any ring that still visits a vertex twice is split there, so every ring is simple, as OGC validity
// (PostGIS ST_IsValid) requires: parts that touch at a point become separate polygons, and a hole touching its
// shell at a point becomes a separate hole ring.
// Rings with positive area are shells; rings with negative area are holes and go to the smallest shell containing
// them. Collinear vertices are kept (they are the cells' shared vertices); zero-length edges never appear.
//
// This is not a general polygon clipper: cells that overlap, or that meet along an edge without sharing its
// vertices (T-junctions), are not merged correctly.

import { closedLength, ringSignedAreaPlanar } from './measure';
import { pointInRing } from './pip';
import type { MultiPolygonPolys, PolygonCoords, Position } from './types';

type Pt = [number, number];

function isMulti(c: PolygonCoords | MultiPolygonPolys): c is MultiPolygonPolys {
  const first = c[0];
  const firstOfFirst = first ? first[0] : undefined;
  return firstOfFirst !== undefined && Array.isArray(firstOfFirst[0]);
}

/** Rotate a ring (open, no closing point) so it starts at its lowest-lon, then lowest-lat vertex, and close it. */
function canonicalClosed(ring: Pt[]): Pt[] {
  let k = 0;
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i]!;
    const b = ring[k]!;
    if (p[0] < b[0] || (p[0] === b[0] && p[1] < b[1])) k = i;
  }
  const out = ring.slice(k).concat(ring.slice(0, k));
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

/**
 * Split a closed vertex sequence that visits some vertex more than once into simple loops. (The left-turn rule
 * keeps parts that touch at a corner apart, but a hole that touches its own shell at a vertex still comes out as
 * one self-touching ring; splitting it there gives the shell and the hole.)
 */
function splitAtRepeats(seq: readonly number[]): number[][] {
  const loops: number[][] = [];
  const stack: number[] = [];
  const pos = new Map<number, number>();
  for (const v of seq) {
    const k = pos.get(v);
    if (k !== undefined) {
      const loop = stack.splice(k);
      for (const x of loop) pos.delete(x);
      loops.push(loop);
    }
    pos.set(v, stack.length);
    stack.push(v);
  }
  loops.push(stack);
  return loops;
}

function comparePt(a: Position, b: Position): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * Union of edge-adjacent cells (Polygon or MultiPolygon coordinates) that share exact vertices.
 * Returns MultiPolygon coordinates: shells counter-clockwise, holes clockwise, every ring closed; polygons are
 * ordered by their first (lowest-lon) vertex, so the result does not depend on the order of the input cells.
 */
export function unionCells(cells: readonly (PolygonCoords | MultiPolygonPolys)[]): Pt[][][] {
  // 1. Vertex ids by exact coordinates.
  const ids = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const vid = (p: Position): number => {
    const key = `${p[0]},${p[1]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = xs.length;
      ids.set(key, id);
      xs.push(p[0]);
      ys.push(p[1]);
    }
    return id;
  };

  // 2. Directed edges with cancellation of opposite pairs.
  const rings: number[][] = [];
  const addRing = (ring: readonly Position[], shell: boolean): void => {
    const n = closedLength(ring);
    const seq: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = vid(ring[i]!);
      if (seq.length === 0 || seq[seq.length - 1] !== id) seq.push(id);
    }
    while (seq.length > 1 && seq[0] === seq[seq.length - 1]) seq.pop();
    if (seq.length < 3) return;
    const area = ringSignedAreaPlanar(ring);
    if (area === 0) return;
    if (area > 0 !== shell) seq.reverse();
    rings.push(seq);
  };
  for (const cell of cells) {
    const polys: readonly PolygonCoords[] = isMulti(cell) ? cell : [cell];
    for (const poly of polys) poly.forEach((ring, i) => addRing(ring, i === 0));
  }

  const nV = xs.length;
  const count = new Map<number, number>(); // key u * nV + v -> multiplicity (after cancellation)
  const order: number[] = []; // first-seen order of keys, for determinism
  for (const seq of rings) {
    for (let i = 0; i < seq.length; i++) {
      const u = seq[i]!;
      const v = seq[(i + 1) % seq.length]!;
      const rev = v * nV + u;
      const rc = count.get(rev) ?? 0;
      if (rc > 0) {
        count.set(rev, rc - 1);
        continue;
      }
      const key = u * nV + v;
      const c = count.get(key) ?? 0;
      if (c === 0 && !count.has(key)) order.push(key);
      count.set(key, c + 1);
    }
  }

  // 3. Remaining boundary edges, grouped by source vertex.
  const eu: number[] = [];
  const ev: number[] = [];
  for (const key of order) {
    const c = count.get(key) ?? 0;
    const u = Math.floor(key / nV);
    const v = key - u * nV;
    for (let k = 0; k < c; k++) {
      eu.push(u);
      ev.push(v);
    }
  }
  const outEdges = new Map<number, number[]>();
  for (let e = 0; e < eu.length; e++) {
    const list = outEdges.get(eu[e]!);
    if (list) list.push(e);
    else outEdges.set(eu[e]!, [e]);
  }

  // Sharpest left turn: the outgoing edge reached first when turning clockwise from the way back.
  const successor = (e: number): number => {
    const v = ev[e]!;
    const u = eu[e]!;
    const outs = outEdges.get(v);
    if (!outs || outs.length === 0) return -1;
    if (outs.length === 1) return outs[0]!;
    const back = Math.atan2(ys[u]! - ys[v]!, xs[u]! - xs[v]!);
    let best = -1;
    let bestTurn = Infinity;
    for (const o of outs) {
      const w = ev[o]!;
      const dir = Math.atan2(ys[w]! - ys[v]!, xs[w]! - xs[v]!);
      let cw = back - dir; // clockwise rotation from the back direction to this edge
      while (cw <= 0) cw += 2 * Math.PI;
      while (cw > 2 * Math.PI) cw -= 2 * Math.PI;
      if (cw < bestTurn) {
        bestTurn = cw;
        best = o;
      }
    }
    return best;
  };

  // 4. Chain into rings.
  const used = new Uint8Array(eu.length);
  const shells: { ring: Pt[]; area: number }[] = [];
  const holes: { ring: Pt[]; area: number }[] = [];
  for (let e0 = 0; e0 < eu.length; e0++) {
    if (used[e0]) continue;
    const seq: number[] = [];
    let e = e0;
    for (let guard = 0; guard <= eu.length; guard++) {
      used[e] = 1;
      seq.push(eu[e]!);
      let next = successor(e);
      if (next === e0) break;
      if (next < 0 || used[next]) {
        // Inconsistent input (overlaps): fall back to any unused edge leaving this vertex, else close here.
        const outs = outEdges.get(ev[e]!) ?? [];
        next = outs.find((o) => !used[o]) ?? -1;
        if (next < 0) break;
      }
      e = next;
    }
    for (const loop of splitAtRepeats(seq)) {
      if (loop.length < 3) continue;
      const ring: Pt[] = loop.map((id) => [xs[id]!, ys[id]!]);
      const area = ringSignedAreaPlanar(ring);
      if (area > 0) shells.push({ ring, area });
      else if (area < 0) holes.push({ ring, area: -area });
    }
  }

  // 5. Holes to the smallest shell that contains them.
  const polys: { shell: Pt[]; holes: Pt[][] }[] = shells.map((s) => ({ shell: canonicalClosed(s.ring), holes: [] }));
  for (const h of holes) {
    const a = h.ring[0]!;
    const b = h.ring[1]!;
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    let best = -1;
    let bestArea = Infinity;
    shells.forEach((s, i) => {
      if (s.area > h.area && s.area < bestArea && pointInRing(mx, my, s.ring)) {
        best = i;
        bestArea = s.area;
      }
    });
    if (best >= 0) polys[best]!.holes.push(canonicalClosed(h.ring));
  }

  polys.sort((p, q) => comparePt(p.shell[0]!, q.shell[0]!));
  return polys.map((p) => [p.shell, ...p.holes.sort((a, b) => comparePt(a[0]!, b[0]!))]);
}
