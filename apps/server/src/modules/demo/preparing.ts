// Serving while the demo county is seeded (first start): the server listens as soon as the database is migrated.
// Until the areas, organisation, units and users are in, a page answers that the demo is being prepared (with the
// step it is at, refreshing itself) and the API answers 503 DEMO_PREPARING; once usable, reads and logins work and
// writes wait (503) until the history is in, so that nothing a user does mixes with the seed's bulk steps.
// GET /api/demo/status (public) tells where the seed is.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors';
import { SEED_STEPS, type SeedProgress, type SeedStep } from './seed';

export interface SeedState {
  state: 'seeding' | 'done' | 'failed';
  step: SeedStep | null;
  /** Steps finished, of `steps`. */
  done: number;
  steps: number;
  usable: boolean;
  startedAt: number;
}

export function seedState(seeding: boolean, now = Date.now()): SeedState {
  return { state: seeding ? 'seeding' : 'done', step: null, done: seeding ? 0 : SEED_STEPS.length, steps: SEED_STEPS.length, usable: !seeding, startedAt: now };
}

export function onSeedProgress(s: SeedState, p: SeedProgress): void {
  s.step = p.step;
  s.done = p.index;
  if (p.usable) s.usable = true;
}

export function seedFinished(s: SeedState, ok: boolean): void {
  s.state = ok ? 'done' : 'failed';
  if (ok) {
    s.usable = true;
    s.step = null;
    s.done = s.steps;
  }
}

const STEP_ZH: Record<SeedStep, string> = {
  areas: '辖区与区划调整',
  organisation: '单位、人员、警力与账号',
  incidents: '一年的警情历史',
  history: '警情时间线',
  patrol: '巡逻点位、线路与排班',
  fraud: '反诈预警',
  tasks: '社区民警任务与考核',
};

export function preparingPage(s: SeedState, now = Date.now()): string {
  const pct = Math.round((100 * s.done) / s.steps);
  const step = s.step ? STEP_ZH[s.step] : '数据库';
  const failed = s.state === 'failed';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${failed ? '' : '<meta http-equiv="refresh" content="2">'}<title>警网 · 正在准备演示县</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#0b1f3a;color:#e8eef7;display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center}
main{max-width:30rem;padding:1.5rem}h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.6;color:#b9c6d8}.bar{height:.6rem;background:#21406b;border-radius:.3rem;overflow:hidden}
.bar i{display:block;height:100%;width:${pct}%;background:#3b82f6}small{color:#8fa3bf}</style></head>
<body><main><h1>${failed ? '演示县准备失败' : '警网正在准备演示县…'}</h1>
<p>${failed ? '请查看服务器日志；重新启动后会清除未完成的数据并重新准备。' : `首次启动：正在写入${step}（第 ${Math.min(s.done + 1, s.steps)} / ${s.steps} 步）。地图和登录可用后本页会自动打开系统。`}</p>
<div class="bar"><i></i></div><p><small>Preparing the demo county: ${s.step ?? 'database'} (step ${Math.min(s.done + 1, s.steps)} of ${s.steps}), ${Math.round((now - s.startedAt) / 1000)} s</small></p></main></body></html>`;
}

const ALWAYS = new Set(['/api/demo/status', '/api/config', '/api/health']);

/** The status route and the guard; call before the app is ready. */
export function serveWhileSeeding(app: FastifyInstance, s: SeedState): void {
  app.get('/api/demo/status', { schema: { tags: ['system'] } }, async () => ({
    state: s.state,
    step: s.step,
    done: s.done,
    steps: s.steps,
    usable: s.usable,
    elapsedS: Math.round((Date.now() - s.startedAt) / 1000),
  }));
  app.addHook('onRequest', async (req, reply) => {
    if (s.state === 'done') return;
    const url = req.url.split('?')[0]!;
    if (ALWAYS.has(url)) return;
    const api = url.startsWith('/api/') || url === '/ws' || url.startsWith('/ws/');
    if (!s.usable || s.state === 'failed') {
      if (api) throw new AppError('DEMO_PREPARING', undefined, { step: s.step, done: s.done, steps: s.steps });
      // the web's own files may load; every page is the preparing page
      if (req.method === 'GET' && !url.startsWith('/assets/')) return reply.code(503).header('cache-control', 'no-store').header('retry-after', '2').type('text/html; charset=utf-8').send(preparingPage(s));
      return;
    }
    // usable: reads and the session; writes wait for the history
    const read = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    if (api && !read && url !== '/api/auth/login' && url !== '/api/auth/logout') throw new AppError('DEMO_PREPARING', 'The demo county is still being prepared; changes are possible in a few seconds', { step: s.step, done: s.done, steps: s.steps });
  });
}
