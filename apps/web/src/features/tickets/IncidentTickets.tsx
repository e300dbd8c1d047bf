// 交办部门 in an incident's drawer: the incident's tickets and a button that hands the problem to a department as a
// work-handover ticket (place and text from the incident). This is not the transfer to a neighbouring centre.
import { useCallback, useEffect, useState } from 'react';
import { Button, Drawer, Space } from 'antd';
import { FileDoneOutlined } from '@ant-design/icons';
import type { Ticket } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { ticketsApi } from './api';
import { TicketDrawer } from './TicketDrawer';
import { TicketForm } from './TicketForm';
import { StatusTag } from './parts';

export function IncidentTickets({ incident }: { incident: { id: number; lon: number; lat: number; address: string | null; description?: string | null } }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const [items, setItems] = useState<Ticket[]>([]);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    const ac = new AbortController();
    ticketsApi
      .list({ sourceType: 'incident', sourceId: incident.id }, ac.signal)
      .then(setItems)
      .catch(() => undefined);
    return () => ac.abort();
  }, [incident.id, nonce]);
  if (!user || user.role === 'liaison' || user.role === 'urban_mgmt') return null;
  return (
    <div data-testid="incident-tickets">
      <Space wrap size={6}>
        <Button size="small" icon={<FileDoneOutlined />} onClick={() => setCreating(true)} data-testid="incident-handover">
          {t('tickets.handOver')}
        </Button>
        {items.map((x) => (
          <Button key={x.id} size="small" type="link" onClick={() => setOpenId(x.id)}>
            #{x.id} {x.agency?.name} <StatusTag t={x} />
          </Button>
        ))}
      </Space>
      <Drawer open={creating} onClose={() => setCreating(false)} width={phone ? '100%' : 520} title={t('tickets.handOver')} destroyOnClose>
        <TicketForm
          prefill={{ sourceType: 'incident', sourceId: incident.id, lon: incident.lon, lat: incident.lat, address: incident.address ?? '', description: incident.description ?? '' }}
          onDone={(x) => {
            setCreating(false);
            reload();
            setOpenId(x.id);
          }}
        />
      </Drawer>
      <TicketDrawer ticketId={openId} phone={phone} onClose={() => setOpenId(null)} onChanged={reload} />
    </div>
  );
}
