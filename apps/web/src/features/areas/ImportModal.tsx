// The area import of the 辖区 page: a file is first checked by the server's preview (nothing written: counts, the
// problems in words, a map with overlaps in red and gaps in orange), then 确认导入 sends the same file to the import,
// or 取消 drops it.
import { useMemo, useState } from 'react';
import { Alert, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { AnyFeatureCollection, AreaImportPreview, AreaImportResult } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorDetails, errorText, geometryReason } from '../../api/errors';
import { ErrorDetails } from '../../app/ErrorDetails';
import { ImportPreviewMap } from './ImportPreviewMap';
import { PROBLEM_COLORS, fileAreasFc, previewProblems, problemsFc, sliverRule } from './preview';

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
  /** The name of a live area by code (the page's list), for the problems' words. */
  nameOf?: (code: string) => string | undefined;
}

type State =
  | { phase: 'idle' }
  | { phase: 'checking'; name: string; progress: number }
  | { phase: 'preview'; name: string; text: string; file: AnyFeatureCollection; preview: AreaImportPreview }
  | { phase: 'uploading'; name: string; progress: number }
  | { phase: 'done'; name: string; result: AreaImportResult }
  | { phase: 'error'; name: string; message: string; detail?: string | null };

const SHOWN = 200;

function Count({ title, value, color }: { title: string; value: number; color?: string }) {
  return (
    <div className="jw-area-preview-count">
      <div className="jw-num" style={color ? { color } : undefined}>
        {value}
      </div>
      <div>{title}</div>
    </div>
  );
}

