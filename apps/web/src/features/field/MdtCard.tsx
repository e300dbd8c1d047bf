// One dispatch on the phone (390 px first): address, category and grade, the caller's masked number with a tap to
// call (the clear number is asked for at the tap, audited, members only), notes, the road route with its ETA and the
// navigation hand-off, then the four steps 收到 / 出发 / 到达 / 处置完毕 with only the next one enabled.
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { CarOutlined, CheckOutlined, EnvironmentOutlined, FlagOutlined, PhoneOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { DISPOSITIONS, DISPOSITION_LABELS, INCIDENT_CATEGORY_LABELS, INCIDENT_STATUS_LABELS, type Disposition, type MdtAssignment, type MdtRoute } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { ackKey, mdtApi, nextStep, routeText, type MdtStep } from './mdt';
import { useMdt } from './MdtProvider';
import './mdt.css';

const STEPS: { step: Exclude<MdtStep, null>; text: 'mdt.ack' | 'mdt.enRoute' | 'mdt.arrive' | 'mdt.resolve'; icon: React.ReactNode }[] = [
  { step: 'ack', text: 'mdt.ack', icon: <CheckOutlined /> },
  { step: 'en_route', text: 'mdt.enRoute', icon: <CarOutlined /> },
  { step: 'arrive', text: 'mdt.arrive', icon: <FlagOutlined /> },
  { step: 'resolve', text: 'mdt.resolve', icon: <SendOutlined /> },
];

export function MdtCard({ assignment: a }: { assignment: MdtAssignment }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { apply } = useMdt();
  const [route, setRoute] = useState<MdtRoute | null>(null);
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [form] = Form.useForm<{ disposition: Disposition; note?: string }>();
  const key = useRef<string | null>(null);
  const next = nextStep(a);

  useEffect(() => {
    const ctl = new AbortController();
    mdtApi.route(a.id, ctl.signal).then(setRoute, () => {});
    return () => ctl.abort();
  }, [a.id]);

  const run = async (step: Exclude<MdtStep, null>, extra: { disposition?: Disposition; note?: string } = {}) => {
    setBusy(true);
    try {
      let res: MdtAssignment;
      if (step === 'ack') res = await mdtApi.ack(a.id, (key.current ??= ackKey(a.id)));
      else res = await mdtApi.status(a.id, { action: step, version: a.incident.version, ...extra });
      apply(res);
      void message.success(t('mdt.done', { status: step === 'ack' ? t('mdt.ack') : label(INCIDENT_STATUS_LABELS, res.incident.status) }));
      return true;
    } catch (e) {
      void message.error(t('mdt.failed', { msg: errorText(e, lang) }));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const call = async () => {
    try {
      const c = await mdtApi.contact(a.id);
      if (c.callerPhone) window.location.href = `tel:${c.callerPhone.replace(/[^0-9+]/g, '')}`;
    } catch (e) {
      void message.error(t('mdt.callFailed', { msg: errorText(e, lang) }));
    }
  };

  const r = route?.route ? routeText(route.route) : null;
  return (
    <Card className={`jw-mdt-card jw-mdt-p${a.incident.priority}`} size="small" data-testid="mdt-card" data-status={a.incident.status} data-acked={a.ackedAt ? 'yes' : 'no'}>
      <div className="jw-mdt-head">
        <Tag color={a.incident.priority === 1 ? 'red' : a.incident.priority === 2 ? 'orange' : 'blue'}>{t('mdt.priority', { n: a.incident.priority })}</Tag>
        <Typography.Text strong className="jw-mdt-cat">
          {label(INCIDENT_CATEGORY_LABELS, a.incident.category)}
        </Typography.Text>
        <Tag>{a.callsign}</Tag>
        <Tag color="processing" data-testid="mdt-status">
          {label(INCIDENT_STATUS_LABELS, a.incident.status)}
        </Tag>
      </div>
      <div className="jw-mdt-address" data-testid="mdt-address">
        <EnvironmentOutlined /> {a.incident.address}
      </div>
      <div className="jw-mdt-meta">
        {a.incident.number} · {dayjs(a.dispatchedAt).format('HH:mm:ss')}
      </div>
      {a.incident.callerPhone && (
        <div className="jw-mdt-row">
          <span>
            {t('mdt.caller')}：{a.incident.callerPhone}
          </span>
          <Button size="small" icon={<PhoneOutlined />} onClick={() => void call()} data-testid="mdt-call">
            {t('mdt.call')}
          </Button>
        </div>
      )}
      {a.incident.description && (
        <div className="jw-mdt-notes">
          <Typography.Text type="secondary">{t('mdt.notes')}：</Typography.Text>
          {a.incident.description}
        </div>
      )}
      <div className="jw-mdt-row">
        <span data-testid="mdt-route">{r ? t('mdt.route', r) : t('mdt.noRoute')}</span>
        {route && (
          <Space size={4}>
            <Button size="small" href={route.amapUri} target="_blank" rel="noopener noreferrer" data-testid="mdt-nav">
              {t('mdt.navigate')}
            </Button>
            <Button size="small" href={route.geoUri}>
              {t('mdt.navigateGeo')}
            </Button>
          </Space>
        )}
      </div>
      {a.ackedAt && a.ackedBy && <div className="jw-mdt-meta">{t('mdt.acked', { name: a.ackedBy.name, time: dayjs(a.ackedAt).format('HH:mm:ss') })}</div>}
      <div className="jw-mdt-steps">
        {STEPS.map((s) => (
          <Button
            key={s.step}
            size="large"
            type={next === s.step ? 'primary' : 'default'}
            danger={next === s.step && s.step === 'ack'}
            icon={s.icon}
            disabled={next !== s.step}
            loading={busy && next === s.step}
            onClick={() => (s.step === 'resolve' ? setResolving(true) : void run(s.step))}
            data-testid={`mdt-${s.step}`}
          >
            {t(s.text)}
          </Button>
        ))}
      </div>
      <Modal
        open={resolving}
        title={t('mdt.resolveTitle')}
        onCancel={() => setResolving(false)}
        okText={t('mdt.resolve')}
        okButtonProps={{ loading: busy, ...({ 'data-testid': 'mdt-resolve-ok' } as Record<string, string>) }}
        onOk={() =>
          void form.validateFields().then(async (v) => {
            if (await run('resolve', { disposition: v.disposition, ...(v.note ? { note: v.note } : {}) })) setResolving(false);
          })
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="disposition" label={t('mdt.disposition')} rules={[{ required: true }]}>
            <Select data-testid="mdt-disposition" options={DISPOSITIONS.map((d) => ({ value: d, label: label(DISPOSITION_LABELS, d) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('mdt.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
