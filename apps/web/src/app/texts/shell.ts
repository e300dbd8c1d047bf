// UI texts of the shell: title, menu, user, connection badge, API error fallbacks.
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'app.title': '警网 · 指挥调度',

  'nav.command': '指挥室',
  'nav.commandShort': '指挥室',
  'nav.areas': '辖区',
  'nav.units': '警力',
  'nav.people': '人员',
  'nav.admin': '系统管理',
  'nav.roster': '值班表',
  'nav.response': '响应考核',
  'nav.patrol': '巡防',
  'nav.video': '视频巡查',
  'nav.field': '我的巡逻',
  'nav.fraud': '反诈预警',
  'nav.registry': '一标三实',
  'nav.cases': '在手案件',
  'nav.disputes': '矛盾纠纷',
  'nav.tickets': '工作交办',

  'user.logout': '退出登录',
  'user.scope': '辖区范围',
  'user.scopeAll': '全局',

  'conn.online': '实时连接正常',
  'conn.connecting': '正在连接…',
  'conn.reconnecting': '连接中断，{s} 秒后重连',
  'conn.offline': '离线',
  'conn.short.online': '实时',
  'conn.short.connecting': '连接中',
  'conn.short.reconnecting': '重连中',
  'conn.short.offline': '离线',

  'nav.forecast': '预测研判',
  'nav.reports': '分析研判',

  'nav.me': '作战小屏',
  'nav.station': '所屏',
  'nav.assessment': '考核',
  'nav.bigScreen': '一屏通览',

  'err.network': '无法连接服务器，请检查网络',
  'err.http': '服务器返回错误（HTTP {status}）',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'app.title': 'Jingwang · Command & Dispatch',

  'nav.command': 'Command room',
  'nav.commandShort': 'Command',
  'nav.areas': 'Areas',
  'nav.units': 'Units',
  'nav.people': 'People',
  'nav.admin': 'Administration',
  'nav.roster': 'Duty roster',
  'nav.response': 'Response',
  'nav.patrol': 'Patrol',
  'nav.video': 'Video patrol',
  'nav.field': 'My patrol',
  'nav.fraud': 'Anti-fraud',
  'nav.registry': 'Registry',
  'nav.cases': 'Cases',
  'nav.disputes': 'Disputes',
  'nav.tickets': 'Handover tickets',

  'user.logout': 'Log out',
  'user.scope': 'Scope',
  'user.scopeAll': 'All areas',

  'conn.online': 'Live connection OK',
  'conn.connecting': 'Connecting…',
  'conn.reconnecting': 'Disconnected, retrying in {s} s',
  'conn.offline': 'Offline',
  'conn.short.online': 'Live',
  'conn.short.connecting': 'Connecting',
  'conn.short.reconnecting': 'Reconnecting',
  'conn.short.offline': 'Offline',

  'nav.forecast': 'Forecast',
  'nav.reports': 'Reports',

  'nav.me': 'My screen',
  'nav.station': 'Station screen',
  'nav.assessment': 'Assessment',
  'nav.bigScreen': 'Big screen',

  'err.network': 'Cannot reach the server. Check the network.',
  'err.http': 'Server error (HTTP {status})',
};
