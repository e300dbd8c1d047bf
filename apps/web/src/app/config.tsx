import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ClientConfig } from '@jingwang/contracts';
import { api } from '../api/endpoints';
import { useI18n } from './i18n';
import { pageTitle } from './title';

const DEFAULT: ClientConfig = { basemapUrl: null, basemapGcj02: false, basemap: false, demo: false, stalePositionSeconds: 120, bbox: null, version: '', county: null };

const ConfigContext = createContext<{ config: ClientConfig; loaded: boolean; reload: () => void }>({ config: DEFAULT, loaded: false, reload: () => {} });

export function ClientConfigProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState({ config: DEFAULT, loaded: false });
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = (attempt: number) =>
      api
        .config()
        .then((config) => alive && setState({ config: { ...DEFAULT, ...config }, loaded: true }))
        .catch(() => {
          if (!alive) return;
          if (attempt < 5) setTimeout(() => load(attempt + 1), 1000 * 2 ** attempt);
          else setState((s) => (s.loaded ? s : { config: DEFAULT, loaded: true }));
        });
    load(0);
    return () => {
      alive = false;
    };
  }, [n]);
  const county = state.config.county;
  const { lang } = useI18n();
  useEffect(() => {
    document.title = pageTitle(county, lang);
  }, [county, lang]);
  // after the first run names the county: read again, so the header and the title show it at once
  const reload = useCallback(() => setN((x) => x + 1), []);
  const value = useMemo(() => ({ ...state, reload }), [state, reload]);
  return <ConfigContext.Provider value={value}>{children}</ConfigContext.Provider>;
}

export function useClientConfig() {
  return useContext(ConfigContext);
}
