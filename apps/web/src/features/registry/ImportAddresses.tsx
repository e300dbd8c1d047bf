// Import of standard addresses (CSV in UTF-8 or GBK, or Excel): a preview first (every bad cell named in Chinese,
// nothing written), then the import, all rows in one go or none.
import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import type { AddressImportResult } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { errorText } from '../../api/errors';
import { registryApi } from './api';
import { TableFileDrop, type PickedFile } from '../../components/TableFileDrop';

export function ImportAddresses({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [result, setResult] = useState<AddressImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);

  const send = async (f: PickedFile, apply: boolean) => {
    setBusy(true);
    setErr(null);
    try {
      setResult(await registryApi.importAddresses({ filename: f.name, data: f.data, apply }));
    } catch (e) {
      setErr(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open width={760} title={t('registry.import')} onCancel={onClose} footer={null}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('registry.importHint')}</Typography.Text>
        <TableFileDrop
          file={file}
          placeholder={t('registry.chooseFile')}
          onFile={(next) => {
            setFile(next);
            setResult(null);
            void send(next, false);
          }}
        />
        {err ? <Alert type="error" showIcon message={err} /> : null}
        {result ? (
          <>
            <Alert
              type={result.applied ? 'success' : result.invalid.length ? 'warning' : 'info'}
              showIcon
              data-testid="import-summary"
              message={result.applied ? t('registry.applied', { n: result.created }) : t('registry.rows', { rows: result.rows, valid: result.valid, bad: new Set(result.invalid.map((x) => x.row)).size })}
            />
            {result.invalid.length ? (
              <>
                <Typography.Text strong>{t('registry.badRows')}</Typography.Text>
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
                  pagination={{ pageSize: 10 }}
                  dataSource={result.invalid}
                  scroll={{ x: true }}
                  columns={[
                    { title: t('registry.row'), dataIndex: 'row' },
                    { title: t('registry.column'), dataIndex: 'column' },
                    { title: t('registry.value'), dataIndex: 'value' },
                    { title: t('registry.reason'), dataIndex: 'reason' },
                  ]}
                />
              </>
            ) : null}
            {!result.applied && result.preview.length ? (
              <Table size="small" rowKey="row" pagination={{ pageSize: 10 }} dataSource={result.preview} columns={[{ title: t('registry.row'), dataIndex: 'row' }, { title: t('registry.preview'), dataIndex: 'label' }]} />
            ) : null}
            {!result.applied && file ? (
              <Button type="primary" disabled={result.invalid.length > 0 || result.valid === 0} loading={busy} onClick={() => void send(file, true)} data-testid="import-apply">
                {t('registry.apply')}
              </Button>
            ) : null}
          </>
        ) : busy ? (
          <Typography.Text>…</Typography.Text>
        ) : null}
      </Space>
    </Modal>
  );
}
