// Calls of the account screens.
import type { Session, TotpEnrol } from '@jingwang/contracts';
import { http } from '../../api/client';

export const accountApi = {
  login: (username: string, password: string, totp?: string) => http.post<Session>('/api/auth/login', { username, password, ...(totp ? { totp } : {}) }),
  changePassword: (oldPassword: string, newPassword: string) => http.post<{ ok: boolean }>('/api/auth/password', { oldPassword, newPassword }),
  totpEnrol: () => http.post<TotpEnrol>('/api/auth/totp/enrol', {}),
  totpConfirm: (code: string) => http.post<{ ok: boolean }>('/api/auth/totp/confirm', { code }),
  totpDisable: (password: string) => http.post<{ ok: boolean }>('/api/auth/totp/disable', { password }),
};
