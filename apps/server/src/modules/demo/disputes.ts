// Demo disputes (issue 16): a few disputes of grid1's grid registered through the disputes service at their own times
// on the demo's clock (grades, levels, due times and follow-ups are the real ones), reported by the grid worker and
// mediated by officer1 when the grid is in officer1's area (else by the system): a noise dispute adjourned at the
// community, a property-management dispute resolved with an agreement and its follow-up visits scheduled, a family
// dispute with violence threatened (high grade, owned by the station) and a labour dispute of a group without
// agreement yet.
import type { DisputeCreateBody, DisputeSessionBody } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { SYSTEM_ACTOR, type Actor } from '../auth/policy';
import { createDispute } from '../disputes/service';
import { addSession, resolve } from '../disputes/workflow';
import { demoUsers, type DemoUserRow } from './repo/disputes';

const H = 3_600_000;
const at = (ctx: Ctx, t: number): Ctx => ({ ...ctx, clock: { now: () => new Date(t) } });

function actorOf(u: DemoUserRow): Actor {
  return { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, role: u.role as Actor['role'], scopeAreaId: u.scope_area_id };
}

interface Plan {
  ago: number;
  body: Omit<DisputeCreateBody, 'areaId' | 'source'>;
  sessions: [number, Omit<DisputeSessionBody, 'version' | 'heldAt'>][];
  resolveAfter?: number;
}

const PLANS: Plan[] = [
  {
    ago: 30,
    body: { type: 'neighbour', title: '楼上夜间噪音扰民', description: '楼上住户夜间装修、跳舞，楼下多次沟通无果', address: '网格内居民楼 3 单元', parties: [{ name: '王建国', phone: '13812340001', role: 'applicant' }, { name: '李红梅', phone: '13812340002', role: 'respondent' }] },
    sessions: [[6, { participants: ['王建国', '李红梅', '网格员'], outcome: 'adjourned', note: '双方情绪激动，约定周末再调' }]],
  },
  {
    ago: 120,
    body: { type: 'property_mgmt', title: '物业费与停车位纠纷', description: '业主以车位被占为由拒交物业费', address: '网格内小区物业办公室', parties: [{ name: '赵志强', phone: '13812340003', role: 'applicant' }, { name: '某物业公司', role: 'respondent' }] },
    sessions: [[20, { participants: ['赵志强', '物业经理'], outcome: 'agreement', agreementText: '物业清理占位车辆，业主补交物业费' }]],
    resolveAfter: 22,
  },
  {
    ago: 10,
    body: { type: 'family', title: '家庭矛盾扬言动手', description: '夫妻因赡养老人争吵，一方扬言动手', address: '网格内平房 12 号', violenceThreatened: true, parties: [{ name: '孙大伟', role: 'applicant' }, { name: '周丽', role: 'respondent', vulnerable: true }] },
    sessions: [],
  },
  {
    ago: 50,
    body: { type: 'labour', title: '装修队工人讨薪', description: '十余名工人讨要工钱', address: '网格内在建商铺', groupSize: 12, parties: [{ name: '吴师傅', phone: '13812340005', role: 'applicant' }, { name: '钱老板', role: 'respondent' }] },
    sessions: [[8, { participants: ['吴师傅', '钱老板', '社区调解员'], outcome: 'no_agreement', note: '欠款金额有争议，待核对账目' }]],
  },
];

export async function seedDisputesDemo(ctx: Ctx): Promise<{ disputes: number }> {
  const users = await demoUsers(ctx.db, ['grid1', 'officer1']);
  const grid = users.find((u) => u.username === 'grid1');
  if (!grid || grid.scope_area_id === null) return { disputes: 0 };
  const officer = users.find((u) => u.username === 'officer1');
  const tree = ctx.areas.tree();
  const mediator = officer && (officer.scope_area_id === null || tree.within(grid.scope_area_id, officer.scope_area_id)) ? actorOf(officer) : SYSTEM_ACTOR;
  const reporter = actorOf(grid);
  const now = ctx.clock.now().getTime();
  let n = 0;
  for (const p of PLANS) {
    const reported = now - p.ago * H;
    let d = await createDispute(at(ctx, reported), reporter, { ...p.body, source: 'grid_report', areaId: grid.scope_area_id });
    for (const [h, s] of p.sessions) d = await addSession(at(ctx, reported + h * H), mediator, d.id, { ...s, version: d.version });
    if (p.resolveAfter !== undefined) d = await resolve(at(ctx, reported + p.resolveAfter * H), mediator, d.id, { version: d.version, note: '已履行协议' });
    n++;
  }
  return { disputes: n };
}
