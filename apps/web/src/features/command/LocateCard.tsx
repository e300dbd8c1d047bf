import { Descriptions, Spin, Typography } from 'antd';
import type { LocateResult, OfficerRef } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import type { DictKey } from '../../app/dict';

const ROWS: { key: keyof LocateResult['areas']; label: DictKey }[] = [
  { key: 'grid', label: 'area.grid' },
  { key: 'policeGrid', label: 'area.policeGrid' },
  { key: 'respZone', label: 'area.respZone' },
  { key: 'community', label: 'area.community' },
  { key: 'station', label: 'area.station' },
  { key: 'district', label: 'area.district' },
];

export function OfficerText({ o, testId }: { o: OfficerRef | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!o) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <span data-testid={testId}>
      <b>{o.name}</b>
      {o.phoneMasked && <span className="jw-phone"> {o.phoneMasked}</span>}
    </span>
  );
}

export function LocateCard({ result, loading, error }: { result: LocateResult | null; loading: boolean; error: string | null }) {
  const { t } = useI18n();
  if (!result && !loading && !error) return null;
  const none = result && Object.values(result.areas).every((a) => !a);
  return (
    <div className="jw-locate" data-testid="locate-result" data-state={loading ? 'loading' : error ? 'error' : 'ok'}>
      <div className="jw-locate-title">
        {t('intake.areas')} {loading && <Spin size="small" style={{ marginLeft: 6 }} />}
      </div>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {none && !loading && <Typography.Text type="warning">{t('intake.noArea')}</Typography.Text>}
      {result && !none && (
        <Descriptions size="small" column={2} colon={false} className="jw-locate-desc">
          {ROWS.map((r) => (
            <Descriptions.Item key={r.key} label={t(r.label)}>
              <span data-testid={`locate-${r.key}`}>{result.areas[r.key]?.name ?? '—'}</span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('area.officer')}>
            <OfficerText o={result.officer} testId="locate-officer" />
          </Descriptions.Item>
          <Descriptions.Item label={t('area.gridWorker')}>
            <OfficerText o={result.gridWorker} testId="locate-gridworker" />
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
