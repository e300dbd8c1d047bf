import { useState } from 'react';
import { Alert, Modal, Progress, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { AreaImportResult } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorDetails, errorText, geometryReason } from '../../api/errors';
import { ErrorDetails } from '../../app/ErrorDetails';

interface Props {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

type State =
  | { phase: 'idle' }
  | { phase: 'uploading'; name: string; progress: number }
  | { phase: 'done'; name: string; result: AreaImportResult }
  | { phase: 'error'; name: string; message: string; detail?: string | null };

export function ImportModal({ open, onClose, onImported }: Props) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ phase: 'idle' });

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
    setState({ phase: 'uploading', name: file.name, progress: 0 });
    let text: string;
    try {
      text = await file.text();
      JSON.parse(text);
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: t('areas.badJson', { msg: e instanceof Error ? e.message : String(e) }) });
      return;
    }
    try {
      const result = await api.importAreas(text, (f) => setState((s) => (s.phase === 'uploading' ? { ...s, progress: Math.round(f * 100) } : s)));
      setState({ phase: 'done', name: file.name, result });
      onImported();
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: describeError(e), detail: errorDetails(e) });
    }
  };

  return (
    <Modal
      open={open}
      title={t('areas.importTitle')}
      onCancel={() => {
        if (state.phase !== 'uploading') {
          setState({ phase: 'idle' });
          onClose();
        }
      }}
      footer={null}
      width={640}
      destroyOnHidden
    >
      <div data-testid="areas-import-drop">
      <Upload.Dragger
        accept=".geojson,.json,application/geo+json,application/json"
        multiple={false}
        showUploadList={false}
        disabled={state.phase === 'uploading'}
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
          {state.phase === 'uploading' && (
            <>
              <Progress percent={state.progress} status="active" />
              <Typography.Text type="secondary">{t('areas.importing')}</Typography.Text>
            </>
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