export function ImportModal({ open, onClose, onImported, nameOf }: Props) {
  const { t, lang, label } = useI18n();
  const phone = useIsPhone();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'uploading' || state.phase === 'checking';

  const describeError = (e: unknown): string => {
    if (e instanceof ApiError && e.code === 'INVALID_GEOMETRY' && e.details && typeof e.details === 'object') {
      const d = e.details as { feature?: number; code?: string; reason?: string };
      if (d.feature !== undefined)
        return t('areas.featureError', { index: Number(d.feature) + 1, code: d.code ?? '?', reason: geometryReason(d.reason ?? e.message, lang) });
    }
    // the feature, code and field at fault are told by errorText, in the user's language
    return errorText(e, lang);
  };

  const start = async (file: File) => {
    setState({ phase: 'checking', name: file.name, progress: 0 });
    let text: string;
    let doc: unknown;
    try {
      text = await file.text();
      doc = JSON.parse(text);
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: t('areas.badJson', { msg: e instanceof Error ? e.message : String(e) }) });
      return;
    }
    try {
      const preview = await api.previewAreaImport(text, (f) => setState((s) => (s.phase === 'checking' ? { ...s, progress: Math.round(f * 100) } : s)));
      setState({ phase: 'preview', name: file.name, text, file: fileAreasFc(doc), preview });
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: describeError(e), detail: errorDetails(e) });
    }
  };

  const confirm = async () => {
    if (state.phase !== 'preview') return;
    const { name, text } = state;
    setState({ phase: 'uploading', name, progress: 0 });
    try {
      const result = await api.importAreas(text, (f) => setState((s) => (s.phase === 'uploading' ? { ...s, progress: Math.round(f * 100) } : s)));
      setState({ phase: 'done', name, result });
      onImported();
    } catch (e) {
      setState({ phase: 'error', name, message: describeError(e), detail: errorDetails(e) });
    }
  };

  const preview = state.phase === 'preview' ? state.preview : null;
  const problems = useMemo(() => (preview ? previewProblems(preview, t, label, nameOf) : []), [preview, t, label, nameOf]);
  const problemsMap = useMemo(() => (preview ? problemsFc(preview, problems) : null), [preview, problems]);
  const blocked = preview ? preview.features.filter((f) => f.blockedBy !== null).length : 0;

  const close = () => {
    if (busy) return;
    setState({ phase: 'idle' });
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('areas.importTitle')}
      onCancel={close}
      footer={null}
      width={state.phase === 'preview' ? (phone ? '100%' : 1040) : 640}
      destroyOnHidden
    >
      <div data-testid="areas-import-drop" style={state.phase === 'preview' ? { display: 'none' } : undefined}>
      <Upload.Dragger
        accept=".geojson,.json,application/geo+json,application/json"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('areas.importHint')}</p>
        <p className="ant-upload-hint">{t('areas.importFormat')}</p>
      </Upload.Dragger>
      </div>
      {state.phase !== 'idle' && (
        <div style={{ marginTop: 12 }} data-testid="areas-import-state" data-phase={state.phase}>
          <Typography.Text strong>{state.name}</Typography.Text>
          {(state.phase === 'uploading' || state.phase === 'checking') && (
            <>
              <Progress percent={state.progress} status="active" />
              <Typography.Text type="secondary">{t(state.phase === 'checking' ? 'areas.preview.checking' : 'areas.importing')}</Typography.Text>
            </>
          )}
          {state.phase === 'preview' && preview && problemsMap && (
            <div className="jw-area-preview" data-testid="areas-preview" data-importable={preview.importable ? '1' : '0'}>
              <Typography.Title level={5} style={{ marginTop: 4 }}>
                {t('areas.preview.title')}
              </Typography.Title>
              <div className="jw-area-preview-counts" data-testid="areas-preview-counts">
                <Count title={t('areas.preview.features')} value={preview.counts.features} />
                <Count title={t('areas.preview.new')} value={preview.counts.new} />
                {preview.counts.unchanged + preview.counts.differs > 0 && <Count title={t('areas.preview.existing')} value={preview.counts.unchanged + preview.counts.differs} color={'#cf1322'} />}
                {preview.counts.missingParent > 0 && <Count title={t('areas.preview.missingParents')} value={preview.counts.missingParent} color={'#cf1322'} />}
                <Count title={t('areas.preview.overlaps')} value={preview.counts.overlaps} color={preview.counts.overlaps ? PROBLEM_COLORS.overlap : undefined} />
                <Count title={t('areas.preview.gaps')} value={preview.counts.gaps} color={preview.counts.gaps ? PROBLEM_COLORS.gap : undefined} />
                <Count title={t('areas.preview.outsideCount')} value={preview.counts.outside} color={preview.counts.outside ? PROBLEM_COLORS.outside : undefined} />
              </div>
              <div className="jw-area-preview-body">
                <div className="jw-area-preview-list">
                  {blocked > 0 ? (
                    <Alert type="error" showIcon title={t('areas.preview.blocked', { n: blocked })} />
                  ) : problems.length === 0 ? (
                    <Alert type="success" showIcon title={t('areas.preview.none')} />
                  ) : (
                    <Alert type="warning" showIcon title={t('areas.preview.warn')} />
                  )}
                  {problems.length > 0 && (
                    <>
                      <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                        {t('areas.preview.problems')}
                      </Typography.Text>
                      <ul className="jw-area-preview-problems" data-testid="areas-preview-problems">
                        {problems.slice(0, SHOWN).map((p) => (
                          <li key={p.key} data-type={p.type} className={p.severity === 'error' ? 'is-error' : undefined}>
                            <span className="jw-swatch" style={{ background: p.type === 'overlap' || p.type === 'gap' || p.type === 'outside' ? PROBLEM_COLORS[p.type] : '#cf1322' }} />
                            {p.text}
                          </li>
                        ))}
                      </ul>
                      {problems.length > SHOWN && <Typography.Text type="secondary">{t('areas.preview.more', { n: problems.length - SHOWN })}</Typography.Text>}
                    </>
                  )}
                  <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
                    {sliverRule(t)}
                  </Typography.Text>
                </div>
                <div className="jw-area-preview-map">
                  <ImportPreviewMap file={state.file} problems={problemsMap} />
                  <div className="jw-area-preview-legend">
                    <span>
                      <span className="jw-swatch is-outline" /> {t('areas.preview.legendFile')}
                    </span>
                    <span>
                      <span className="jw-swatch" style={{ background: PROBLEM_COLORS.overlap }} /> {t('areas.preview.legendOverlap')}
                    </span>
                    <span>
                      <span className="jw-swatch" style={{ background: PROBLEM_COLORS.gap }} /> {t('areas.preview.legendGap')}
                    </span>
                    <span>
                      <span className="jw-swatch" style={{ background: PROBLEM_COLORS.outside }} /> {t('areas.preview.legendOutside')}
                    </span>
                  </div>
                </div>
              </div>
              <Space style={{ marginTop: 12, display: 'flex', justifyContent: 'flex-end' }}>
                <Button onClick={() => setState({ phase: 'idle' })} data-testid="areas-preview-cancel">
                  {t('areas.preview.cancel')}
                </Button>
                <Button type="primary" disabled={!preview.importable} onClick={() => void confirm()} data-testid="areas-preview-confirm">
                  {t('areas.preview.confirm')}
                </Button>
              </Space>
            </div>
          )}
          {state.phase === 'error' && <Alert type="error" showIcon title={state.message} description={<ErrorDetails text={state.detail} />} style={{ marginTop: 8 }} />}
          {state.phase === 'done' && (
            <>
              <Progress percent={100} />
              <Alert type="success" showIcon title={t('areas.imported', { n: state.result.imported })} style={{ marginTop: 8 }} />
              {state.result.overlaps.length > 0 && (
                <>
                  <Typography.Title level={5} style={{ marginTop: 12 }}>
                    {t('areas.overlaps')}
                  </Typography.Title>
                  <Table
                    size="small"
                    rowKey={(r) => `${r.a}|${r.b}`}
                    dataSource={state.result.overlaps}
                    pagination={{ pageSize: 8, hideOnSinglePage: true }}
                    columns={[
                      { title: t('areas.overlapA'), dataIndex: 'a' },
                      { title: t('areas.overlapB'), dataIndex: 'b' },
                      { title: t('areas.overlapKm2'), dataIndex: 'overlapKm2', align: 'right', render: (v: number) => v.toFixed(4) },
                    ]}
                  />
                </>
              )}
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
