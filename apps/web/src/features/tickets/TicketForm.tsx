// 新建交办单: what (category, short text, details, photos), where (address and point: given by the incident, or the
// phone's position, or typed), and the department (by the routing table unless named).
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import { TICKET_CATEGORIES, TICKET_CATEGORY_LABELS, type TicketCategory, type TicketDetail, type TicketSource } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { currentPosition } from '../field/photo';
import { ticketsApi } from './api';
import { PhotoPicker } from './parts';

export interface TicketPrefill {
  sourceType: TicketSource;
  sourceId?: number;
  lon?: number;
  lat?: number;
  address?: string;
  title?: string;
  description?: string;
}

interface Values {
  category: TicketCategory;
  title: string;
  description?: string;
  address?: string;
  lon: number;
  lat: number;
  agencyId?: number;
}

export function TicketForm({ prefill, onDone }: { prefill: TicketPrefill; onDone: (t: TicketDetail) => void }) {
  const { t, label, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [agencies, setAgencies] = useState<{ id: number; name: string; kind: string }[]>([]);
  useEffect(() => {
    const ac = new AbortController();
    ticketsApi
      .agencies(ac.signal)
      .then((l) => setAgencies(l.filter((a) => a.kind !== 'psb' && a.kind !== 'station')))
      .catch(() => undefined);
    return () => ac.abort();
  }, []);
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await ticketsApi.create({
        category: v.category,
        title: v.title.trim(),
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        sourceType: prefill.sourceType,
        ...(prefill.sourceId ? { sourceId: prefill.sourceId } : {}),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        lon: v.lon,
        lat: v.lat,
        ...(v.agencyId ? { agencyId: v.agencyId } : {}),
        ...(photos.length ? { photos } : {}),
      });
      message.success(r.reopened ? t('tickets.reopened') : t('tickets.created', { dept: r.ticket.agency?.name ?? '' }));
      onDone(r.ticket);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ category: 'street_vending', title: prefill.title ?? '', description: prefill.description ?? '', address: prefill.address ?? '', lon: prefill.lon, lat: prefill.lat }}
      data-testid="ticket-form"
    >
      <Form.Item name="category" label={t('tickets.category')} rules={[{ required: true }]}>
        <Select options={TICKET_CATEGORIES.map((c) => ({ value: c, label: label(TICKET_CATEGORY_LABELS, c) }))} data-testid="ticket-category" />
      </Form.Item>
      <Form.Item name="title" label={t('tickets.titleField')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input maxLength={100} data-testid="ticket-title" />
      </Form.Item>
      <Form.Item name="description" label={t('tickets.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item name="address" label={t('tickets.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} data-testid="ticket-address" />
      </Form.Item>
      <Form.Item label={t('tickets.coords')} required>
        <Space wrap>
          <Form.Item name="lon" noStyle rules={[{ required: true }]}>
            <InputNumber min={-180} max={180} step={0.0001} placeholder="经度" style={{ width: 140 }} data-testid="ticket-lon" />
          </Form.Item>
          <Form.Item name="lat" noStyle rules={[{ required: true }]}>
            <InputNumber min={-90} max={90} step={0.0001} placeholder="纬度" style={{ width: 140 }} data-testid="ticket-lat" />
          </Form.Item>
          <Button
            icon={<AimOutlined />}
            onClick={async () => {
              const p = await currentPosition();
              if (p) form.setFieldsValue({ lon: Math.round(p.lon * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 });
            }}
          >
            {t('tickets.useMyPosition')}
          </Button>
        </Space>
      </Form.Item>
      <Form.Item name="agencyId" label={t('tickets.department')}>
        <Select allowClear placeholder={t('tickets.departmentAuto')} options={agencies.map((a) => ({ value: a.id, label: a.name }))} />
      </Form.Item>
      <Form.Item label={t('tickets.photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} />
      </Form.Item>
      {error ? <Alert type="error" showIcon message={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="ticket-submit">
        {t('tickets.submit')}
      </Button>
    </Form>
  );
}
