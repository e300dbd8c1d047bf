// UI texts of the login page.
// zh is the reference; en must have exactly the same keys (a missing English key is a compile error, an extra one
// too; dict.test.ts checks both). ../dict.ts merges every texts file into the one dictionary.

export const zh = {
  'login.title': '警网 · 网格警务指挥平台',
  'login.subtitle': '县公安局指挥调度系统',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.required.username': '请输入用户名',
  'login.required.password': '请输入密码',
  'login.demo': '演示环境账号：dispatcher / jingwang（管理员 admin / jingwang）',
  'login.footer': '仅限授权人员使用，所有操作均记录审计日志',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'login.title': 'Jingwang · Grid Policing Command',
  'login.subtitle': 'County public security command and dispatch',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.required.username': 'Enter your user name',
  'login.required.password': 'Enter your password',
  'login.demo': 'Demo accounts: dispatcher / jingwang (admin: admin / jingwang)',
  'login.footer': 'Authorised personnel only. Every action is audited.',
};
