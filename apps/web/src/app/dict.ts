// UI strings, one file per feature in ./texts/ (zh is the reference; en has exactly the same keys, checked by the
// compiler and by dict.test.ts, per file and for the merged dictionary). This file merges them: t('key') looks up
// the merged dictionary. Add a feature's texts to its own file, not here.
// Enum labels (statuses, categories, kinds...) come from @jingwang/contracts, not from here.
// Placeholders: {name} is replaced by t(key, { name }).
import * as shell from './texts/shell';
import * as login from './texts/login';
import * as common from './texts/common';
import * as command from './texts/command';
import * as units from './texts/units';
import * as people from './texts/people';
import * as areas from './texts/areas';
import * as response from './texts/response';
import * as patrol from './texts/patrol';
import * as field from './texts/field';
import * as video from './texts/video';
import * as fraud from './texts/fraud';
import * as registry from './texts/registry';
import * as cases from './texts/cases';
import * as disputes from './texts/disputes';
import * as forecast from './texts/forecast';
import * as reports from './texts/reports';
import * as notifications from './texts/notifications';
import * as tasks from './texts/tasks';
import * as screens from './texts/screens';
import * as assessment from './texts/assessment';
import * as incidents from './texts/incidents';
import * as partner from './texts/partner';
import * as instructions from './texts/instructions';
import * as admin from './texts/admin';
import * as tickets from './texts/tickets';
import * as sim from './texts/sim';
import * as catalogue from './texts/catalogue';
import * as sites from './texts/sites';

/** Every texts file, by name (dict.test.ts checks each one's zh/en parity and that no key is in two files). */
export const TEXT_FILES = { shell, login, common, command, units, people, areas, response, patrol, field, video, fraud, registry, cases, disputes, forecast, reports, notifications, tasks, screens, assessment, incidents, partner, instructions, admin, tickets, sim, sites, catalogue } as const;

export const zh = {
  ...shell.zh,
  ...login.zh,
  ...common.zh,
  ...command.zh,
  ...units.zh,
  ...people.zh,
  ...areas.zh,
  ...response.zh,
  ...patrol.zh,
  ...field.zh,
  ...video.zh,
  ...fraud.zh,
  ...registry.zh,
  ...cases.zh,
  ...disputes.zh,
  ...forecast.zh,
  ...reports.zh,
  ...notifications.zh,
  ...tasks.zh,
  ...screens.zh,
  ...assessment.zh,
  ...incidents.zh,
  ...partner.zh,
  ...instructions.zh,
  ...admin.zh,
  ...tickets.zh,
  ...sim.zh,
  ...sites.zh,
  ...catalogue.zh,
} as const;

export type DictKey = keyof typeof zh;

export const en: Record<DictKey, string> = {
  ...shell.en,
  ...login.en,
  ...common.en,
  ...command.en,
  ...units.en,
  ...people.en,
  ...areas.en,
  ...response.en,
  ...patrol.en,
  ...field.en,
  ...video.en,
  ...fraud.en,
  ...registry.en,
  ...cases.en,
  ...disputes.en,
  ...forecast.en,
  ...reports.en,
  ...notifications.en,
  ...tasks.en,
  ...screens.en,
  ...assessment.en,
  ...incidents.en,
  ...partner.en,
  ...instructions.en,
  ...admin.en,
  ...tickets.en,
  ...sim.en,
  ...sites.en,
  ...catalogue.en,
};

// Error texts live in ./texts/errors.ts (typed by the contracts' catalogue).
export { ERROR_TEXT_EN, ERROR_TEXT_ZH } from './texts/errors';

export type Lang = 'zh' | 'en';

export function translate(lang: Lang, key: DictKey, vars?: Record<string, string | number>): string {
  const s: string = (lang === 'zh' ? zh : en)[key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
