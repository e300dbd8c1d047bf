// One dispatch on the phone (390 px first): address, category and grade, the caller's masked number with a tap to
// call (the clear number is asked for at the tap, audited, members only), notes, the road route with its ETA and the
// navigation hand-off, then the four steps 收到 / 出发 / 到达 / 处置完毕 with only the next one enabled.
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { CameraOutlined, CarOutlined, CheckOutlined, DeleteOutlined, EnvironmentOutlined, FlagOutlined, PhoneOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { DISPOSITIONS, DISPOSITION_LABELS, INCIDENT_CATEGORY_LABELS, INCIDENT_STATUS_LABELS, type Disposition, type MdtAssignment, type MdtRoute } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { mdtApi, nextStep, routeText, withQueued, type MdtStep } from './mdt';
import { downscalePhoto } from './photo';
import { useOutbox } from './useOutbox';
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
  const { box, items } = useOutbox();
  // actions waiting for the signal move the card on at once (the server's answer replaces them when sent)
  const next = nextStep(withQueued(a, items));

  useEffect(() => {
    const ctl = new AbortController();
    mdtApi.route(a.id, ctl.signal).then(setRoute, () => {});
    return () => ctl.abort();
  }, [a.id]);

  // every step goes through the outbox: sent now when there is signal, else kept and sent in order later
  const run = async (step: Exclude<MdtStep, null>, extra: { disposition?: Disposition; note?: string } = {}) => {
    if (!box) return false;
    setBusy(true);
    try {
      const name = t(STEPS.find((s) => s.step === step)!.text);
      const r =
        step === 'ack'
          ? await box.submit({ kind: 'mdt_ack', path: `/api/mdt/assignments/${a.id}/ack`, body: {}, label: `${a.callsign} ${name}` })
          : await box.submit({
              kind: 'mdt_status',
              path: `/api/mdt/assignments/${a.id}/status`,
              body: { action: step, version: a.incident.version, ...extra },
              label: `${a.callsign} ${name}`,
              versionOf: { assignmentId: a.id },
            });
      if (!r.sent) {
        void message.warning(t('outbox.queued'));
        return true;
      }
      const res = r.body as MdtAssignment;
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
      <SceneRemark assignment={a} />
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

/** 现场备注: a remark with photos from the scene, through the outbox (sent now, or later in order). */
function SceneRemark({ assignment: a }: { assignment: MdtAssignment }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { box } = useOutbox();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  if (!a.active) return null;

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    try {
      const p = await downscalePhoto(f);
      setPhotos((x) => [...x, p].slice(0, 4));
    } catch {
      void message.error(t('field.photoFailed'));
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  const send = async () => {
    if (!box || (!text.trim() && photos.length === 0)) return;
    setBusy(true);
    try {
      const body = { text: text.trim(), ...(photos.length ? { photos: photos.map((dataUrl) => ({ dataUrl })) } : {}) };
      const short = text.trim().slice(0, 12) || t('mdt.photoCount', { n: photos.length });
      const r = await box.submit({ kind: 'mdt_remark', path: `/api/mdt/assignments/${a.id}/remarks`, body, label: `${a.callsign} ${t('mdt.remark')}：${short}` });
      void (r.sent ? message.success(t('mdt.remarkSent')) : message.warning(t('outbox.queued')));
      setText('');
      setPhotos([]);
    } catch (e) {
      void message.error(t('mdt.failed', { msg: errorText(e, lang) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jw-mdt-remark" data-testid="mdt-remark">
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} placeholder={t('mdt.remarkPlaceholder')} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} data-testid="mdt-remark-text" />
      <div className="jw-mdt-row">
        <Space size={4} wrap>
          <input ref={fileRef} type="file" accept="image/*" capture="environment" style={{ display: 'none' }} onChange={(e) => void onFile(e.target.files?.[0])} data-testid="mdt-remark-photo-input" />
          <Button size="small" icon={<CameraOutlined />} disabled={photos.length >= 4} onClick={() => fileRef.current?.click()}>
            {t('mdt.addPhoto')}
          </Button>
          {photos.map((p, i) => (
            <span key={i} className="jw-mdt-thumb">
              <img src={p} alt="" />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('field.removePhoto')} onClick={() => setPhotos((x) => x.filter((_, j) => j !== i))} />
            </span>
          ))}
        </Space>
        <Button size="small" type="primary" loading={busy} disabled={!text.trim() && photos.length === 0} onClick={() => void send()} data-testid="mdt-remark-send">
          {t('mdt.sendRemark')}
        </Button>
      </div>
    </div>
  );
}
