// Demo cases in hand (issue 17): a handful of cases of officer1's station opened from its recent incidents through the
// cases service at their own times on the demo's clock (so deadlines, steps and items are the real ones), taken to
// different stages: one solved and transferred, one solved, one in detention far past its 72 hours (the deputy's
// list shows it with a red card), one investigating, one waiting for the decision to file, and a public-order case decided and
// executed. Few service calls: fast on the embedded database.
import { INCIDENT_CATEGORY_LABELS } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { SYSTEM_ACTOR } from '../auth/policy';
import { addItem, openFromIncident, transitionCase } from '../cases/service';
import { caseSources } from './repo/cases';

const H = 3_600_000;
const at = (ctx: Ctx, t: number): Ctx => ({ ...ctx, clock: { now: () => new Date(t) } });

/** Steps (action, or `+item` to add an item) with the hours after opening each happens. */
const PLANS: { kind: 'criminal' | 'administrative'; ago: number; steps: [number, string][] }[] = [
  { kind: 'criminal', ago: 160, steps: [[2, '+acceptance_receipt'], [20, '+filing_decision'], [21, 'file'], [60, '+solve_report'], [61, 'solve'], [100, '+prosecution_opinion'], [101, 'transfer']] },
  { kind: 'criminal', ago: 130, steps: [[1, '+acceptance_receipt'], [30, '+filing_decision'], [31, 'file'], [90, '+solve_report'], [91, 'solve']] },
  { kind: 'criminal', ago: 190, steps: [[1, '+acceptance_receipt'], [10, '+filing_decision'], [11, 'file'], [40, '+detention_warrant'], [40, '+detention_notice'], [41, 'detain']] },
  { kind: 'criminal', ago: 70, steps: [[2, '+acceptance_receipt'], [40, '+filing_decision'], [41, 'file']] },
  { kind: 'criminal', ago: 20, steps: [[1, '+acceptance_receipt']] },
  { kind: 'administrative', ago: 90, steps: [[1, '+acceptance_receipt'], [2, 'investigate'], [30, '+notification_signature'], [30, '+penalty_decision'], [31, 'penalize'], [60, '+execution_receipt'], [61, 'execute']] },
];
// a 1x1 PNG stands for the photographed signature
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4AWM4ISf3HwAEugIEzCecNQAAAABJRU5ErkJggg==';

export async function seedCasesDemo(ctx: Ctx): Promise<{ cases: number }> {
  const { personId, incidents } = await caseSources(ctx.db, 40);
  if (personId === null || incidents.length === 0) return { cases: 0 };
  const now = ctx.clock.now().getTime();
  // each case opens `ago` hours before now (its last step in the past), from an incident reported before it
  const used = new Set<number>();
  let n = 0;
  for (const plan of PLANS) {
    const opened = now - plan.ago * H;
    const inc = incidents.find((i) => !used.has(i.id) && Date.parse(String(i.reported_at)) < opened - H);
    if (!inc) continue;
    used.add(inc.id);
    const label = INCIDENT_CATEGORY_LABELS[inc.category as keyof typeof INCIDENT_CATEGORY_LABELS]?.zh ?? inc.category;
    let c = await openFromIncident(at(ctx, opened), SYSTEM_ACTOR, inc.id, {
      kind: plan.kind,
      officerIds: [personId],
      category: plan.kind === 'administrative' ? '殴打他人' : label,
      title: `${plan.kind === 'administrative' ? '殴打他人' : label}案（警情${inc.id}）`,
    });
    for (const [h, s] of plan.steps) {
      const c2 = at(ctx, opened + h * H);
      if (s.startsWith('+')) {
        const type = s.slice(1) as 'acceptance_receipt';
        const extra = type === ('notification_signature' as string) ? { photo: PNG } : {};
        c = await addItem(c2, SYSTEM_ACTOR, c.id, { itemType: type, title: type === 'acceptance_receipt' ? '受案回执' : '文书', ...extra });
      } else {
        c = await transitionCase(c2, SYSTEM_ACTOR, c.id, { action: s as 'file', version: c.version });
      }
    }
    n++;
  }
  return { cases: n };
}
