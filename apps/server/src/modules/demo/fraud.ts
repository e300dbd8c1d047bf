// Demo anti-fraud warnings (预警 -> 劝阻 -> 回访): a few dozen warnings from the anti-fraud centre over the last five
// weeks, each at the place of a recent call in one of the demo's communities (the communities taken in turn, so
// each gets one or two), received through the fraud service's own intake at its time on the demo's clock (so the
// routing to the grid's officer, the deadline, the encryption and masking are the real ones), then handled as the
// officers would: mostly dissuaded, some unreachable, reached but not dissuaded, or money lost; most within the
// deadline, some late; and the follow-up visit recorded for most of those whose visit fell due. The newest ones may
// still be open. Deterministic (seeded).
import { createRng, type Rng } from '@jingwang/core';
import type { FraudOutcome } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { getWarning, intake, recentCallPlaces, recordFollowup, recordOutcome } from '../fraud/service';

const DAY = 86_400_000;
const MIN = 60_000;
const SOURCE = 'fzzx';
const TYPES = ['冒充客服退款', '刷单返利', '虚假投资理财', '冒充公检法', '虚假贷款', '网络游戏虚假交易', '冒充熟人领导', '虚假征信'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅海燕文辉';
const NOTES: Record<FraudOutcome, string[]> = {
  dissuaded: ['上门劝阻，已停止转账', '电话劝阻，当事人确认未转账', '联系家属共同劝阻，已卸载可疑软件', '上门劝阻，协助冻结可疑交易'],
  reached_not_dissuaded: ['当事人不听劝阻，已告知家属并持续关注'],
  unreachable: ['电话无人接听，上门未遇，已留言'],
  money_lost: ['已被骗转账，指导报案并固定证据'],
};
const FOLLOWUPS = ['回访：资金安全，已安装国家反诈中心APP', '回访：当事人情绪稳定，已开展反诈宣传', '回访：已协助报案，家属知情'];

function personName(rng: Rng): string {
  return SURNAMES[rng.int(0, SURNAMES.length - 1)]! + GIVEN[rng.int(0, GIVEN.length - 1)]! + (rng.chance(0.7) ? GIVEN[rng.int(0, GIVEN.length - 1)]! : '');
}

function phone(rng: Rng): string {
  let s = rng.pick(['133', '135', '138', '139', '151', '158', '177', '187', '189']);
  for (let i = 0; i < 8; i++) s += String(rng.int(0, 9));
  return s;
}

/** The service functions with the demo's clock set to `t` (received, handled, visited at their own times). */
const at = (ctx: Ctx, t: number): Ctx => ({ ...ctx, clock: { now: () => new Date(t) } });

export async function seedFraudDemo(ctx: Ctx, opts: { count?: number; weeks?: number; seed?: number } = {}): Promise<{ warnings: number; accepted: number }> {
  const rng = createRng(opts.seed ?? 20261104);
  const now = ctx.clock.now().getTime();
  const off = ctx.config.utcOffsetMinutes * MIN;
  const days = (opts.weeks ?? 5) * 7;
  const count = opts.count ?? 48;
  // places: recent calls located in live communities, a few per community
  const tree = ctx.areas.tree();
  const places = await recentCallPlaces(ctx, 4);
  const byCommunity = new Map<number, { lon: number; lat: number; address: string }[]>();
  for (const p of places) {
    const a = tree.get(p.community_id);
    if (!a || a.validTo !== null) continue;
    byCommunity.set(p.community_id, [...(byCommunity.get(p.community_id) ?? []), p]);
  }
  const communities = rng.shuffle([...byCommunity.keys()].sort((a, b) => a - b));
  if (communities.length === 0) return { warnings: 0, accepted: 0 };

  // the times: a local day of the last five weeks and an hour of the day (8:00-22:00), newest first; the
  // communities are taken in turn from the newest, so each has a recent one
  const times = Array.from({ length: count }, () => {
    const day = Math.floor((now + off) / DAY) - rng.int(0, days - 1);
    return day * DAY - off + rng.range(8, 22) * 60 * MIN;
  })
    .filter((t) => t < now - 10 * MIN)
    .sort((a, b) => b - a);
  let accepted = 0;
  const handled: { id: number; officerName: string; received: number }[] = [];
  for (let k = times.length - 1; k >= 0; k--) {
    const received = times[k]!;
    const community = communities[k % communities.length]!;
    const place = rng.pick(byCommunity.get(community)!);
    const d = new Date(received + off);
    const externalId = `FZ${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${String(k + 1).padStart(4, '0')}`;
    const res = await intake(at(ctx, received), SYSTEM_ACTOR, {
      source: SOURCE,
      warnings: [
        {
          externalId,
          fraudType: rng.pick(TYPES),
          personName: personName(rng),
          phone: phone(rng),
          address: place.address,
          // a few metres from the call's place (the same building or the next)
          lon: Math.round((place.lon + rng.range(-0.0004, 0.0004)) * 1e6) / 1e6,
          lat: Math.round((place.lat + rng.range(-0.0003, 0.0003)) * 1e6) / 1e6,
          amountAtRisk: rng.pick([2000, 5000, 8800, 15000, 30000, 50000, 120000]),
          warnedAt: new Date(received - rng.range(2, 25) * MIN).toISOString(),
        },
      ],
    });
    const r = res.results[0]!;
    if (r.status !== 'accepted' || r.warningId === null) continue;
    accepted++;
    const w = await getWarning(ctx, SYSTEM_ACTOR, r.warningId);
    handled.push({ id: r.warningId, officerName: w.officer?.name || '社区民警', received });
  }

  // the outcome, by the officer it was routed to; most within the deadline
  const deadline = ctx.config.fraudDeadlineMinutes;
  for (const h of handled) {
    const outcomeAt = h.received + (rng.chance(0.88) ? rng.range(0.1, 0.9) * deadline : deadline + rng.range(10, 180)) * MIN;
    if (outcomeAt >= now) continue; // still open
    const x = rng.float();
    const outcome: FraudOutcome = x < 0.78 ? 'dissuaded' : x < 0.86 ? 'unreachable' : x < 0.93 ? 'money_lost' : 'reached_not_dissuaded';
    const officer: Actor = { ...SYSTEM_ACTOR, displayName: h.officerName };
    const w = await recordOutcome(at(ctx, outcomeAt), officer, h.id, {
      version: 1,
      outcome,
      ...(outcome === 'money_lost' ? { lossAmount: rng.pick([1000, 3000, 6800, 12000]) } : {}),
      note: rng.pick(NOTES[outcome]),
    });
    // the follow-up visit, on the day it falls due (the service refuses it earlier), for most of those due by now
    if (w.followupDueAt === null) continue;
    const due = Date.parse(w.followupDueAt);
    const visit = due + rng.range(0.3, 1) * 0.5 * DAY;
    if (visit >= now || !rng.chance(0.85)) continue;
    await recordFollowup(at(ctx, visit), officer, h.id, { version: w.version, note: rng.pick(FOLLOWUPS) });
  }
  return { warnings: times.length, accepted };
}
