// Import of warnings from the anti-fraud centre as a CSV file (POST /api/fraud/warnings/import?source=X, text/csv):
// the header is checked before sending; the answer is shown row by row (accepted with its deadline, or the reason),
// and the rows not taken (row, column, value, why) above it.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Spin, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { FraudIntakeResult } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { ApiError, errorDetails, errorText } from '../../api/errors';
import { ErrorDetails } from '../../app/ErrorDetails';
import { checkCsv, csvTemplate, decodeCsvBytes, summarizeIntake } from './helpers';
import { ReasonTag } from './tags';

interface Props {
  open: boolean;
  phone: boolean;
  onClose: () => void;
  onImported: () => void;
}

type State =
  | { phase: 'idle' }
  | { phase: 'sending'; name: string; rows: number }
  | { phase: 'done'; name: string; result: FraudIntakeResult }
  | { phase: 'error'; name: string; message: string; detail?: string | null };

const SOURCE_KEY = 'jw.fraud.source';
const SOURCE_RE = /^[A-Za-z0-9_.-]{1,40}$/;

function initialSource(): string {
  try {
    return localStorage.getItem(SOURCE_KEY) ?? 'fzzx';
  } catch {
    return 'fzzx';
  }
}

export function ImportModal({ open, phone, onClose, onImported }: Props) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [source, setSource] = useState(initialSource);
  const sourceOk = SOURCE_RE.test(source);

  const describe = (e: unknown): string => {
    let text = errorText(e, lang);
    // the server's message names the problem (column missing, parse error at line n): errorText keeps it in en;
    // in zh the column the server names is told in words, the rest is under 详情 (ErrorDetails)
    const column = e instanceof ApiError && e.code === 'INVALID_CSV' ? (e.details as { field?: unknown } | null)?.field : undefined;
    if (lang === 'zh' && typeof column === 'string') text += `：${t('fraud.importMissing', { cols: column })}`;
    return text;
  };

  const start = async (file: File) => {
    if (!sourceOk) return;
    let text: string;
    try {
      // UTF-8 or GBK (the centre's exports are often GBK): decoded here, sent as UTF-8
      text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const check = checkCsv(text);
    if (check.missing.length) {
      setState({ phase: 'error', name: file.name, message: t('fraud.importMissing', { cols: check.missing.join(', ') }) });
      return;
    }
    if (check.rows === 0) {
      setState({ phase: 'error', name: file.name, message: t('fraud.importEmpty') });
      return;
    }
    setState({ phase: 'sending', name: file.name, rows: check.rows });
    try {
      localStorage.setItem(SOURCE_KEY, source);
    } catch {
      /* ignore */
    }
    try {
      const result = await api.fraudImportCsv(source, text);
      setState({ phase: 'done', name: file.name, result });
      onImported();
    } catch (e) {
      setState({ phase: 'error', name: file.name, message: describe(e), detail: errorDetails(e) });
    }
  };

  const downloadTemplate = () => {
    const blob = new Blob(['\uFEFF', csvTemplate(Date.now())], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'fraud-warnings-template.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const summary = state.phase === 'done' ? summarizeIntake(state.result) : null;
  type ResultRow = FraudIntakeResult['results'][number] & { key: number };
  const rows: ResultRow[] = state.phase === 'done' ? state.result.results.map((r, i) => ({ ...r, key: i })) : [];

  return (
    <Modal
      open={open}
      title={t('fraud.importTitle')}
      onCancel={() => {
        if (state.phase === 'sending') return;
        setState({ phase: 'idle' });
        onClose();
      }}
      footer={null}
      width={phone ? '100%' : 760}
      destroyOnHidden
    >
      <div data-testid="fraud-import" data-phase={state.phase}>
        <Form layout="vertical" requiredMark={false}>
          <Form.Item
            label={t('fraud.importSource')}
            help={sourceOk ? t('fraud.importSourceHelp') : t('fraud.importSourceBad')}
            validateStatus={sourceOk ? undefined : 'error'}
            style={{ marginBottom: 12 }}
          >
            <Input value={source} onChange={(e) => setSource(e.target.value.trim())} maxLength={40} style={{ maxWidth: 260 }} data-testid="fraud-import-source" />
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept=".csv,text/csv"
          multiple={false}
          showUploadList={false}
          disabled={state.phase === 'sending' || !sourceOk}
          beforeUpload={(file) => {
            void start(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('fraud.importDrop')}</p>
          <p className="ant-upload-hint fr-import-hint">{t('fraud.importHint')}</p>
        </Upload.Dragger>
        <Button type="link" size="small" icon={<DownloadOutlined />} onClick={downloadTemplate} style={{ paddingLeft: 0 }}>
          {t('fraud.importTemplate')}
        </Button>

        {state.phase === 'sending' && (
          <div className="fr-import-status">
            <Spin size="small" /> {t('fraud.importSending', { name: state.name, n: state.rows })}
          </div>
        )}
        {state.phase === 'error' && (
          <Alert type="error" showIcon title={state.name} description={<>{state.message}<ErrorDetails text={state.detail} /></>} style={{ marginTop: 8 }} data-testid="fraud-import-error" />
        )}
        {state.phase === 'done' && summary && (
          <div className="fr-import-result" data-testid="fraud-import-result">
            <Alert
              type={summary.rejected ? (summary.accepted ? 'warning' : 'error') : 'success'}
              showIcon
              title={t('fraud.importDone', { name: state.name, accepted: summary.accepted, rejected: summary.rejected })}
              description={
                summary.byReason.length ? (
                  <span className="fr-reasons">
                    {summary.byReason.map((r) => (
                      <span key={r.reason}>
                        <ReasonTag reason={r.reason} /> ×{r.n}
                      </span>
                    ))}
                  </span>
                ) : undefined
              }
              style={{ margin: '8px 0' }}
            />
            {!!state.result.invalidRows?.length && (
              <Table
                size="small"
                rowKey={(r) => `${r.row}-${r.column}`}
                dataSource={state.result.invalidRows}
                pagination={false}
                scroll={{ x: phone ? 520 : undefined, y: 200 }}
                title={() => t('fraud.importInvalid', { n: new Set(state.result.invalidRows!.map((r) => r.row)).size })}
                columns={[
                  { title: t('fraud.importRow'), dataIndex: 'row', key: 'row', width: 56, render: (v: number) => <span className="jw-num">{v}</span> },
                  { title: t('fraud.importColumn'), dataIndex: 'column', key: 'column', width: 110 },
                  { title: t('fraud.importValue'), dataIndex: 'value', key: 'value', ellipsis: true },
                  { title: t('fraud.importWhy'), dataIndex: 'message', key: 'message' },
                ]}
                data-testid="fraud-import-invalid"
                style={{ marginBottom: 8 }}
              />
            )}
            <Table<ResultRow>
              size="small"
              rowKey="key"
              dataSource={rows}
              pagination={rows.length > 50 ? { pageSize: 50, size: 'small' } : false}
              scroll={{ x: phone ? 520 : undefined, y: 320 }}
              columns={[
                { title: '#', key: 'n', width: 48, render: (_v, _r, i) => <span className="jw-num">{i + 1}</span> },
                { title: t('fraud.externalId'), dataIndex: 'externalId', key: 'ext', ellipsis: true },
                {
                  title: t('fraud.status'),
                  key: 'status',
                  width: 240,
                  render: (_v, r) =>
                    r.status === 'accepted' ? (
                      <Tag color="green" className="jw-tag">
                        {t('fraud.accepted')}
                      </Tag>
                    ) : (
                      <span>
                        <Tag className="jw-tag">{t('fraud.rejected')}</Tag>
                        <ReasonTag reason={r.reason} />
                      </span>
                    ),
                },
                { title: t('fraud.deadline'), dataIndex: 'deadlineAt', key: 'deadline', width: 120, render: (v: string | null) => <span className="jw-num">{v ? dayjs(v).format('MM-DD HH:mm') : '—'}</span> },
                { title: t('fraud.warningId'), dataIndex: 'warningId', key: 'id', width: 70, render: (v: number | null) => <span className="jw-num">{v ?? '—'}</span> },
              ]}
              data-testid="fraud-import-table"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.total', { n: rows.length })}
            </Typography.Text>
          </div>
        )}
      </div>
    </Modal>
  );
}
