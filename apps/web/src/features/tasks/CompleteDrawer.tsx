// Completing a task (or reporting part of it) with its evidence: photos from the phone's camera (downscaled like the
// patrol's, field/photo.ts), the template's form, the position when asked for, a note. Sends the version read:
// 409 STALE_VERSION offers a reload that keeps what was entered; 422 EVIDENCE_INVALID shows each problem next to
// its field. Through the phone's outbox (issue 13 part 5): sent at once with signal; without it kept with its photos
// and the time the officer acted, shown 待上传 on the checklist and sent in order when the signal returns.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Spin, Typography } from 'antd';
import { AimOutlined, CameraOutlined, DeleteOutlined, ReloadOutlined } from '@ant-design/icons';
import type { TaskDetail, TaskInstance } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { tasksApi } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { downscalePhoto } from '../field/photo';
import { useOutbox } from '../field/useOutbox';
import { dataUrlBytes } from '../patrol/helpers';
import { completeBody, evidenceErrors, missingEvidence, progressText, type EvidenceDraft, type EvidenceProblem, type FormValue } from './helpers';

const MAX_PHOTOS = 6;

/** The position once, with its accuracy (null when refused, unavailable or slow). */
function positionWithAccuracy(timeoutMs = 8000): Promise<{ lon: number; lat: number; accuracyMeters?: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: { lon: number; lat: number; accuracyMeters?: number } | null) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    setTimeout(() => finish(null), timeoutMs + 500);
    try {
      navigator.geolocation.getCurrentPosition(
        (p) =>
          finish({
            lon: Math.round(p.coords.longitude * 1e6) / 1e6,
            lat: Math.round(p.coords.latitude * 1e6) / 1e6,
            ...(Number.isFinite(p.coords.accuracy) ? { accuracyMeters: Math.round(p.coords.accuracy) } : {}),
          }),
        () => finish(null),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30_000 },
      );
    } catch {
      finish(null);
    }
  });
}

const emptyDraft = (): EvidenceDraft => ({ photos: [], form: {}, location: null, note: '', amount: null });

