// The shift handover log (交接班, issue 14): today's handovers (or another day's), the duty leader writes one (the
// open calls are summarised by the server when written), the next shift acknowledges it.
import { useCallback, useEffect, useState } from 'react';
import { App, Button, DatePicker, Drawer, Empty, Input, Radio, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { HANDOVER_STATUS_LABELS, INCIDENT_CATEGORY_LABELS, HANDOVER_SHIFT_LABELS, type Handover, type HandoverList, type HandoverShift } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { http } from '../../api/client';
import { errorText } from '../../api/errors';
import { PriorityTag } from '../../app/tags';

const handoverApi = {
  list: (day: string) => http.get<HandoverList>('/api/handovers', { day }),
  create: (shift: HandoverShift, notes: string) => http.post<Handover>('/api/handovers', { shift, notes }),
  ack: (id: number, version: number, note?: string) => http.post<Handover>(`/api/handovers/${id}/acknowledge`, { version, ...(note ? { note } : {}) }),
};

export function HandoverDrawer({ open, phone, onClose }: { open: boolean; phone: boolean; onClose: () => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [day, setDay] = useState<Dayjs>(() => dayjs());
  const [list, setList] = useState<Handover[]>([]);
  const [shift, setShift] = useState<HandoverShift>(() => (dayjs().hour() >= 8 && dayjs().hour() < 20 ? 'day' : 'night'));
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setList((await handoverApi.list(day.format('YYYY-MM-DD'))).items);
    } catch (e) {
      message.error(errorText(e, lang));
    }
  }, [day, lang, message]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const write = async () => {
    setBusy(true);
    try {
      await handoverApi.create(shift, notes);
      setNotes('');
      message.success(t('handover.written'));
      setDay(dayjs());
      await load();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const ack = async (h: Handover) => {
    try {
      await handoverApi.ack(h.id, h.version);
      message.success(t('handover.acked'));
      await load();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} placement={phone ? 'bottom' : 'right'} size={phone ? '80%' : 480} title={t('handover.title')} className="jw-drawer">
      <div data-testid="handover">
        <div className="jw-handover-new">
          <Radio.Group value={shift} onChange={(e) => setShift(e.target.value as HandoverShift)} optionType="button" size="small">
            {(['day', 'night'] as const).map((s) => (
              <Radio.Button key={s} value={s}>
                {label(HANDOVER_SHIFT_LABELS, s)}
              </Radio.Button>
            ))}
          </Radio.Group>
          <Input.TextArea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('handover.notes')} data-testid="handover-notes" />
          <Button type="primary" loading={busy} onClick={() => void write()} data-testid="handover-write">
            {t('handover.write')}
          </Button>
          <div className="jw-hint">{t('handover.auto')}</div>
        </div>
        <div className="jw-handover-day">
          <DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} size="small" />
        </div>
        {list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('handover.none')} />}
        {list.map((h) => (
          <article key={h.id} className="jw-handover" data-testid={`handover-${h.id}`}>
            <div className="jw-qline">
              <b>
                {h.area.name} · {label(HANDOVER_SHIFT_LABELS, h.shift)}
              </b>
              <Tag color={h.status === 'acknowledged' ? 'green' : 'orange'}>{label(HANDOVER_STATUS_LABELS, h.status)}</Tag>
            </div>
            <div className="jw-hint">
              {t('handover.by', { by: h.writtenBy, at: dayjs(h.writtenAt).format('HH:mm') })}
              {h.acknowledgedBy && ` · ${t('handover.ackBy', { by: h.acknowledgedBy, at: dayjs(h.acknowledgedAt).format('HH:mm') })}`}
            </div>
            {h.notes && <p className="jw-handover-notes">{h.notes}</p>}
            <div className="jw-handover-open" data-testid="handover-open" data-total={h.open.total}>
              {t('handover.open', { n: h.open.total, p1: h.open.byPriority[1], p2: h.open.byPriority[2], p3: h.open.byPriority[3] })}
              <ul>
                {h.open.items.slice(0, 12).map((c) => (
                  <li key={c.id}>
                    <PriorityTag priority={c.priority} short /> {c.number} {label(INCIDENT_CATEGORY_LABELS, c.category)} {c.address}
                  </li>
                ))}
              </ul>
            </div>
            {h.status === 'written' && user?.displayName !== h.writtenBy && (
              <Button size="small" onClick={() => void ack(h)} data-testid={`handover-ack-${h.id}`}>
                {t('handover.ack')}
              </Button>
            )}
          </article>
        ))}
      </div>
    </Drawer>
  );
}
