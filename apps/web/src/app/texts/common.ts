// UI texts of words shared by every feature (buttons, empty states, totals).
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.details': '详情',
  'common.refresh': '刷新',
  'common.cancel': '取消',
  'common.confirm': '确定',
  'common.submit': '提交',
  'common.close': '关闭',
  'common.none': '无',
  'common.minutesAgo': '{n} 分钟前',
  'common.justNow': '刚刚',
  'common.km2': '{n} 平方千米',
  'common.total': '共 {n} 条',
  'common.optional': '（选填）',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.details': 'Details',
  'common.refresh': 'Refresh',
  'common.cancel': 'Cancel',
  'common.confirm': 'OK',
  'common.submit': 'Submit',
  'common.close': 'Close',
  'common.none': 'None',
  'common.minutesAgo': '{n} min ago',
  'common.justNow': 'just now',
  'common.km2': '{n} km²',
  'common.total': '{n} in total',
  'common.optional': ' (optional)',
};
