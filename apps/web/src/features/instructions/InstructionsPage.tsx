// 指令下达 (/instructions, leads and the command room): compose an instruction to a person, team, unit or area of the
// caller's scope, and follow every instruction sent: per recipient delivered / read / feedback / done, the feedback
// with its photos, the SMS fallback, closing by hand. The counts are recomputed from the receipts (helpers.countsOf).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Popconfirm, Radio, Segmented, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Instruction, InstructionBody } from '@jingwang/contracts';
import { api } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { useI18n } from '../../app/i18n';
import type { DictKey } from '../../app/dict';
import { instructionsApi } from './api';
import { countsOf, mergeSent } from './helpers';
import { LinkText, PhotoPicker, Photos, PriorityTag, ReceiptTag, timeText } from './parts';
import './instructions.css';

type Kind = InstructionBody['targetKind'];
type Filter = 'open' | 'closed' | 'all';
const KINDS: Kind[] = ['person', 'team', 'unit', 'area'];
const AREA_KINDS = new Set(['station', 'community', 'grid', 'police_grid', 'resp_zone', 'district']);

export default function InstructionsPage() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<Filter>('open');
  const [list, setList] = useState<Instruction[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      instructionsApi.list(filter === 'all' ? {} : { status: filter }, signal).then(
        (l) => {
          setList(l);
          setError(null);
        },
        (e: unknown) => {
          if (!signal?.aborted) setError(e);
        },
      ),
    [filter],
  );
  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    // receipts change on the phones: follow them
    const h = setInterval(() => void load(ctl.signal), 10_000);
    return () => {
      ctl.abort();
      clearInterval(h);
    };
  }, [load]);

  return (
    <div className="jw-ins-page" data-testid="instructions-page">
      <Compose onSent={(i) => setList((l) => mergeSent(l ?? [], i))} />
      <Card
        size="small"
        title={t('ins.list')}
        extra={
          <Segmented<Filter>
            size="small"
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'open', label: t('ins.filterOpen') },
              { value: 'closed', label: t('ins.filterClosed') },
              { value: 'all', label: t('ins.filterAll') },
            ]}
          />
        }
      >
        {!!error && <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 8 }} />}
        {list === null ? (
          <Spin />
        ) : list.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ins.none')} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }} size={10}>
            {list.map((i) => (
              <SentItem key={i.id} i={i} onChange={(x) => setList((l) => mergeSent(l ?? [], x))} />
            ))}
          </Space>
        )}
      </Card>
    </div>
  );
}

function useTargets(kind: Kind): { options: { value: number; label: string }[]; loading: boolean } {
  const [state, setState] = useState<{ kind: Kind; options: { value: number; label: string }[] } | null>(null);
  useEffect(() => {
    let live = true;
    const load = async (): Promise<{ value: number; label: string }[]> => {
      if (kind === 'person') return (await api.people({ role: 'police', pageSize: 500 })).items.map((p) => ({ value: p.id, label: `${p.name}${p.teamName ? `（${p.teamName}）` : ''}` }));
      if (kind === 'team') return (await api.teams()).map((x) => ({ value: x.id, label: `${x.name}（${x.agencyName}）` }));
      if (kind === 'unit') return (await api.units()).map((u) => ({ value: u.id, label: u.callsign }));
      return (await api.areas()).filter((a) => AREA_KINDS.has(a.kind)).map((a) => ({ value: a.id, label: a.name }));
    };
    load().then(
      (options) => live && setState({ kind, options }),
      () => live && setState({ kind, options: [] }),
    );
    return () => {
      live = false;
    };
  }, [kind]);
  return state?.kind === kind ? { options: state.options, loading: false } : { options: [], loading: true };
}

interface ComposeValues {
  targetId?: number;
  text?: string;
  priority: 'normal' | 'urgent';
  dueAt?: Dayjs | null;
}

