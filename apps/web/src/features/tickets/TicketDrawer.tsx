// One ticket: what and where with its photos, the department and time limits, the timeline (every step with who,
// when, note and photos, the ladder's cards), and the steps the caller may take now (the server's `allowed`): the
// department receives, works, resolves with feedback and photos or returns it; the originator's side verifies,
// rejects, closes or routes a returned ticket again. A stale version answers 409 and the drawer reloads.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Input, Select, Space, Spin, Timeline, Typography } from 'antd';
import {
  TICKET_ACTION_LABELS,
  TICKET_CATEGORY_LABELS,
  TICKET_SOURCE_LABELS,
  type TicketCategory,
  type TicketDetail,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { errorText } from '../../api/errors';
import { ticketsApi } from './api';
import { isUserAction, NOTE_ACTIONS, orderedActions, PHOTO_ACTIONS } from './helpers';
import { DueCell, PhotoPicker, PhotoStrip, StatusTag, SupervisionTag } from './parts';

// the resolve ladder's steps and the receipt ladder's (a ticket not received by its 1-hour limit)
const LADDER = ['overdue', 'reminder', 'yellow', 'red', 'receipt_overdue', 'receipt_reminder', 'receipt_yellow', 'receipt_red'];
type LadderStep = 'overdue' | 'reminder' | 'yellow' | 'red' | 'receipt_overdue' | 'receipt_reminder' | 'receipt_yellow' | 'receipt_red';

export function TicketDrawer({ ticketId, phone, onClose, onChanged }: { ticketId: number | null; phone: boolean; onClose: () => void; onChanged?: () => void }) {
  const { t, label, lang } = useI18n();
  const now = useNow(30_000);
  const [d, setD] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [agencyId, setAgencyId] = useState<number | undefined>();
  const [agencies, setAgencies] = useState<{ id: number; name: string; kind: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    (signal?: AbortSignal) => {
      if (ticketId === null) return;
      ticketsApi
        .get(ticketId, signal)
        .then((x) => {
          setD(x);
          setError(null);
        })
        .catch((e) => !signal?.aborted && setError(e));
    },
    [ticketId],
  );
  useEffect(() => {
    setD(null);
    setPending(null);
    const ac = new AbortController();
    load(ac.signal);
    return () => ac.abort();
  }, [load]);
  useEffect(() => {
    if (pending !== 'route' || agencies.length) return;
    ticketsApi
      .agencies()
      .then((l) => setAgencies(l.filter((a) => a.kind !== 'psb' && a.kind !== 'station')))
      .catch(() => undefined);
  }, [pending, agencies.length]);

  const run = async (action: string) => {
    if (!d) return;
    setBusy(true);
    setError(null);
    try {
      const body = { version: d.version, ...(note.trim() ? { note: note.trim() } : {}) };
      const x = action === 'route' ? await ticketsApi.route(d.id, { ...body, ...(agencyId ? { agencyId } : {}) }) : isUserAction(action) ? await ticketsApi.act(d.id, action, { ...body, ...(photos.length ? { photos } : {}) }) : null;
      if (x) setD(x);
      setPending(null);
      setNote('');
      setPhotos([]);
      onChanged?.();
    } catch (e) {
      setError(e);
      if ((e as { status?: number }).status === 409) load();
    } finally {
      setBusy(false);
    }
  };
  const start = (action: string) => {
    // a step with nothing to add goes at once; the others open the note (and photos) first
    if (action === 'receive' || action === 'start' || action === 'close') return void run(action);
    setPending(action);
    setNote('');
    setPhotos([]);
  };
  const actionText = (a: string) => (LADDER.includes(a) ? t(`tickets.step.${a as LadderStep}`) : a === 'route' ? t('tickets.reroute') : label(TICKET_ACTION_LABELS, a as keyof typeof TICKET_ACTION_LABELS));
  const fmt = (s: string | null) => (s ? new Date(s).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—');

  return (
    <Drawer open={ticketId !== null} onClose={onClose} width={phone ? '100%' : 620} title={d ? `${t('tickets.title')} #${d.id}` : t('tickets.title')} destroyOnClose data-testid="ticket-drawer">
      {error ? <Alert type="error" showIcon message={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
      {!d ? (
        <Spin />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Space wrap size={4}>
              <StatusTag t={d} />
              <SupervisionTag t={d} />
              {d.returnCount > 0 && <Typography.Text type="warning">{t('tickets.returns', { n: d.returnCount })}</Typography.Text>}
              {d.reopenCount > 0 && <Typography.Text type="danger">{t('tickets.reopens', { n: d.reopenCount })}</Typography.Text>}
            </Space>
            <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
              {label(TICKET_CATEGORY_LABELS, d.category as TicketCategory)} · {d.title}
            </Typography.Title>
          </div>
          {/* the steps the caller may take now */}
          {d.allowed.length > 0 && (
            <div data-testid="ticket-actions">
              <Space wrap>
                {orderedActions(d.allowed).map((a, i) => (
                  <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={a === 'return' || a === 'reject'} loading={busy && pending === null} disabled={busy} onClick={() => start(a)} data-testid={`ticket-action-${a}`}>
                    {actionText(a)}
                  </Button>
                ))}
              </Space>
              {pending && (
                <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                  {pending === 'route' && (
                    <Select allowClear placeholder={t('tickets.departmentAuto')} value={agencyId} onChange={setAgencyId} options={agencies.map((a) => ({ value: a.id, label: a.name }))} style={{ width: '100%' }} />
                  )}
                  <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={NOTE_ACTIONS.includes(pending) ? t('tickets.noteRequired') : t('tickets.note')} data-testid="ticket-note" />
                  {PHOTO_ACTIONS.includes(pending) && <PhotoPicker value={photos} onChange={setPhotos} />}
                  <Space>
                    <Button type="primary" loading={busy} disabled={NOTE_ACTIONS.includes(pending) && !note.trim()} onClick={() => run(pending)} data-testid="ticket-action-submit">
                      {actionText(pending)}
                    </Button>
                    <Button onClick={() => setPending(null)}>{t('common.cancel')}</Button>
                  </Space>
                </Space>
              )}
            </div>
          )}
          <Descriptions size="small" column={phone ? 1 : 2} bordered>
            <Descriptions.Item label={t('tickets.department')}>{d.agency?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.source')}>{label(TICKET_SOURCE_LABELS, d.sourceType)}{d.sourceId ? ` #${d.sourceId}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.receiveDue')}>{fmt(d.receiveDueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.due')}>
              <DueCell t={d} now={now} />
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.address')} span={phone ? 1 : 2}>
              {d.address || '—'} <Typography.Text type="secondary" className="jw-num">({d.lon.toFixed(5)}, {d.lat.toFixed(5)})</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.station')}>{d.station?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.originator')}>{d.originatorName}</Descriptions.Item>
            {d.description && (
              <Descriptions.Item label={t('tickets.description')} span={phone ? 1 : 2}>
                <span className="jw-pre">{d.description}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <PhotoStrip ids={d.events[0]?.photoIds ?? []} />
          <div className="jw-section-title">{t('tickets.timeline')}</div>
          <Timeline
            data-testid="ticket-timeline"
            items={d.events.map((e) => ({
              color: LADDER.includes(e.action) ? (e.action.endsWith('red') ? 'red' : 'orange') : e.action === 'return' || e.action === 'reject' || e.action === 'reopen' ? 'red' : e.action === 'close' ? 'green' : 'blue',
              children: (
                <div>
                  <b>{actionText(e.action)}</b> · {e.actorName}
                  {e.agency && e.action === 'route' ? ` → ${e.agency.name}` : ''}
                  <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                    {fmt(e.at)}
                  </Typography.Text>
                  {e.note && <div className="jw-pre">{e.note}</div>}
                  {e.action !== 'create' && <PhotoStrip ids={e.photoIds} />}
                </div>
              ),
            }))}
          />
        </Space>
      )}
    </Drawer>
  );
}
