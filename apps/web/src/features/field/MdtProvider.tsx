// The field terminal's live state for an officer: their unit's assignments over REST, then every change over the
// socket (topic mdt: the server sends it only to the unit's members). A new dispatch wakes the phone (beep and
// vibration) and shows an alert with a way to the home screen, wherever the officer is in the app.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { App, Button } from 'antd';
import { INCIDENT_CATEGORY_LABELS, type MdtAssignment } from '@jingwang/contracts';
import { RealtimeClient, defaultWsUrl } from '../../api/realtime';
import { useI18n } from '../../app/i18n';
import { isNewDispatch, mdtApi, mergeAssignment, wake } from './mdt';
import { useOutbox } from './useOutbox';

interface MdtState {
  assignments: MdtAssignment[];
  loaded: boolean;
  /** An assignment answered by the server after an action of this phone. */
  apply: (a: MdtAssignment) => void;
}

const MdtContext = createContext<MdtState>({ assignments: [], loaded: false, apply: () => {} });

export function useMdt(): MdtState {
  return useContext(MdtContext);
}

export function MdtProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [assignments, setAssignments] = useState<MdtAssignment[]>([]);
  const [loaded, setLoaded] = useState(false);
  const list = useRef<MdtAssignment[]>([]);
  const { notification } = App.useApp();
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const loc = useLocation();
  const here = useRef(loc.pathname);
  here.current = loc.pathname;
  const texts = useRef({ t, label, notification, navigate });
  texts.current = { t, label, notification, navigate };

  const set = useCallback((next: MdtAssignment[]) => {
    list.current = next;
    setAssignments(next);
  }, []);
  const apply = useCallback((a: MdtAssignment) => set(mergeAssignment(list.current, a)), [set]);

  // an acknowledgement or status sent later from the outbox (signal back): its answer updates the card
  const { box } = useOutbox();
  useEffect(() => {
    if (!enabled || !box) return;
    return box.onSent((q, body) => {
      if (q.kind === 'mdt_ack' || q.kind === 'mdt_status') apply(body as MdtAssignment);
    });
  }, [enabled, box, apply]);

  useEffect(() => {
    if (!enabled) return;
    const alert = (a: MdtAssignment) => {
      const { t, label, notification, navigate } = texts.current;
      wake();
      const key = `mdt-${a.id}`;
      notification.warning({
        key,
        message: t('mdt.alert'),
        description: t('mdt.alertBody', { callsign: a.callsign, category: label(INCIDENT_CATEGORY_LABELS, a.incident.category), priority: t('mdt.priority', { n: a.incident.priority }), address: a.incident.address }),
        duration: 0,
        placement: 'top',
        className: 'jw-mdt-alert',
        btn:
          here.current === '/' ? undefined : (
            <Button type="primary" danger onClick={() => (notification.destroy(key), navigate('/'))} data-testid="mdt-alert-open">
              {t('mdt.open')}
            </Button>
          ),
      });
    };
    const resync = async () => {
      try {
        const mine = await mdtApi.mine();
        const fresh = mine.filter((a) => isNewDispatch(list.current, a));
        set(mine);
        setLoaded(true);
        // a dispatch that arrived while the socket was down still wakes the officer (not on the first load)
        if (loadedOnce.current) fresh.forEach(alert);
        loadedOnce.current = true;
      } catch {
        /* the next (re)subscription tries again */
      }
    };
    const loadedOnce = { current: false };
    const rt = new RealtimeClient({
      url: defaultWsUrl(),
      topics: ['mdt'],
      onMessage: (m) => {
        if (m.type !== 'mdt_assignment') return;
        if (isNewDispatch(list.current, m.assignment)) alert(m.assignment);
        if (m.assignment.ackedAt) texts.current.notification.destroy(`mdt-${m.assignment.id}`);
        set(mergeAssignment(list.current, m.assignment));
      },
      onState: () => {},
      onSubscribed: () => void resync(),
    });
    rt.start();
    return () => rt.stop();
  }, [enabled, set]);

  return <MdtContext.Provider value={{ assignments, loaded, apply }}>{children}</MdtContext.Provider>;
}
