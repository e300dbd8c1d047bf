// UI texts of the partner accounts' home (网格员, 调解员, 城管, 部门联络员, 义警): their own work only.
// zh is the reference; en must have exactly the same keys (dict.test.ts checks both).

export const zh = {
  'partner.nav': '我的工作',
  'partner.greeting': '{name}，你好',
  'partner.scope': '工作范围：{area}',
  'partner.scopeAll': '工作范围：本部门',
  'partner.intro': '这里只显示交给你的工作：矛盾纠纷、交办单和通知。警情、警力和人口信息不对合作单位开放。',
  'partner.nothing': '暂无交给你的工作',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'partner.nav': 'My work',
  'partner.greeting': 'Hello, {name}',
  'partner.scope': 'Area: {area}',
  'partner.scopeAll': 'Area: your department',
  'partner.intro': 'Only the work handed to you is shown here: disputes, handover tickets and notices. Incidents, units and the population registry are not open to partner bodies.',
  'partner.nothing': 'Nothing handed to you yet',
};
