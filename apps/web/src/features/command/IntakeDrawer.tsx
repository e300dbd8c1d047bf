import { useEffect, useRef, useState } from 'react';
import { App, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { AimOutlined } from '@ant-design/icons';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  INCIDENT_SOURCES,
  INCIDENT_SOURCE_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  type CreateIncidentBody,
  type Incident,
  type IncidentCategory,
  type IncidentSource,
  type LocateResult,
  type PlaceHit,
  type Priority,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { LocateCard } from './LocateCard';
import { AddressSearch, IntakeChecks } from './IntakeAssist';

interface Values {
  source: IncidentSource;
  category?: IncidentCategory;
  priority: Priority;
  address?: string;
  description?: string;
  callerName?: string;
  callerPhone?: string;
  lon?: number | null;
  lat?: number | null;
}

interface Props {
  open: boolean;
  phone: boolean;
  pin: { lon: number; lat: number } | null;
  onPin: (p: { lon: number; lat: number } | null) => void;
  onClose: () => void;
  onCreated: (i: Incident) => void;
}

const validLon = (v: unknown): v is number => typeof v === 'number' && v >= -180 && v <= 180;
const validLat = (v: unknown): v is number => typeof v === 'number' && v >= -90 && v <= 90;

export function IntakeDrawer({ open, phone, pin, onPin, onClose, onCreated }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [locate, setLocate] = useState<LocateResult | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const typed = useRef<ReturnType<typeof setTimeout> | null>(null);
  // the address hit the point was placed from (checked against the point), and the caller's number as typed
  const [hit, setHit] = useState<PlaceHit | null>(null);
  const phoneTyped = Form.useWatch('callerPhone', form);

  // a point chosen on the map (or typed): fill the fields and look up the areas at once
  useEffect(() => {
    if (!pin) {
      setLocate(null);
      setLocateError(null);
      form.setFieldsValue({ lon: null, lat: null });
      return;
    }
    const cur = form.getFieldsValue(['lon', 'lat']);
    if (cur.lon !== pin.lon || cur.lat !== pin.lat) form.setFieldsValue({ lon: pin.lon, lat: pin.lat });
    form.setFields([
      { name: 'lon', errors: [] },
      { name: 'lat', errors: [] },
    ]);
    const ac = new AbortController();
    setLocating(true);
    setLocateError(null);
    api
      .locate(pin.lon, pin.lat, ac.signal)
      .then((r) => {
        setLocate(r);
        setLocating(false);
      })
      .catch((e: unknown) => {
        if (ac.signal.aborted) return;
        setLocate(null);
        setLocating(false);
        setLocateError(errorText(e, lang));
      });
    return () => ac.abort();
  }, [pin, form, lang]);

  const onValues = (changed: Partial<Values>, all: Values) => {
    if ('address' in changed && hit && changed.address !== hit.name) setHit(null);
    if ('lon' in changed || 'lat' in changed) {
      if (typed.current) clearTimeout(typed.current);
      typed.current = setTimeout(() => {
        if (validLon(all.lon) && validLat(all.lat)) onPin({ lon: all.lon, lat: all.lat });
      }, 450);
    }
  };

  const reset = () => {
    form.resetFields();
    setHit(null);
    onPin(null);
  };

  const placeHit = (h: PlaceHit) => {
    setHit(h);
    onPin({ lon: h.lon, lat: h.lat });
  };

  const callAsTyped = () => {
    const v = form.getFieldsValue();
    return {
      source: v.source ?? 'call_110',
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      ...(v.callerName?.trim() ? { callerName: v.callerName.trim() } : {}),
      ...(v.callerPhone?.trim() && /^[0-9+\- ]{3,20}$/.test(v.callerPhone.trim()) ? { callerPhone: v.callerPhone.trim() } : {}),
      ...(validLon(v.lon) && validLat(v.lat) ? { lon: v.lon, lat: v.lat } : {}),
    };
  };

  const submit = async (v: Values) => {
    if (!validLon(v.lon) || !validLat(v.lat)) {
      form.setFields([{ name: 'lon', errors: [t('intake.required.location')] }]);
      return;
    }
    const body: CreateIncidentBody = {
      source: v.source,
      category: v.category!,
      priority: v.priority,
      lon: v.lon,
      lat: v.lat,
      address: (v.address ?? '').trim(),
      ...(v.description?.trim() ? { description: v.description.trim() } : {}),
      ...(v.callerName?.trim() ? { callerName: v.callerName.trim() } : {}),
      ...(v.callerPhone?.trim() ? { callerPhone: v.callerPhone.trim() } : {}),
    };
    setBusy(true);
    try {
      const inc = await api.createIncident(body);
      message.success(t('intake.success', { number: inc.number }));
      form.resetFields();
      setHit(null);
      onPin(null);
      onCreated(inc);
    } catch (e) {
      const fields = fieldProblems(e, lang);
      if (fields.length) {
        form.setFields(fields.map((f) => ({ name: f.path, errors: [f.message] })) as never);
      }
      if (e instanceof ApiError && e.code === 'OUTSIDE_JURISDICTION') {
        const msg = errorText(e, lang);
        form.setFields([
          { name: 'lon', errors: [msg] },
          { name: 'lat', errors: [''] },
        ]);
      }
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      mask={false}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '64%' : 460}
      title={t('intake.title')}
      className="jw-drawer"
      rootClassName="jw-drawer-root"
      getContainer={phone ? undefined : false}
      destroyOnHidden={false}
      forceRender
      extra={
        <Button size="small" onClick={reset}>
          {t('intake.reset')}
        </Button>
      }
      footer={
        <Button type="primary" block loading={busy} onClick={() => form.submit()} data-testid="intake-submit">
          {t('intake.submit')}
        </Button>
      }
    >
      <div data-testid="intake-form">
        <Form<Values>
          form={form}
          layout="vertical"
          size="middle"
          requiredMark
          initialValues={{ source: 'call_110', priority: 2 }}
          onValuesChange={onValues}
          onFinish={submit}
          className="jw-intake-form"
          scrollToFirstError
        >
          <Form.Item name="address" label={t('intake.address')} rules={[{ required: true, whitespace: true, message: t('intake.required.address') }, { max: 256 }]}>
            <AddressSearch onHit={placeHit} />
          </Form.Item>
          <div className="jw-pick-hint">
            <AimOutlined /> {t('intake.pickHint')}
          </div>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="lon" label={t('intake.lon')} rules={[{ required: true, message: t('intake.required.location') }]}>
                <InputNumber style={{ width: '100%' }} min={-180} max={180} step={0.0001} precision={6} data-testid="intake-lon" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="lat" label={t('intake.lat')} rules={[{ required: true, message: t('intake.required.location') }]}>
                <InputNumber style={{ width: '100%' }} min={-90} max={90} step={0.0001} precision={6} data-testid="intake-lat" />
              </Form.Item>
            </Col>
          </Row>
          <LocateCard result={locate} loading={locating} error={locateError} />
          <IntakeChecks
            point={pin}
            phone={phoneTyped}
            hit={hit}
            call={callAsTyped}
            onLinked={(inc) => {
              form.resetFields();
              setHit(null);
              onPin(null);
              onCreated(inc);
            }}
          />
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="category" label={t('intake.category')} rules={[{ required: true, message: t('intake.required.category') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="intake-category"
                  options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="source" label={t('intake.source')} rules={[{ required: true }]}>
                <Select data-testid="intake-source" options={INCIDENT_SOURCES.map((s) => ({ value: s, label: label(INCIDENT_SOURCE_LABELS, s) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="priority" label={t('intake.priority')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="intake-priority">
              {PRIORITIES.map((p) => (
                <Radio.Button key={p} value={p} data-testid={`intake-priority-${p}`}>
                  {label(PRIORITY_LABELS, p)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="description" label={t('intake.description')} rules={[{ max: 4000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="intake-description" maxLength={4000} />
          </Form.Item>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="callerName" label={t('intake.callerName')} rules={[{ max: 64 }]}>
                <Input data-testid="intake-caller-name" maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="callerPhone" label={t('intake.callerPhone')} rules={[{ pattern: /^[0-9+\- ]{3,20}$/, message: t('intake.phoneInvalid') }]}>
                <Input data-testid="intake-caller-phone" inputMode="tel" maxLength={20} />
              </Form.Item>
            </Col>
          </Row>
          {!pin && (
            <Typography.Text type="secondary" className="jw-hint">
              {t('map.pickHint')}
            </Typography.Text>
          )}
        </Form>
      </div>
    </Drawer>
  );
}