function Compose({ onSent }: { onSent: (i: Instruction) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ComposeValues>();
  const [kind, setKind] = useState<Kind>('person');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const targets = useTargets(kind);
  const submit = async (v: ComposeValues) => {
    if (!v.targetId || !v.text?.trim()) return;
    setBusy(true);
    try {
      const i = await instructionsApi.send({
        targetKind: kind,
        targetId: v.targetId,
        text: v.text.trim(),
        priority: v.priority,
        ...(v.dueAt ? { dueAt: v.dueAt.toDate().toISOString() } : {}),
        ...(photos.length ? { photos } : {}),
      });
      message.success(t('ins.sent', { n: i.counts.total }));
      onSent(i);
      form.resetFields(['text', 'dueAt']);
      setPhotos([]);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('ins.compose')} data-testid="ins-compose">
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal' }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('ins.targetKind')}>
          <Segmented<Kind>
            block
            value={kind}
            onChange={(k) => {
              setKind(k);
              form.setFieldValue('targetId', undefined);
            }}
            options={KINDS.map((k) => ({ value: k, label: t(`ins.kind.${k}` as DictKey) }))}
            data-testid="ins-kind"
          />
        </Form.Item>
        <Form.Item name="targetId" label={t('ins.target')} rules={[{ required: true, message: t('ins.pickTarget') }]}>
          <Select showSearch optionFilterProp="label" loading={targets.loading} options={targets.options} placeholder={t('ins.pickTarget')} data-testid="ins-target" />
        </Form.Item>
        <Form.Item name="text" label={t('ins.text')} rules={[{ required: true, whitespace: true, message: t('ins.text') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('ins.textPlaceholder')} data-testid="ins-text" />
        </Form.Item>
        <Form.Item name="priority" label={t('ins.priority')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="normal">{lang === 'zh' ? '一般' : 'Normal'}</Radio.Button>
            <Radio.Button value="urgent">
              <span data-testid="ins-urgent">{lang === 'zh' ? '紧急' : 'Urgent'}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="dueAt" label={t('ins.dueAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('ins.photos')}>
          <PhotoPicker value={photos} onChange={setPhotos} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="ins-send">
          {t('ins.send')}
        </Button>
      </Form>
    </Card>
  );
}

function SentItem({ i, onChange }: { i: Instruction; onChange: (i: Instruction) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const c = countsOf(i.receipts);
  return (
    <div className={`jw-ins-item${i.priority === 'urgent' && i.status === 'open' ? ' jw-ins-urgent' : ''}`} data-testid={`sent-instruction-${i.id}`}>
      <div className="jw-mdt-row">
        <Space size={4} wrap>
          <PriorityTag priority={i.priority} />
          <Typography.Text strong>
            {t(`ins.kind.${i.target.kind}` as DictKey)} · {i.target.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {i.sender.name} · {timeText(i.createdAt)}
          </Typography.Text>
        </Space>
        {i.status === 'open' ? (
          <Popconfirm
            title={t('ins.closeConfirm')}
            onConfirm={async () => {
              try {
                onChange(await instructionsApi.close(i.id, i.version));
              } catch (e) {
                message.error(errorText(e, lang));
              }
            }}
          >
            <Button size="small">{t('ins.close')}</Button>
          </Popconfirm>
        ) : (
          <Typography.Text type="secondary">{t('ins.closedBy', { name: i.closedByName ?? '', time: timeText(i.closedAt) })}</Typography.Text>
        )}
      </div>
      <div className="jw-mdt-notes">{i.text}</div>
      {i.dueAt && <Typography.Text type="warning">{t('ins.due', { time: timeText(i.dueAt) })} </Typography.Text>}
      <LinkText link={i.link} />
      <Photos ids={i.photoIds} />
      <Typography.Text type="secondary" data-testid="ins-progress">
        {t('ins.progress', { read: c.seen, total: c.total, feedback: c.feedback, done: c.done })}
      </Typography.Text>
      <table className="jw-ins-receipts">
        <thead>
          <tr>
            <th>{t('ins.recipient')}</th>
            <th>{t('ins.state')}</th>
            <th>{t('ins.feedback')}</th>
          </tr>
        </thead>
        <tbody>
          {i.receipts.map((r) => (
            <tr key={r.id} data-testid={`receipt-row-${r.userId}`}>
              <td>{r.name}</td>
              <td>
                <ReceiptTag status={r.status} />
                <div>
                  <Typography.Text type="secondary">{timeText(r.doneAt ?? r.feedbackAt ?? r.readAt ?? r.deliveredAt)}</Typography.Text>
                </div>
                {r.fallbackAt && <Typography.Text type="secondary">{t('ins.smsSent')}</Typography.Text>}
              </td>
              <td>
                {r.feedback.length === 0
                  ? t('ins.noFeedback')
                  : r.feedback.map((f, k) => (
                      <div key={k} data-testid="ins-feedback-item">
                        {timeText(f.at)} {f.text}
                        <Photos ids={f.photoIds} />
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
