// Texts of the account screens (password change, forced change, second factor), zh-CN first with en-US.
import { useI18n } from '../../app/i18n';

const ZH = {
  title: '账号安全',
  menu: '账号安全',
  changePassword: '修改密码',
  oldPassword: '当前密码',
  newPassword: '新密码',
  repeatPassword: '再次输入新密码',
  mismatch: '两次输入的新密码不一致',
  rules: '至少 10 位（管理员和领导 12 位），不得包含用户名，不得使用常见密码或简单规律。修改后，您在其他设备上的登录将失效。',
  save: '保存',
  changed: '密码已修改，其他设备上的登录已失效',
  forcedTitle: '请先修改初始密码',
  forcedBody: '您正在使用初始密码或不符合安全要求的密码。修改密码后才能继续使用系统。',
  logout: '退出登录',
  totp: '动态码（双因素认证）',
  totpOff: '未开启。开启后，登录时除密码外还需输入身份验证器中的 6 位动态码。',
  totpOn: '已开启：登录时需输入身份验证器中的动态码。',
  totpNotAllowed: '您的角色无需开启双因素认证。',
  enrol: '开启',
  enrolHelp: '用身份验证器（如微信小程序“腾讯身份验证器”、Google Authenticator）扫描二维码，或手动输入密钥；密钥只显示这一次。然后输入当前的 6 位动态码确认。',
  secret: '密钥',
  code: '6 位动态码',
  confirm: '确认开启',
  enabled: '双因素认证已开启',
  disable: '关闭',
  disableHelp: '输入当前密码以关闭双因素认证',
  disabled: '双因素认证已关闭',
  loginTotp: '请输入身份验证器中的 6 位动态码',
  back: '返回',
};
type Key = keyof typeof ZH;
const EN: Record<Key, string> = {
  title: 'Account security',
  menu: 'Account security',
  changePassword: 'Change password',
  oldPassword: 'Current password',
  newPassword: 'New password',
  repeatPassword: 'Repeat the new password',
  mismatch: 'The two new passwords differ',
  rules: 'At least 10 characters (12 for admins and leaders), not your user name, nothing common or patterned. Your sessions on other devices end.',
  save: 'Save',
  changed: 'Password changed; your other sessions have ended',
  forcedTitle: 'Change your initial password first',
  forcedBody: 'You are using an initial password or one that no longer meets the rules. Change it to go on.',
  logout: 'Log out',
  totp: 'Authenticator code (second factor)',
  totpOff: 'Off. When on, logging in also asks for the 6-digit code of your authenticator app.',
  totpOn: 'On: logging in asks for the code of your authenticator app.',
  totpNotAllowed: 'Your role does not use a second factor.',
  enrol: 'Turn on',
  enrolHelp: 'Scan the QR code with an authenticator app (or type the secret; it is shown only now), then enter the current 6-digit code.',
  secret: 'Secret',
  code: '6-digit code',
  confirm: 'Confirm',
  enabled: 'Second factor on',
  disable: 'Turn off',
  disableHelp: 'Enter your password to turn the second factor off',
  disabled: 'Second factor off',
  loginTotp: 'Enter the 6-digit code of your authenticator app',
  back: 'Back',
};

export function useAccountText(): (k: Key) => string {
  const { lang } = useI18n();
  return (k) => (lang === 'en' ? EN[k] : ZH[k]);
}
