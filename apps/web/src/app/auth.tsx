import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User } from '@jingwang/contracts';
import { api } from '../api/endpoints';
import { onUnauthorized, setCsrfToken } from '../api/client';
import { ApiError } from '../api/errors';

type AuthState = { status: 'loading' } | { status: 'anon'; expired?: boolean } | { status: 'error'; error: unknown } | { status: 'authed'; user: User };

export interface Auth {
  state: AuthState;
  user: User | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const check = useCallback(() => {
    setState({ status: 'loading' });
    api
      .me()
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setState({ status: 'authed', user: s.user });
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

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    setCsrfToken(s.csrfToken);
    setState({ status: 'authed', user: s.user });
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
    () => ({ state, user: state.status === 'authed' ? state.user : null, login, logout, retry: check }),
    [state, login, logout, check],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
