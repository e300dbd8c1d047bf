// 本部门交办单 on a department account's home (城管 / 部门联络员; PartnerHome): the tickets handed to their
// department as cards, open first, with the ticket's drawer to receive, work, resolve with photos or return it.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card } from 'antd';
import type { Ticket } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { errorText } from '../../api/errors';
import { ticketsApi } from './api';
import { sortTickets } from './helpers';
import { TicketDrawer } from './TicketDrawer';
import { TicketList } from './TicketList';

export function MyTickets() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const department = user?.role === 'liaison' || user?.role === 'urban_mgmt';
  const [items, setItems] = useState<Ticket[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    if (!department) return;
    const ac = new AbortController();
    ticketsApi
      .list({}, ac.signal)
      .then((l) => {
        setItems(sortTickets(l));
        setError(null);
      })
      .catch((e) => !ac.signal.aborted && setError(e))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [department, nonce]);
  if (!department) return null;
  return (
    <Card size="small" style={{ marginTop: 12 }} title={t('tickets.mine')} data-testid="my-tickets">
      {error ? <Alert type="error" message={errorText(error, lang)} /> : null}
      <TicketList items={items} loading={loading} cards onOpen={setOpenId} />
      <TicketDrawer ticketId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
    </Card>
  );
}
