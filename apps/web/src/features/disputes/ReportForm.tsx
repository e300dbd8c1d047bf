// The report form (上报纠纷), phone first: what, where (the phone's position, or the reporter's grid without one),
// who (parties, with the vulnerable ones marked), and the facts the grade is made from (violence, people involved).
import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { AimOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { DISPUTE_SOURCES, DISPUTE_SOURCE_LABELS, DISPUTE_TYPES, DISPUTE_TYPE_LABELS, PARTY_ROLES, PARTY_ROLE_LABELS, type Dispute, type DisputeCreateBody } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { errorText } from '../../api/errors';
import { disputesApi } from './api';

export function ReportForm({ onDone, defaultSource = 'visit' }: { onDone: (d: Dispute) => void; defaultSource?: DisputeCreateBody['source'] }) {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const [form] = Form.useForm();
  const [pos, setPos] = useState<{ lon: number; lat: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPos({ lon: Math.round(p.coords.longitude * 1e6) / 1e6, lat: Math.round(p.coords.latitude * 1e6) / 1e6 }),
      () => setError(t('disputes.noLocation')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: DisputeCreateBody = {
        source: v.source,
        type: v.type,
        title: v.title,
        address: v.address,
        description: v.description || undefined,
        violenceThreatened: v.violence === true,
        groupSize: v.groupSize ?? undefined,
        parties: (v.parties as { name: string; phone?: string; role: 'applicant'; vulnerable?: boolean }[]).map((p) => ({ name: p.name, phone: p.phone || undefined, role: p.role, vulnerable: p.vulnerable === true })),
        ...(pos ? pos : user?.scopeAreaId ? { areaId: user.scopeAreaId } : {}),
      };
      const d = await disputesApi.create(body);
      form.resetFields();
      setPos(null);
      onDone(d);
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" data-testid="dispute-report-form" initialValues={{ source: defaultSource, type: 'neighbour', parties: [{ role: 'applicant' }, { role: 'respondent' }] }}>
      {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} data-testid="dispute-report-error" /> : null}
      <Space wrap style={{ width: '100%' }}>
        <Form.Item name="type" label={t('disputes.type')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 140 }} options={DISPUTE_TYPES.map((x) => ({ value: x, label: label(DISPUTE_TYPE_LABELS, x) }))} data-testid="dispute-type" />
        </Form.Item>
        <Form.Item name="source" label={t('disputes.source')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 140 }} options={DISPUTE_SOURCES.map((x) => ({ value: x, label: label(DISPUTE_SOURCE_LABELS, x) }))} />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('disputes.titleField')} rules={[{ required: true, max: 80 }]}>
        <Input maxLength={80} data-testid="dispute-title" />
      </Form.Item>
      <Form.Item name="address" label={t('disputes.address')} rules={[{ required: true, max: 256 }]}>
        <Input maxLength={256} data-testid="dispute-address" />
      </Form.Item>
      <Space style={{ marginBottom: 12, display: 'flex' }} wrap>
        <Button icon={<AimOutlined />} onClick={locate} data-testid="dispute-locate">
          {t('disputes.useLocation')}
        </Button>
        <Typography.Text type="secondary">{pos ? t('disputes.located', { lon: pos.lon, lat: pos.lat }) : t('disputes.noLocation')}</Typography.Text>
      </Space>
      <div>
        <Typography.Text strong>{t('disputes.parties')}</Typography.Text>
      </div>
      <Form.List name="parties">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                <Form.Item name={[f.name, 'role']} noStyle>
                  <Select style={{ width: 110 }} options={PARTY_ROLES.map((r) => ({ value: r, label: label(PARTY_ROLE_LABELS, r) }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 64 }]} noStyle>
                  <Input placeholder={t('disputes.partyName')} style={{ width: 120 }} maxLength={64} data-testid="dispute-party-name" />
                </Form.Item>
                <Form.Item name={[f.name, 'phone']} rules={[{ pattern: /^[0-9+\- ]{3,20}$/ }]} noStyle>
                  <Input placeholder={t('disputes.partyPhone')} style={{ width: 140 }} inputMode="tel" maxLength={20} />
                </Form.Item>
                <Form.Item name={[f.name, 'vulnerable']} valuePropName="checked" noStyle>
                  <Checkbox>{t('disputes.vulnerable')}</Checkbox>
                </Form.Item>
                {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(f.name)} /> : null}
              </Space>
            ))}
            <div style={{ marginTop: 8 }}>
              <Button type="dashed" onClick={() => add({ role: 'other' })} icon={<PlusOutlined />} disabled={fields.length >= 50}>
                {t('disputes.addParty')}
              </Button>
            </div>
          </>
        )}
      </Form.List>
      <Space wrap style={{ marginTop: 12 }}>
        <Form.Item name="violence" label={t('disputes.violence')} valuePropName="checked">
          <Switch data-testid="dispute-violence" />
        </Form.Item>
        <Form.Item name="groupSize" label={t('disputes.groupSize')}>
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('disputes.description')}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
      <Button type="primary" block onClick={submit} loading={busy} data-testid="dispute-report-submit">
        {t('disputes.report')}
      </Button>
    </Form>
  );
}
