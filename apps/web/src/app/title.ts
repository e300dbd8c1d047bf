// The browser's title: the county this deployment serves, then the product (a bureau's tab says whose it is).
import type { ClientConfig } from '@jingwang/contracts';
import type { Lang } from './dict';

export function pageTitle(county: ClientConfig['county'], lang: Lang): string {
  if (!county) return lang === 'zh' ? '警网 Jingwang' : 'Jingwang 警网';
  return `${county.name} · ${lang === 'zh' ? '警网' : 'Jingwang'}`;
}
