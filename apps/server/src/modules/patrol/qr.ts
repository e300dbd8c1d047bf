// QR codes of patrol points: the token printed in a point's code and the printable A4 sheet of codes.
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import { PATROL_POINT_KIND_LABELS, PATROL_TIER_LABELS, type PatrolTier } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { audit } from '../audit/service';
import { authorize, type Actor } from '../auth/policy';
import { checkAreaInScope } from './scope';
import * as repo from './repo/reference';

/**
 * The token printed in a point's QR code: HMAC-SHA256 over the point id and its nonce, keyed by a key derived from
 * the field-encryption key (never stored). Reprinting (a new nonce) revokes the old sheets.
 */
export function qrToken(ctx: Ctx, pointId: number, nonce: string): string {
  return crypto.createHmac('sha256', ctx.qrKey).update(`patrol-point:${pointId}:${nonce}`).digest('base64url').slice(0, 22);
}

export function qrTokenMatches(ctx: Ctx, pointId: number, nonce: string, token: string): boolean {
  const want = Buffer.from(qrToken(ctx, pointId, nonce));
  const got = Buffer.from(token);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** Whether a token scanned at a check-in is the one printed for the point `ref` (a point id). */
export async function pointTokenMatches(ctx: Ctx, ref: string, token: string): Promise<boolean> {
  const p = await repo.pointNonce(ctx.db, Number(ref));
  return p !== undefined && qrTokenMatches(ctx, p.id, p.qr_nonce, token);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable A4 page of QR codes, one per active point of the area: opening it with a phone checks the team in. */
export async function qrSheet(ctx: Ctx, actor: Actor, q: { areaId?: number; tier?: PatrolTier }, origin: string): Promise<string> {
  authorize(actor, 'patrol.plan');
  if (q.areaId !== undefined) checkAreaInScope(ctx, actor, q.areaId);
  const area = q.areaId ?? actor.scopeAreaId;
  const rows = await repo.pointsInArea(ctx.db, area ?? null, { tier: q.tier, active: true });
  const areaName = area ? (ctx.areas.tree().get(area)?.name ?? '') : '全域';
  const cards: string[] = [];
  for (const p of rows) {
    const url = `${origin}/field?checkin=${p.id}&t=${qrToken(ctx, p.id, p.qr_nonce)}`;
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    cards.push(
      `<div class="card"><div class="qr">${svg}</div><div class="name">${esc(p.name)}</div>` +
        `<div class="meta">${esc(PATROL_POINT_KIND_LABELS[p.kind as keyof typeof PATROL_POINT_KIND_LABELS]?.zh ?? p.kind)} · ${esc(PATROL_TIER_LABELS[p.tier as PatrolTier]?.zh ?? p.tier)} · ${esc(p.code)}</div>` +
        `<div class="meta">每班 ${p.visits_per_shift} 次${p.window_start ? ` · ${p.window_start.slice(0, 5)}–${p.window_end!.slice(0, 5)}` : ''}</div></div>`,
    );
  }
  await audit(ctx.db, actor, 'patrol_point.qr_sheet', 'area', area ?? null, { points: rows.length });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>巡逻打卡二维码 · ${esc(areaName)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:12mm}
h1{font-size:16pt;margin:0 0 4mm}
p.hint{font-size:9pt;color:#555;margin:0 0 6mm}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:6mm}
.card{border:1px solid #999;border-radius:2mm;padding:4mm;text-align:center;break-inside:avoid}
.qr svg{width:48mm;height:48mm}
.name{font-size:12pt;font-weight:600;margin-top:2mm}
.meta{font-size:8.5pt;color:#444}
@media print{body{margin:8mm}}
</style></head><body>
<h1>巡逻打卡二维码 · ${esc(areaName)}</h1>
<p class="hint">张贴于点位处。巡逻队员用手机扫码即在当前巡逻路线上打卡；重新打印后旧码失效。共 ${rows.length} 个点位。</p>
<div class="grid">${cards.join('\n')}</div>
${rows.length === 0 ? '<p>该区域没有启用的必巡点位。</p>' : ''}
</body></html>`;
}
