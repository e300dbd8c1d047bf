// The tickets as a table (desktop) or as cards (phone, the department's view).
import { Card, Empty, List, Space, Table, Typography } from 'antd';
import { TICKET_CATEGORY_LABELS, type Ticket, type TicketCategory } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { DueCell, StatusTag, SupervisionTag } from './parts';

export function TicketList({ items, loading, cards, onOpen }: { items: Ticket[]; loading: boolean; cards: boolean; onOpen: (id: number) => void }) {
  const { t, label } = useI18n();
  const now = useNow(30_000);
  if (cards)
    return (
      <List
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('tickets.empty')} /> }}
        renderItem={(x) => (
          <Card size="small" hoverable onClick={() => onOpen(x.id)} style={{ marginBottom: 8 }} data-testid="ticket-card" data-id={x.id}>
            <Space wrap size={4}>
              <StatusTag t={x} />
              <SupervisionTag t={x} />
              <b>{label(TICKET_CATEGORY_LABELS, x.category as TicketCategory)}</b>
            </Space>
            <div style={{ margin: '4px 0' }}>{x.title}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {x.address || x.station?.name || ''} · <DueCell t={x} now={now} />
            </Typography.Text>
          </Card>
        )}
      />
    );
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('tickets.empty')} /> }}
      onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' }, 'data-testid': 'ticket-row' }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ x: 900 }}
      columns={[
        { title: '#', dataIndex: 'id', width: 60 },
        { title: t('tickets.status'), width: 150, render: (_, r) => (<Space size={2} wrap><StatusTag t={r} /><SupervisionTag t={r} /></Space>) },
        { title: t('tickets.category'), width: 100, render: (_, r) => label(TICKET_CATEGORY_LABELS, r.category as TicketCategory) },
        { title: t('tickets.titleField'), dataIndex: 'title', ellipsis: true },
        { title: t('tickets.department'), width: 130, render: (_, r) => r.agency?.name ?? '—' },
        { title: t('tickets.station'), width: 100, render: (_, r) => r.station?.name ?? '—' },
        { title: t('tickets.due'), width: 130, render: (_, r) => <DueCell t={r} now={now} /> },
      ]}
    />
  );
}
