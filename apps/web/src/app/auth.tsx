import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Session, User } from '@jingwang/contracts';
import { api } from '../api/endpoints';
import { onUnauthorized, setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';
import { accountApi } from '../features/account/api';
import { ForcedPasswordChange } from '../features/account/ForcedPasswordChange';

type AuthState =
  | { status: 'loading' }
  | { status: 'anon'; expired?: boolean }
  | { status: 'error'; error: unknown }
  | { status: 'authed'; user: User; session: Session };

export interface Auth {
  state: AuthState;
  user: User | null;
  /** The session's account flags (forced password change, second factor). */
  session: Session | null;
  /** `totp`: the authenticator code, asked for after a TOTP_REQUIRED answer. */
  login: (username: string, password: string, totp?: string) => Promise<void>;
  logout: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const check = useCallback(() => {
    setState((s) => (s.status === 'authed' ? s : { status: 'loading' }));
    api
      .me()
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setState({ status: 'authed', user: s.user, session: s });
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setState({ status: 'anon' });
        else setState({ status: 'error', error: e });
      });
  }, []);

  useEffect(() => {
    check();
    onUnauthorized(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'authed' ? { status: 'anon', expired: true } : s));
    });
    return () => onUnauthorized(null);
  }, [check]);

  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const s = await accountApi.login(username, password, totp);
    setCsrfToken(s.csrfToken);
    setState({ status: 'authed', user: s.user, session: s });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      /* the session may already be gone */
    }
    setCsrfToken(null);
    setState({ status: 'anon' });
  }, []);

  const value = useMemo<Auth>(
    () => ({
      state,
      user: state.status === 'authed' ? state.user : null,
      session: state.status === 'authed' ? state.session : null,
      login,
      logout,
      retry: check,
    }),
    [state, login, logout, check],
  );
  // an initial password (outside demo mode): the API refuses everything else, so the UI shows only the change
  const forced = state.status === 'authed' && state.session.mustChangePassword === true;
  return <AuthContext.Provider value={value}>{forced ? <ForcedPasswordChange /> : children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
