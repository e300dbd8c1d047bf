// WebSocket client for /api/ws: subscribes to topics, keeps the socket alive, reconnects with backoff.
// The socket carries changes, not state: after every (re)subscription the owner resyncs over REST.
import type { ClientMessage, ServerMessage, Topic } from '@jingwang/contracts';
import { backoffDelay } from './backoff';

export type ConnStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';
export interface ConnState {
  status: ConnStatus;
  /** epoch ms of the next reconnect attempt while reconnecting */
  retryAt: number | null;
  attempt: number;
}

export interface RealtimeOptions {
  url: string;
  topics: Topic[];
  areaId?: number;
  onMessage: (msg: ServerMessage) => void;
  onState: (s: ConnState) => void;
  /** Called once the subscription is active (after each connect): time to resync over REST. */
  onSubscribed: () => void;
}

const PING_MS = 20000;
const SILENCE_MS = 50000;
const SUBSCRIBE_ACK_MS = 3000;

export function defaultWsUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${location.host}/api/ws`;
}

export class RealtimeClient {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private lastMessageAt = 0;
  private subscribed = false;
  private readonly opts: RealtimeOptions;

  constructor(opts: RealtimeOptions) {
    this.opts = opts;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.clearTimers();
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close(1000, 'bye');
      this.ws = null;
    }
  }

  /** Reconnect now (e.g. the user clicked the status badge). */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  private send(msg: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private connect(): void {
    this.clearTimers();
    this.subscribed = false;
    this.opts.onState({ status: this.attempt === 0 ? 'connecting' : 'reconnecting', retryAt: null, attempt: this.attempt });
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.lastMessageAt = Date.now();
      this.send({ type: 'subscribe', topics: this.opts.topics, ...(this.opts.areaId ? { areaId: this.opts.areaId } : {}) });
      // Servers that do not acknowledge still get a resync shortly after the socket opens.
      this.ackTimer = setTimeout(() => this.markSubscribed(), SUBSCRIBE_ACK_MS);
      this.pingTimer = setInterval(() => {
        if (Date.now() - this.lastMessageAt > SILENCE_MS) {
          ws.close(4000, 'silent');
          return;
        }
        this.send({ type: 'ping' });
      }, PING_MS);
    };
    ws.onmessage = (ev) => {
      this.lastMessageAt = Date.now();
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'subscribed') this.markSubscribed();
      this.opts.onMessage(msg);
    };
    ws.onclose = () => {
      if (this.ws === ws) this.ws = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  private markSubscribed(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.subscribed) return;
    this.subscribed = true;
    this.attempt = 0;
    this.opts.onState({ status: 'online', retryAt: null, attempt: 0 });
    this.opts.onSubscribed();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.opts.onState({ status: 'offline', retryAt: null, attempt: this.attempt });
      return; // the 'online' event reconnects
    }
    const delay = backoffDelay(this.attempt, Math.random());
    this.attempt++;
    this.opts.onState({ status: 'reconnecting', retryAt: Date.now() + delay, attempt: this.attempt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.retryTimer = null;
    this.pingTimer = null;
    this.ackTimer = null;
  }

  private onOnline = () => this.reconnectNow();
  private onOffline = () => {
    this.ws?.close(4001, 'offline');
  };
  private onVisible = () => {
    if (document.visibilityState === 'visible' && !this.ws) this.reconnectNow();
  };
}
