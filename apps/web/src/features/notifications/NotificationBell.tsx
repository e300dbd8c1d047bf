// The bell in the header: the unread count, and on a click the latest notifications (title, body, when). Clicking
// one marks it read and opens its link (e.g. /reports/12); 全部已读 marks them all. Polled every 60 s (there is no
// WebSocket topic for notifications) and whenever the tab comes back into view.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, Popover, Spin } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import type { Notification } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone, useNow } from '../../app/live';
import { analysisApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { inAppLink, markAllRead, markRead, POLL_MS, timeAgo } from './helpers';
import { localizeTimes } from '../../lib/format';
import './notifications.css';

const LIMIT = 20;

export function NotificationBell() {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const now = useNow(30_000);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const n = ++seq.current;
    try {
      const r = await analysisApi.notifications({ limit: LIMIT });
      if (n !== seq.current) return;
      setItems(r.items);
      setUnread(r.unread);
      setError(null);
    } catch (e) {
      if (n === seq.current) setError(e);
    } finally {
      if (n === seq.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const id = setInterval(() => {
      if (document.visibilityState !== 'hidden') void refresh();
    }, POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  const onOpen = (v: boolean) => {
    setOpen(v);
    if (v) void refresh();
  };

  const pick = async (n: Notification) => {
    const link = inAppLink(n.link);
    if (!n.readAt) {
      seq.current++; // a poll in flight must not bring back the unread state
      setItems((l) => markRead(l, n.id, new Date().toISOString()));
      setUnread((u) => Math.max(0, u - 1));
      analysisApi.readNotification(n.id).catch(() => void refresh());
    }
    if (link) {
      setOpen(false);
      navigate(link);
    }
  };

  const readAll = async () => {
    setBusy(true);
    seq.current++;
    try {
      await analysisApi.readAllNotifications();
      setItems((l) => markAllRead(l, new Date().toISOString()));
      setUnread(0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const panel = (
    <div className="nt-panel" data-testid="notifications-panel">
      <div className="nt-head">
        <b>{t('notif.title')}</b>
        <span className="nt-head-sub">{unread > 0 ? t('notif.unreadN', { n: unread }) : t('notif.allRead')}</span>
        <Button size="small" type="link" icon={<CheckOutlined />} disabled={unread === 0} loading={busy} onClick={() => void readAll()} data-testid="notifications-read-all">
          {t('notif.readAll')}
        </Button>
      </div>
      {!!error && <div className="nt-error">{errorText(error, lang)}</div>}
      {!loaded && (
        <div className="nt-empty">
          <Spin size="small" />
        </div>
      )}
      {loaded && !items.length && !error && <Empty className="nt-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} />}
      <ul className="nt-list">
        {items.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={`nt-item ${n.readAt ? 'is-read' : 'is-unread'} ${inAppLink(n.link) ? 'has-link' : ''}`}
              onClick={() => void pick(n)}
              data-testid={`notification-${n.id}`}
            >
              <span className="nt-dot" aria-hidden />
              <span className="nt-main">
                <span className="nt-title">{localizeTimes(n.title, lang)}</span>
                {n.body && <span className="nt-body">{localizeTimes(n.body, lang)}</span>}
                <span className="nt-time jw-num">{timeAgo(n.createdAt, now, lang)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={onOpen}
      content={panel}
      placement={phone ? 'bottom' : 'bottomRight'}
      arrow={false}
      classNames={{ root: 'nt-popover' }}
      styles={{ container: { padding: 0 } }}
      destroyOnHidden
    >
      <button type="button" className="nt-bell" title={t('notif.title')} aria-label={t('notif.title')} data-testid="notifications-bell" data-unread={unread}>
        <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]}>
          <BellOutlined className="nt-bell-icon" />
        </Badge>
      </button>
    </Popover>
  );
}
