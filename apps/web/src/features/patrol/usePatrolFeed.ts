// The patrol topic of the socket (patrol_checkin, patrol_flag, patrol_plan) for the patrol pages. It has its own
// socket, opened only while a patrol page is shown, so the command room's subscription (incidents, units) is never
// refused because of a topic it does not need. The socket carries changes, not state: on every (re)subscription and,
// while it is down, every 30 s, `onResync` reloads over REST.
import { useEffect, useRef, useState } from 'react';
import type { Checkin, PatrolFlag, PatrolPlanStatus, ServerMessage } from '@jingwang/contracts';
import { RealtimeClient, defaultWsUrl, type ConnStatus } from '../../api/realtime';

export type PatrolMessage =
  | { type: 'patrol_checkin'; checkin: Checkin }
  | { type: 'patrol_flag'; flag: PatrolFlag }
  | { type: 'patrol_plan'; planId: number; status: PatrolPlanStatus; version: number; areaId: number };

const FALLBACK_POLL_MS = 30_000;

export function isPatrolMessage(m: ServerMessage): m is PatrolMessage {
  return m.type === 'patrol_checkin' || m.type === 'patrol_flag' || m.type === 'patrol_plan';
}

/** Subscribes while `on`; handlers may change between renders without reconnecting. Returns the socket status. */
export function usePatrolFeed(on: boolean, onMessage: (m: PatrolMessage) => void, onResync: () => void): ConnStatus {
  const handlers = useRef({ onMessage, onResync });
  handlers.current = { onMessage, onResync };
  const [status, setStatus] = useState<ConnStatus>('connecting');
  useEffect(() => {
    if (!on) return;
    let current: ConnStatus = 'connecting';
    let first = true;
    const rt = new RealtimeClient({
      url: defaultWsUrl(),
      topics: ['patrol'],
      onMessage: (m) => {
        if (isPatrolMessage(m)) handlers.current.onMessage(m);
      },
      onState: (s) => {
        current = s.status;
        setStatus(s.status);
      },
      onSubscribed: () => {
        // the page loads by itself when it opens: resync only after a reconnect
        if (first) first = false;
        else handlers.current.onResync();
      },
    });
    rt.start();
    const poll = setInterval(() => {
      if (current !== 'online' && (typeof document === 'undefined' || !document.hidden)) handlers.current.onResync();
    }, FALLBACK_POLL_MS);
    return () => {
      clearInterval(poll);
      rt.stop();
    };
  }, [on]);
  return status;
}
