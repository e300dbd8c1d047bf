// 视频巡查 (/video): the rounds of a day, schedule a round over an area's cameras, and work through a round camera by
// camera: open the picture (the video platform's viewer), then 正常 / 发现问题 / 离线. A finding may open an incident
// in the same step.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Checkbox, DatePicker, Empty, Form, Input, Modal, Progress, Radio, Select, Spin, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, DisconnectOutlined, EyeOutlined, PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  AREA_KIND_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_CATEGORY_LABELS,
  PRIORITIES,
  PRIORITY_LABELS,
  type CameraCheckBody,
  type CameraCheckResult,
  type IncidentCategory,
  type Priority,
  type VideoRound,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { canPlanPatrol, localDate } from '../patrol/helpers';
import { CameraResultTag, RoundStatusTag } from '../patrol/tags';
import { areaOptions, usePatrolRefs } from '../patrol/usePatrolRefs';
import { useUrlMirror } from '../../lib/useUrlMirror';
import '../patrol/patrol.css';

type Camera = VideoRound['cameras'][number];

export default function VideoPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const planner = canPlanPatrol(user?.role);
  const phone = useIsPhone();
  const refs = usePatrolRefs();
  const [params] = useSearchParams();
  const [roundId, select] = useState<number | null>(() => Number(params.get('round')) || null);
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : localDate(Date.now())));
  useUrlMirror({ round: roundId === null ? null : String(roundId), date });
  const [areaId, setAreaId] = useState<number | undefined>(undefined);
  const [rounds, setRounds] = useState<VideoRound[]>([]);
  const [listLoading, setListLoading] = useState(false);
  const [listError, setListError] = useState<unknown>(null);
  const [listNonce, setListNonce] = useState(0);
  const [round, setRound] = useState<VideoRound | null>(null);
  const [roundError, setRoundError] = useState<unknown>(null);
  const [scheduling, setScheduling] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    setListLoading(true);
    api
      .videoRounds({ date, areaId }, ac.signal)
      .then((l) => {
        if (ac.signal.aborted) return;
        setRounds([...l].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt) || a.id - b.id));
        setListError(null);
      })
      .catch((e) => !ac.signal.aborted && setListError(e))
      .finally(() => !ac.signal.aborted && setListLoading(false));
    return () => ac.abort();
  }, [date, areaId, listNonce]);

  const loadRound = useCallback(async (id: number, signal?: AbortSignal) => {
    try {
      const r = await api.videoRound(id, signal);
      if (signal?.aborted) return;
      setRound(r);
      setRoundError(null);
    } catch (e) {
      if (!signal?.aborted && (e as { name?: string }).name !== 'AbortError') setRoundError(e);
    }
  }, []);

  useEffect(() => {
    if (roundId === null) {
      setRound(null);
      return;
    }
    const ac = new AbortController();
    setRound((r) => (r && r.id === roundId ? r : null));
    void loadRound(roundId, ac.signal);
    return () => ac.abort();
  }, [roundId, loadRound]);

  // on a big screen, open the first round that is not done
  useEffect(() => {
    if (phone || roundId !== null || !rounds.length) return;
    select((rounds.find((r) => r.status !== 'done') ?? rounds[0])!.id);
  }, [rounds, roundId, phone, select]);

  const areaOpts = useMemo(() => areaOptions(refs.areas, (k) => label(AREA_KIND_LABELS, k)), [refs.areas, label]);

  const onChecked = (res: unknown) => {
    if (res && typeof res === 'object' && 'cameras' in res && 'id' in res && (res as VideoRound).id === roundId) setRound(res as VideoRound);
    else if (roundId !== null) void loadRound(roundId);
    setListNonce((n) => n + 1);
  };

  const list = (
    <div className="vp-rounds" data-testid="video-rounds">
      {listLoading && !rounds.length && <Spin size="small" />}
      {!!listError && <Alert type="error" showIcon title={errorText(listError, lang)} />}
      {!listLoading && !listError && rounds.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('video.noRounds', { date })} />}
      {rounds.map((r) => {
        const total = r.cameras.length;
        return (
          <button key={r.id} type="button" className={`vp-round ${r.id === roundId ? 'is-active' : ''}`} onClick={() => select(r.id)} data-testid={`round-${r.id}`}>
            <span className="vp-round-line">
              <span className="vp-round-time jw-num">{dayjs(r.scheduledAt).format('HH:mm')}</span>
              <b>{r.areaName}</b>
              <span style={{ marginLeft: 'auto' }}>
                <RoundStatusTag status={r.status} />
              </span>
            </span>
            <Progress percent={total ? Math.round((r.checked / total) * 100) : 0} size="small" format={() => `${r.checked}/${total}`} />
            <span className="vp-round-sub">
              {t('video.camerasN', { n: total })}
              {r.findings > 0 && (
                <Tag color="red" className="jw-tag" style={{ marginLeft: 6 }}>
                  {t('video.findingsN', { n: r.findings })}
                </Tag>
              )}
            </span>
          </button>
        );
      })}
    </div>
  );

  return (
    <div className={`vp-page ${phone ? 'is-phone' : ''}`} data-testid="video-page">
      <div className="pt-toolbar">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('video.title')}
        </Typography.Title>
        <DatePicker
          value={dayjs(date)}
          onChange={(d) => {
            if (!d) return;
            setDate(d.format('YYYY-MM-DD'));
            select(null);
          }}
          allowClear={false}
          format="YYYY-MM-DD"
          className="pt-date"
          aria-label={t('patrol.date')}
          data-testid="video-date"
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={areaId}
          onChange={(v) => {
            setAreaId(v);
            select(null);
          }}
          options={areaOpts}
          placeholder={t('video.allAreas')}
          className="pt-area-select"
          popupMatchSelectWidth={false}
          loading={refs.loading}
        />
        {planner && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)} data-testid="round-new">
            {t('video.schedule')}
          </Button>
        )}
        <Tooltip title={t('common.refresh')}>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setListNonce((n) => n + 1);
              if (roundId !== null) void loadRound(roundId);
            }}
            aria-label={t('common.refresh')}
          />
        </Tooltip>
      </div>
      <div className="vp-body">
        {list}
        <div className="vp-detail">
          {!!roundError && <Alert type="error" showIcon title={errorText(roundError, lang)} />}
          {roundId !== null && !round && !roundError && (
            <div className="pt-loading">
              <Spin />
            </div>
          )}
          {round && <RoundDetail round={round} planner={planner} onChecked={onChecked} onReload={() => void loadRound(round.id)} />}
          {roundId === null && !phone && rounds.length > 0 && <Empty description={t('video.pickRound')} />}
        </div>
      </div>
      {scheduling && (
        <ScheduleModal
          areaOpts={areaOpts}
          defaultAreaId={areaId ?? user?.scopeAreaId ?? undefined}
          date={date}
          onClose={() => setScheduling(false)}
          onCreated={(r) => {
            setScheduling(false);
            message.success(t('video.scheduled', { time: dayjs(r.scheduledAt).format('MM-DD HH:mm'), n: r.cameras.length }));
            const d = localDate(Date.parse(r.scheduledAt));
            if (d !== date) setDate(d);
            setRound(r);
            select(r.id);
            setListNonce((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

// ------------------------------------------------------------------ a round

function RoundDetail({ round, planner, onChecked, onReload }: { round: VideoRound; planner: boolean; onChecked: (res: unknown) => void; onReload: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [finding, setFinding] = useState<Camera | null>(null);
  const total = round.cameras.length;
  const next = round.cameras.findIndex((c) => c.result === null);

  const check = async (c: Camera, result: CameraCheckResult) => {
    setBusy(`${c.cameraId}-${result}`);
    try {
      const res = await api.checkCamera(round.id, c.cameraId, { result });
      onChecked(res);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        onReload();
      } else message.error(errorText(e, lang));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="round-detail" data-round={round.id}>
      <div className="vp-detail-head">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {dayjs(round.scheduledAt).format('MM-DD HH:mm')} · {round.areaName}
        </Typography.Title>
        <RoundStatusTag status={round.status} />
        <span className="jw-muted">
          {t('video.checkedOf', { n: round.checked, total })}
          {round.findings > 0 && ` · ${t('video.findingsN', { n: round.findings })}`}
        </span>
      </div>
      <Progress percent={total ? Math.round((round.checked / total) * 100) : 0} showInfo={false} style={{ marginBottom: 8 }} />
      {total === 0 && <Empty description={t('video.noCameras')} />}
      <ol className="vp-cameras">
        {round.cameras.map((c, i) => (
          <li key={c.cameraId} className={`vp-camera ${i === next ? 'is-next' : ''} ${c.result ? `r-${c.result}` : ''}`} data-testid={`camera-${c.cameraId}`} data-result={c.result ?? ''}>
            <span className="vp-camera-n">{i + 1}</span>
            <div className="vp-camera-main">
              <div className="vp-camera-name">
                {c.name} <span className="jw-muted jw-num">{c.code}</span>
              </div>
              <div className="vp-camera-sub">
                {c.result ? (
                  <>
                    <CameraResultTag result={c.result} />
                    {c.checkedAt && `${dayjs(c.checkedAt).format('HH:mm')} · ${c.checkedByName ?? ''}`}
                    {c.note && ` · ${c.note}`}
                    {c.incidentNumber && (
                      <Tag color="magenta" className="jw-tag" style={{ marginLeft: 6 }} data-testid={`camera-incident-${c.cameraId}`}>
                        {t('video.incident', { number: c.incidentNumber })}
                      </Tag>
                    )}
                  </>
                ) : (
                  t('video.unchecked')
                )}
              </div>
            </div>
            {c.viewUrl ? (
              <Button href={c.viewUrl} target="_blank" rel="noopener noreferrer" icon={<EyeOutlined />} data-testid={`camera-view-${c.cameraId}`}>
                {t('video.view')}
              </Button>
            ) : (
              <Tooltip title={t('video.noViewUrl')}>
                <Button icon={<EyeOutlined />} disabled>
                  {t('video.view')}
                </Button>
              </Tooltip>
            )}
            {planner && (round.status !== 'done' || c.result === null) ? (
              <div className="vp-camera-actions">
                <Button
                  icon={<CheckOutlined />}
                  onClick={() => void check(c, 'normal')}
                  loading={busy === `${c.cameraId}-normal`}
                  type={c.result === 'normal' ? 'primary' : 'default'}
                  data-testid={`camera-normal-${c.cameraId}`}
                >
                  {t('video.normal')}
                </Button>
                <Button icon={<WarningOutlined />} danger onClick={() => setFinding(c)} type={c.result === 'finding' ? 'primary' : 'default'} data-testid={`camera-finding-${c.cameraId}`}>
                  {t('video.finding')}
                </Button>
                <Button
                  icon={<DisconnectOutlined />}
                  color="default"
                  variant={c.result === 'offline' ? 'filled' : 'outlined'}
                  onClick={() => void check(c, 'offline')}
                  loading={busy === `${c.cameraId}-offline`}
                  data-testid={`camera-offline-${c.cameraId}`}
                >
                  {t('video.offline')}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {finding && (
        <FindingModal
          roundId={round.id}
          camera={finding}
          onClose={() => setFinding(null)}
          onDone={(res) => {
            setFinding(null);
            onChecked(res);
          }}
        />
      )}
    </div>
  );
}

interface FindingValues {
  note?: string;
  createIncident: boolean;
  category?: IncidentCategory;
  priority: Priority;
  description?: string;
}

function FindingModal({ roundId, camera, onClose, onDone }: { roundId: number; camera: Camera; onClose: () => void; onDone: (res: unknown) => void }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FindingValues>();
  const [busy, setBusy] = useState(false);
  const withIncident = Form.useWatch('createIncident', form);

  const submit = async (v: FindingValues) => {
    const note = v.note?.trim();
    const body: CameraCheckBody = {
      result: 'finding',
      ...(note ? { note } : {}),
      ...(v.createIncident && v.category ? { incident: { category: v.category, priority: v.priority, description: (v.description ?? '').trim() } } : {}),
    };
    setBusy(true);
    try {
      const res = await api.checkCamera(roundId, camera.cameraId, body);
      const number = findIncidentNumber(res, camera.cameraId);
      message.success(number ? t('video.findingWithIncident', { number }) : t('video.findingSaved'));
      onDone(res);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('video.findingTitle', { name: camera.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ danger: true, 'data-testid': 'finding-submit' } as never}
      destroyOnHidden
      width={480}
    >
      <Form<FindingValues> form={form} layout="vertical" initialValues={{ createIncident: false, priority: 2 }} onFinish={submit} data-testid="finding-form">
        <Form.Item name="note" label={t('video.note')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} placeholder={t('video.notePlaceholder')} data-testid="finding-note" />
        </Form.Item>
        <Form.Item name="createIncident" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox
            data-testid="finding-incident"
            onChange={(e) => {
              if (e.target.checked && !form.getFieldValue('description')) {
                const note = (form.getFieldValue('note') as string | undefined)?.trim();
                form.setFieldsValue({ description: `${t('video.descriptionPrefix', { name: camera.name })}${note ? `：${note}` : ''}` });
              }
            }}
          >
            {t('video.createIncident')}
          </Checkbox>
        </Form.Item>
        {withIncident && (
          <>
            <Form.Item name="category" label={t('intake.category')} rules={[{ required: true, message: t('intake.required.category') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: label(INCIDENT_CATEGORY_LABELS, c) }))}
                data-testid="finding-category"
              />
            </Form.Item>
            <Form.Item name="priority" label={t('intake.priority')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" options={PRIORITIES.map((p) => ({ value: p, label: label(PRIORITY_LABELS, p) }))} />
            </Form.Item>
            <Form.Item
              name="description"
              label={t('intake.description')}
              rules={[
                { required: true, whitespace: true, message: t('video.required.description') },
                { max: 4000 },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={4000} data-testid="finding-description" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** The incident number a check answer carries for this camera, when the server returned the round. */
function findIncidentNumber(res: unknown, cameraId: number): string | null {
  if (!res || typeof res !== 'object') return null;
  const r = res as { cameras?: Camera[]; incidentNumber?: unknown; incident?: { number?: unknown } };
  if (Array.isArray(r.cameras)) return r.cameras.find((c) => c.cameraId === cameraId)?.incidentNumber ?? null;
  if (typeof r.incidentNumber === 'string') return r.incidentNumber;
  if (r.incident && typeof r.incident.number === 'string') return r.incident.number;
  return null;
}

// ------------------------------------------------------------------ scheduling a round

function ScheduleModal({
  areaOpts,
  defaultAreaId,
  date,
  onClose,
  onCreated,
}: {
  areaOpts: ReturnType<typeof areaOptions>;
  defaultAreaId: number | undefined;
  date: string;
  onClose: () => void;
  onCreated: (r: VideoRound) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ areaId: number; at: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const initialAt = useMemo(() => {
    const now = dayjs();
    const base = date === now.format('YYYY-MM-DD') ? now : dayjs(`${date}T09:00`);
    const m = base.minute();
    return base.minute(Math.ceil(m / 5) * 5).second(0).millisecond(0);
  }, [date]);
  const knownArea = defaultAreaId !== undefined && areaOpts.some((g) => g.options.some((o) => o.value === defaultAreaId));

  const submit = async (v: { areaId: number; at: Dayjs }) => {
    setBusy(true);
    setErr(null);
    try {
      const r = await api.createVideoRound({ areaId: v.areaId, scheduledAt: v.at.toISOString() });
      onCreated(r);
    } catch (e) {
      setErr(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('video.schedule')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'round-submit' } as never}
      destroyOnHidden
      width={420}
    >
      <Form form={form} layout="vertical" initialValues={{ areaId: knownArea ? defaultAreaId : undefined, at: initialAt }} onFinish={submit}>
        <Form.Item name="areaId" label={t('patrol.area')} rules={[{ required: true, message: t('video.required.area') }]} extra={t('video.areaHelp')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={areaOpts} data-testid="round-area" />
        </Form.Item>
        <Form.Item name="at" label={t('video.time')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} data-testid="round-time" />
        </Form.Item>
        {err && <Alert type="error" showIcon title={err} />}
      </Form>
    </Modal>
  );
}
