import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ClientConfig } from '@jingwang/contracts';
import { api } from '../api/endpoints';

const DEFAULT: ClientConfig = { basemapUrl: null, basemapGcj02: false, demo: false, stalePositionSeconds: 120, bbox: null, version: '' };

const ConfigContext = createContext<{ config: ClientConfig; loaded: boolean }>({ config: DEFAULT, loaded: false });

export function ClientConfigProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState({ config: DEFAULT, loaded: false });
  useEffect(() => {
    let alive = true;
    const load = (attempt: number) =>
      api
        .config()
        .then((config) => alive && setState({ config: { ...DEFAULT, ...config }, loaded: true }))
        .catch(() => {
          if (!alive) return;
          if (attempt < 5) setTimeout(() => load(attempt + 1), 1000 * 2 ** attempt);
          else setState({ config: DEFAULT, loaded: true });
        });
    load(0);
    return () => {
      alive = false;
    };
  }, []);
  return <ConfigContext.Provider value={state}>{children}</ConfigContext.Provider>;
}

export function useClientConfig() {
  return useContext(ConfigContext);
}
