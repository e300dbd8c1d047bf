// What the key places (重点部位) and cameras (视频点位) tabs share: their endpoints, the point picked on a small map or
// typed as longitude / latitude, retiring with a reason (what still points to the record shown when refused), and
// the record's change history (from the audit log: the fields before and after).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Timeline, Typography, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { CameraBody, CameraPatch, CameraRecord, KeyPlace, KeyPlaceBody, KeyPlacePatch, PlaceChange } from '@jingwang/contracts';
import { useClientConfig } from '../../app/config';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { http } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import { MapView, type MapApi } from '../../map/MapView';

export const placesApi = {
  keyPlaces: (retired: boolean) => http.get<KeyPlace[]>('/api/key-places', retired ? { retired: 'true' } : {}),
  createKeyPlace: (b: KeyPlaceBody) => http.post<KeyPlace>('/api/key-places', b),
  updateKeyPlace: (id: number, b: KeyPlacePatch) => http.patch<KeyPlace>(`/api/key-places/${id}`, b),
  retireKeyPlace: (id: number, version: number, reason: string) => http.post<KeyPlace>(`/api/key-places/${id}/retire`, { version, reason }),
  keyPlaceHistory: (id: number) => http.get<PlaceChange[]>(`/api/key-places/${id}/history`),
  cameras: (retired: boolean) => http.get<CameraRecord[]>('/api/cameras', retired ? { retired: 'true' } : {}),
  createCamera: (b: CameraBody) => http.post<CameraRecord>('/api/cameras', b),
  updateCamera: (id: number, b: CameraPatch) => http.patch<CameraRecord>(`/api/cameras/${id}`, b),
  retireCamera: (id: number, version: number, reason: string) => http.post<CameraRecord>(`/api/cameras/${id}/retire`, { version, reason }),
  cameraHistory: (id: number) => http.get<PlaceChange[]>(`/api/cameras/${id}/history`),
};

/** Longitude and latitude fields of the form, and a small map: a click sets both, the pin shows them. */
export function PointPicker({ form, testId }: { form: FormInstance; testId: string }) {
  const { t } = useI18n();
  const { config } = useClientConfig();
  const phone = useIsPhone();
  const lon = Form.useWatch<number | null>('lon', form);
  const lat = Form.useWatch<number | null>('lat', form);
  const [api, setApi] = useState<MapApi | null>(null);
  const has = typeof lon === 'number' && typeof lat === 'number';
  // an existing point: the map opens on it
  useEffect(() => {
    if (api && has) api.flyTo(lon, lat, 15);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  return (
    <>
      <Space.Compact block>
        <Form.Item name="lon" label={t('sites.lon')} rules={[{ required: true, message: t('sites.pointMissing') }]} style={{ flex: 1 }}>
          <InputNumber min={-180} max={180} precision={6} step={0.0001} style={{ width: '100%' }} data-testid={`${testId}-lon`} />
        </Form.Item>
        <Form.Item name="lat" label={t('sites.lat')} rules={[{ required: true, message: t('sites.pointMissing') }]} style={{ flex: 1 }}>
          <InputNumber min={-90} max={90} precision={6} step={0.0001} style={{ width: '100%' }} data-testid={`${testId}-lat`} />
        </Form.Item>
      </Space.Compact>
      <div style={{ height: phone ? 220 : 260, marginBottom: 8, borderRadius: 6, overflow: 'hidden' }}>
        <MapView
          testId={`${testId}-map`}
          areaKinds={['station', 'community', 'grid']}
          visible={{ roads: !config.basemapUrl, station: true, community: true, grid: true, units: false, incidents: false }}
          gcj={config.basemapGcj02}
          picking
          pin={has ? { lon, lat } : null}
          onReady={setApi}
          onClick={(c) => {
            form.setFieldsValue({ lon: c.lon, lat: c.lat });
            void form.validateFields(['lon', 'lat']).catch(() => undefined);
          }}
        />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 12 }}>
        {t('sites.pointHelp')}
      </Typography.Text>
    </>
  );
}

interface Refs {
  openIncidents?: number;
  incidents?: { number: string }[];
  openRounds?: number;
  videoRounds?: { scheduledAt: string }[];
}

/** 停用 with a required reason; a refusal names what still points to the record. */
export function RetireWithReason({ name, what, onRetire, onDone, testId }: { name: string; what: 'keyPlace' | 'camera'; onRetire: (reason: string) => Promise<unknown>; onDone: () => void; testId: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [blocked, setBlocked] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) {
      setBlocked(t('sites.retireReasonRequired'));
      return;
    }
    setBusy(true);
    setBlocked(null);
    try {
      await onRetire(reason.trim());
      void message.success(t('sites.retired'));
      setOpen(false);
      onDone();
    } catch (e) {
      const d = (e instanceof ApiError && e.code === 'STILL_REFERENCED' ? e.details : null) as Refs | null;
      if (d?.openIncidents) setBlocked(t('sites.retireBlockedIncidents', { n: d.openIncidents, list: (d.incidents ?? []).map((x) => x.number).join('、') }));
      else if (d?.openRounds) setBlocked(t('sites.retireBlockedRounds', { n: d.openRounds, list: (d.videoRounds ?? []).map((x) => dayjs(x.scheduledAt).format('MM-DD HH:mm')).join('、') }));
      else setBlocked(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        danger
        type="link"
        data-testid={`${testId}-retire`}
        onClick={() => {
          setReason('');
          setBlocked(null);
          setOpen(true);
        }}
      >
        {t('sites.retire')}
      </Button>
      <Modal
        open={open}
        title={t('sites.retireTitle', { name })}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={t('sites.retire')}
        okButtonProps={{ danger: true, loading: busy, ...({ 'data-testid': `${testId}-retire-ok` } as Record<string, string>) }}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t(`sites.retireHelp.${what}`)}</Typography.Text>
          <Input.TextArea
            autoFocus
            rows={2}
            maxLength={200}
            showCount
            placeholder={t('sites.retireReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid={`${testId}-retire-reason`}
          />
          {blocked && <Alert type="error" showIcon message={blocked} data-testid={`${testId}-retire-blocked`} />}
        </Space>
      </Modal>
    </>
  );
}

/** The record's changes, newest first: who, when, each changed field from -> to. */
export function ChangeHistory({ load, labels }: { load: () => Promise<PlaceChange[]>; labels: Record<string, string> }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<PlaceChange[] | null>(null);
  useEffect(() => {
    let alive = true;
    load()
      .then((r) => alive && setRows(r))
      .catch(() => alive && setRows([]));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (rows === null) return null;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return (
    <>
      <Typography.Text strong>{t('sites.history')}</Typography.Text>
      {rows.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('sites.historyEmpty')}</Typography.Paragraph>
      ) : (
        <Timeline
          style={{ marginTop: 12 }}
          items={rows.slice(0, 20).map((c) => {
            const fields = Object.keys(c.after ?? {}).filter((k) => k !== 'stationId' && k in labels);
            const what =
              c.change === 'updated'
                ? fields.map((k) => `${labels[k]}：${show(c.before?.[k])} → ${show(c.after?.[k])}`).join('；')
                : c.change === 'retired'
                  ? (c.reason ?? '')
                  : '';
            return {
              color: c.change === 'retired' ? 'red' : c.change === 'created' ? 'green' : 'blue',
              children: (
                <span style={{ fontSize: 13 }}>
                  {dayjs(c.at).format('YYYY-MM-DD HH:mm')} · {c.username} · {t(`sites.change.${c.change}`)}
                  {what ? ` · ${what}` : ''}
                </span>
              ),
            };
          })}
        />
      )}
    </>
  );
}
