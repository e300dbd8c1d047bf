// 导入导出 (issue 12 part 4): per kind (people, units, duty rosters, teams) the template (Excel or CSV), an upload that is
// previewed first (each bad cell marked in red with its reason, nothing written), the import (all rows or none) and
// the export of the list in the template's columns.
import { useState } from 'react';
import { Alert, Button, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { EXCHANGE_KINDS, EXCHANGE_KIND_LABELS, type ExchangeKind, type ExchangeProblem, type ExchangeResult, type ExchangeRow } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { ApiError, errorText } from '../../api/errors';
import { TableFileDrop, type PickedFile } from '../../components/TableFileDrop';
import { adminApi } from './api';

const ACTION_COLOR: Record<ExchangeRow['action'], string> = { create: 'green', update: 'blue', unchanged: 'default', error: 'red' };

export function ExchangeTab() {
  const { t, label, lang } = useI18n();
  const [kind, setKind] = useState<ExchangeKind>('people');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [result, setResult] = useState<ExchangeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);

  const send = async (f: PickedFile, apply: boolean) => {
    setBusy(true);
    setErr(null);
    try {
      setResult(await (apply ? adminApi.exchangeApply : adminApi.exchangePreview)(kind, { filename: f.name, data: f.data }));
    } catch (e) {
      // an import refused for its rows carries the preview's result: show it
      if (e instanceof ApiError && e.code === 'IMPORT_REJECTED' && e.details && typeof e.details === 'object') setResult(e.details as ExchangeResult);
      setErr(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const switchKind = (k: ExchangeKind) => {
    setKind(k);
    setFile(null);
    setResult(null);
    setErr(null);
  };

  const problemsAt = new Map<string, ExchangeProblem[]>();
  for (const p of result?.problems ?? []) problemsAt.set(`${p.row}|${p.column}`, [...(problemsAt.get(`${p.row}|${p.column}`) ?? []), p]);
  const badRows = new Set((result?.problems ?? []).map((p) => p.row));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="exchange-tab">
      <Space wrap>
        <Typography.Text strong>{t('exchange.kind')}</Typography.Text>
        <Segmented<ExchangeKind>
          value={kind}
          onChange={switchKind}
          options={EXCHANGE_KINDS.map((k) => ({ value: k, label: <span data-testid={`exchange-kind-${k}`}>{label(EXCHANGE_KIND_LABELS, k)}</span> }))}
        />
      </Space>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={adminApi.exchangeTemplateUrl(kind, 'xlsx')} download data-testid="exchange-template">
          {t('exchange.template')}
        </Button>
        <Button icon={<DownloadOutlined />} href={adminApi.exchangeTemplateUrl(kind, 'csv')} download>
          {t('exchange.templateCsv')}
        </Button>
        <Tooltip title={kind === 'rosters' ? t('exchange.exportHint') : undefined}>
          <Button icon={<FileExcelOutlined />} href={adminApi.exchangeExportUrl(kind)} download data-testid="exchange-export">
            {t('exchange.export')}
          </Button>
        </Tooltip>
      </Space>
      <Typography.Text type="secondary">{t('exchange.hint')}</Typography.Text>
      <TableFileDrop
        file={file}
        placeholder={t('exchange.choose')}
        testId="exchange-upload"
        onFile={(next) => {
          setFile(next);
          setResult(null);
          void send(next, false);
        }}
      />
      {err ? <Alert type="error" showIcon message={err} data-testid="exchange-error" /> : null}
      {result ? (
        <>
          <Alert
            type={result.applied ? 'success' : result.problems.length ? 'error' : 'info'}
            showIcon
            data-testid="exchange-summary"
            message={
              result.applied
                ? t('exchange.applied', { created: result.created, updated: result.updated, unchanged: result.unchanged })
                : t('exchange.summary', { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged, bad: badRows.size })
            }
            description={!result.applied && result.problems.length ? t('exchange.fixFirst', { n: result.problems.length }) : undefined}
            action={
              !result.applied && file ? (
                <Button type="primary" disabled={result.problems.length > 0 || result.rows === 0} loading={busy} onClick={() => void send(file, true)} data-testid="exchange-apply">
                  {t('exchange.apply')}
                </Button>
              ) : undefined
            }
          />
          <Table<ExchangeRow>
            size="small"
            rowKey="row"
            data-testid="exchange-preview"
            dataSource={result.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            rowClassName={(r) => (badRows.has(r.row) ? 'jw-exchange-bad-row' : '')}
            columns={[
              { title: t('exchange.row'), dataIndex: 'row', width: 56, fixed: 'left' },
              {
                title: t('exchange.result'),
                dataIndex: 'action',
                width: 84,
                render: (a: ExchangeRow['action']) => <Tag color={ACTION_COLOR[a]}>{t(`exchange.action.${a}`)}</Tag>,
              },
              ...result.columns.map((col) => ({
                title: col,
                key: col,
                render: (_: unknown, r: ExchangeRow) => {
                  const ps = problemsAt.get(`${r.row}|${col}`);
                  const v = r.cells[col] ?? '';
                  if (!ps) return <span style={{ whiteSpace: 'nowrap', ...(r.changes.includes(col) && r.action === 'update' ? { fontWeight: 600 } : {}) }}>{v}</span>;
                  return (
                    <div data-testid="exchange-bad-cell" style={{ background: '#fff1f0', border: '1px solid #ff4d4f', borderRadius: 4, padding: '2px 6px', minWidth: 96, maxWidth: 260 }}>
                      <div style={{ color: '#cf1322', fontWeight: 600 }}>{v || '（空）'}</div>
                      {ps.map((p) => (
                        <div key={p.code + p.reason} style={{ color: '#cf1322', fontSize: 12 }}>
                          {p.reason}
                        </div>
                      ))}
                    </div>
                  );
                },
              })),
            ]}
          />
          {result.problems.length ? (
            <>
              <Typography.Text strong>{t('exchange.problems')}</Typography.Text>
              <Table<ExchangeProblem>
                size="small"
                data-testid="exchange-problems"
                rowKey={(p) => `${p.row}|${p.column}|${p.code}|${p.reason}`}
                dataSource={result.problems}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('exchange.row'), dataIndex: 'row', width: 56 },
                  { title: t('exchange.column'), dataIndex: 'column', width: 110 },
                  { title: t('exchange.value'), dataIndex: 'value', width: 140 },
                  { title: t('exchange.reason'), dataIndex: 'reason', render: (v: string, p) => <span style={{ color: '#cf1322' }} title={p.code}>{v}</span> },
                ]}
              />
            </>
          ) : null}
        </>
      ) : busy ? (
        <Typography.Text>…</Typography.Text>
      ) : null}
    </Space>
  );
}
