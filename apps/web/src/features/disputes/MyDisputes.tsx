// 我的矛盾纠纷 on a partner's home: the disputes they reach (a grid worker's grid and reports, a mediator's scope and
// referrals, 城管 / liaisons only their referrals), the report form for those who report, and the detail drawer.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Drawer, Empty } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { DisputeSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { errorText } from '../../api/errors';
import { disputesApi } from './api';
import { DisputeDrawer } from './DisputeDrawer';
import { DisputeList } from './DisputeList';
import { ReportForm } from './ReportForm';
import { canReport, sortDisputes } from './helpers';

export function MyDisputes() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const [items, setItems] = useState<DisputeSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [reporting, setReporting] = useState(false);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    const ac = new AbortController();
    disputesApi
      .list({}, ac.signal)
      .then((l) => {
        setItems(sortDisputes(l));
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [nonce]);
  if (user?.role === 'volunteer')
    return (
      <Card size="small" style={{ marginTop: 12 }}>
        <Empty description={t('partner.nothing')} />
      </Card>
    );
  return (
    <Card
      size="small"
      style={{ marginTop: 12 }}
      title={t('disputes.mine')}
      data-testid="my-disputes"
      extra={
        canReport(user?.role) ? (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="dispute-report-open">
            {t('disputes.report')}
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" message={errorText(error, lang)} /> : null}
      <DisputeList items={items} loading={loading} cards onOpen={setOpenId} />
      <DisputeDrawer disputeId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
      <Drawer open={reporting} onClose={() => setReporting(false)} width={phone ? '100%' : 560} title={t('disputes.report')} destroyOnClose>
        <ReportForm
          defaultSource={user?.role === 'grid_worker' ? 'grid_report' : 'visit'}
          onDone={(d) => {
            setReporting(false);
            reload();
            setOpenId(d.id);
          }}
        />
      </Drawer>
    </Card>
  );
}