export function CompleteDrawer({ task, onClose, onDone }: { task: TaskInstance | null; onClose: () => void; onDone: (t: TaskInstance, queued?: boolean) => void }) {
  const { t, lang } = useI18n();
  const { box } = useOutbox();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const [current, setCurrent] = useState<TaskInstance | null>(task);
  const [draft, setDraft] = useState<EvidenceDraft>(emptyDraft);
  const [errors, setErrors] = useState<Record<string, EvidenceProblem[]>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [locBusy, setLocBusy] = useState(false);
  const [locFailed, setLocFailed] = useState(false);
  const [checked, setChecked] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setCurrent(task);
    setDraft(emptyDraft());
    setErrors({});
    setFailure(null);
    setChecked(false);
    setLocFailed(false);
  }, [task?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const ev = current?.template.evidence ?? {};
  const remaining = current ? Math.max(1, current.target - current.progress) : 1;

  const locate = async () => {
    setLocBusy(true);
    setLocFailed(false);
    const p = await positionWithAccuracy();
    setLocBusy(false);
    if (p) {
      setDraft((d) => ({ ...d, location: p }));
      setErrors((e) => ({ ...e, location: [] }));
    } else setLocFailed(true);
  };

  // the template asks for the position: ask the browser at once
  useEffect(() => {
    if (task && task.template.evidence.location) void locate();
  }, [task?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const onFiles = async (files: FileList | null) => {
    if (!files || !files.length) return;
    setPhotoBusy(true);
    try {
      const added: { dataUrl: string; takenAt: string }[] = [];
      for (const f of Array.from(files).slice(0, MAX_PHOTOS - draft.photos.length)) {
        // taken now (camera) or picked from the gallery: the file's time when it is recent, else now
        const at = f.lastModified && Date.now() - f.lastModified < 12 * 3600_000 ? f.lastModified : Date.now();
        added.push({ dataUrl: await downscalePhoto(f), takenAt: new Date(Math.min(at, Date.now())).toISOString() });
      }
      setDraft((d) => ({ ...d, photos: [...d.photos, ...added].slice(0, MAX_PHOTOS) }));
      setErrors((e) => ({ ...e, photos: [] }));
    } catch {
      setErrors((e) => ({ ...e, photos: [{ code: 'photo_failed', message: '' }] }));
    } finally {
      setPhotoBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const reload = async () => {
    if (!current) return;
    setBusy(true);
    try {
      const d = await tasksApi.task(current.id);
      setCurrent(d.task);
      setFailure(null);
      if (d.task.status === 'done' || d.task.status === 'cancelled') onDone(d.task);
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!current) return;
    setChecked(true);
    const missing = missingEvidence(ev, draft);
    if (missing.length) {
      const e: Record<string, EvidenceProblem[]> = {};
      for (const m of missing) (e[m.field] ??= []).push({ code: `missing_${m.key}`, message: '' });
      setErrors(e);
      return;
    }
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      const amount = draft.amount && draft.amount < remaining ? draft.amount : null;
      const body = completeBody(current.version, ev, { ...draft, amount });
      const label = `${amount ? t('task.submitPartial', { n: amount }) : t('task.submitDone')}：${current.template.name}`;
      const r = box
        ? await box.submit({ kind: 'task_complete', path: `/api/tasks/${current.id}/complete`, body: body as unknown as Record<string, unknown>, label, versionOf: { taskId: current.id } })
        : { sent: true, queued: false, body: await tasksApi.complete(current.id, body) };
      if (!r.sent) {
        // no signal (or behind earlier actions): kept, sent later; the checklist shows it 待上传
        onDone(current, true);
        return;
      }
      const d = r.body as TaskDetail;
      // photos with no EXIF time or an old one are kept, marked as gallery photos (the lead sees the mark)
      const gallery = d.evidence[d.evidence.length - 1]?.galleryPhotoIds.length ?? 0;
      if (gallery > 0) message.warning(t('task.galleryPhotos', { n: gallery }));
      onDone(d.task);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'EVIDENCE_INVALID') setErrors(evidenceErrors(e.details));
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const problemText = (p: EvidenceProblem, n?: number) => {
    const key = `task.err.${p.code}` as Parameters<typeof t>[0];
    const s = t(key, { n: n ?? '' });
    return s === key ? p.message || p.code : s;
  };
  const help = (field: string, n?: number) => {
    const list = errors[field];
    if (!list || !list.length) return undefined;
    return (
      <span data-testid={`complete-error-${field.replace('.', '-')}`}>
        {list.map((p, i) => (
          <div key={i}>{problemText(p, n)}</div>
        ))}
      </span>
    );
  };
  const status = (field: string) => (errors[field]?.length ? ('error' as const) : undefined);
  const generalErrors = errors[''] ?? [];
  const stale = failure instanceof ApiError && failure.code === 'STALE_VERSION';
  const setForm = (name: string, v: FormValue | undefined) => {
    setDraft((d) => ({ ...d, form: { ...d.form, [name]: v } }));
    if (checked) setErrors((e) => ({ ...e, [`form.${name}`]: [] }));
  };

  return (
    <Drawer
      open={!!task}
      onClose={onClose}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '92%' : 520}
      title={current?.template.name}
      destroyOnHidden
      data-testid="complete-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={photoBusy} onClick={() => void submit()} data-testid="complete-submit">
            {draft.amount && draft.amount < remaining ? t('task.submitPartial', { n: draft.amount }) : t('task.submitDone')}
          </Button>
        </Space>
      }
    >
      {current && (
        <Form layout="vertical" className="tk-complete" onFinish={() => void submit()}>
          <div className="jw-muted" style={{ marginBottom: 8 }}>
            {t('task.progressNow', { p: progressText(current) })}
          </div>
          {stale && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 10 }}
              data-testid="complete-stale"
              title={t('task.stale')}
              action={
                <Button size="small" icon={<ReloadOutlined />} onClick={() => void reload()}>
                  {t('task.reloadKeep')}
                </Button>
              }
            />
          )}
          {failure !== null && !stale && !(failure instanceof ApiError && failure.code === 'EVIDENCE_INVALID') && (
            <Alert type="error" showIcon style={{ marginBottom: 10 }} title={errorText(failure, lang)} data-testid="complete-failure" />
          )}
          {failure instanceof ApiError && failure.code === 'EVIDENCE_INVALID' && (
            <Alert type="error" showIcon style={{ marginBottom: 10 }} title={t('task.evidenceInvalid')} description={generalErrors.map((p) => problemText(p)).join('；') || undefined} data-testid="complete-invalid" />
          )}

          {current.target - current.progress > 1 && (
            <Form.Item label={t('task.amount', { unit: current.template.unit })} validateStatus={status('amount')} help={help('amount') ?? t('task.amountHelp', { n: remaining })}>
              <InputNumber
                min={1}
                max={remaining}
                value={draft.amount ?? remaining}
                onChange={(v) => setDraft((d) => ({ ...d, amount: typeof v === 'number' ? v : null }))}
                style={{ width: 140 }}
                data-testid="complete-amount"
              />
            </Form.Item>
          )}

          {
            <Form.Item
              label={ev.photos ? t('task.photosNeeded', { n: ev.photos }) : t('task.photosOptional')}
              required={!!ev.photos}
              validateStatus={status('photos')}
              help={help('photos', ev.photos)}
            >
              <input ref={fileRef} type="file" accept="image/*" capture="environment" multiple className="tk-file" style={{ display: 'none' }} onChange={(e) => void onFiles(e.target.files)} data-testid="complete-photo-input" />
              <div className="tk-photos">
                {draft.photos.map((p, i) => (
                  <div className="tk-photo" key={i} data-testid="complete-photo-preview">
                    <img src={p.dataUrl} alt={t('task.photo', { n: i + 1 })} />
                    <span className="tk-photo-size jw-num">{Math.max(1, Math.round(dataUrlBytes(p.dataUrl) / 1024))} KB</span>
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      className="tk-photo-del"
                      aria-label={t('task.removePhoto')}
                      onClick={() => setDraft((d) => ({ ...d, photos: d.photos.filter((_, k) => k !== i) }))}
                    />
                  </div>
                ))}
                {draft.photos.length < MAX_PHOTOS && (
                  <Button className="tk-photo-add" icon={photoBusy ? <Spin size="small" /> : <CameraOutlined />} onClick={() => fileRef.current?.click()} data-testid="complete-photo-button">
                    {t('task.takePhoto')}
                  </Button>
                )}
              </div>
            </Form.Item>
          }

          {(ev.form ?? []).map((f) => (
            <Form.Item key={f.name} label={f.label} required={f.required} validateStatus={status(`form.${f.name}`)} help={help(`form.${f.name}`)}>
              {f.type === 'text' && <Input value={(draft.form[f.name] as string) ?? ''} onChange={(e) => setForm(f.name, e.target.value)} maxLength={2000} data-testid={`complete-form-${f.name}`} />}
              {f.type === 'number' && (
                <InputNumber value={(draft.form[f.name] as number) ?? null} onChange={(v) => setForm(f.name, typeof v === 'number' ? v : undefined)} style={{ width: 180 }} data-testid={`complete-form-${f.name}`} />
              )}
              {f.type === 'date' && <Input type="date" value={(draft.form[f.name] as string) ?? ''} onChange={(e) => setForm(f.name, e.target.value)} style={{ width: 180 }} data-testid={`complete-form-${f.name}`} />}
              {f.type === 'choice' &&
                ((f.options?.length ?? 0) <= 4 ? (
                  <Radio.Group
                    optionType="button"
                    value={draft.form[f.name]}
                    onChange={(e) => setForm(f.name, e.target.value as string)}
                    options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
                    data-testid={`complete-form-${f.name}`}
                  />
                ) : (
                  <Select
                    value={(draft.form[f.name] as string) ?? undefined}
                    onChange={(v) => setForm(f.name, v)}
                    options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
                    style={{ width: '100%' }}
                    placeholder={t('task.choose')}
                    data-testid={`complete-form-${f.name}`}
                  />
                ))}
              {f.type === 'boolean' && (
                <Radio.Group
                  optionType="button"
                  value={draft.form[f.name]}
                  onChange={(e) => setForm(f.name, e.target.value as boolean)}
                  options={[
                    { value: true, label: t('task.yes') },
                    { value: false, label: t('task.no') },
                  ]}
                  data-testid={`complete-form-${f.name}`}
                />
              )}
            </Form.Item>
          ))}

          {ev.location && (
            <Form.Item label={t('task.location', { m: ev.location.radiusMeters })} required validateStatus={status('location')} help={help('location')}>
              <Space wrap>
                <Button icon={<AimOutlined />} loading={locBusy} onClick={() => void locate()} data-testid="complete-locate">
                  {draft.location ? t('task.relocate') : t('task.locate')}
                </Button>
                {draft.location && (
                  <span className="jw-num" data-testid="complete-location">
                    {draft.location.lon.toFixed(5)}, {draft.location.lat.toFixed(5)}
                    {draft.location.accuracyMeters !== undefined && ` ±${draft.location.accuracyMeters} m`}
                  </span>
                )}
                {locFailed && <Typography.Text type="warning">{t('task.locateFailed')}</Typography.Text>}
              </Space>
              {!ev.location.place && !current.place && <div className="jw-muted" style={{ fontSize: 12, marginTop: 4 }}>{t('task.noPlace')}</div>}
            </Form.Item>
          )}

          <Form.Item
            label={ev.noteMinLength ? t('task.noteMin', { n: ev.noteMinLength }) : t('task.note')}
            required={!!ev.noteMinLength}
            validateStatus={status('note')}
            help={help('note', ev.noteMinLength)}
          >
            <Input.TextArea
              value={draft.note}
              onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={4000}
              showCount={!!ev.noteMinLength}
              data-testid="complete-note"
            />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}
