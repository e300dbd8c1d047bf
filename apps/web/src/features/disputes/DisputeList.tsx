// The list of disputes as cards (phone, partner home) or a table (desk): status, grade, level and its due time.
// A row opens the detail drawer; the drawer's changes come back through onChanged.
import { Empty, List, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { DISPUTE_LEVEL_LABELS, DISPUTE_TYPE_LABELS, type DisputeSummary } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { GradeTag, StatusTag } from './tags';

const time = (v: string) => dayjs(v).format('MM-DD HH:mm');

export function DisputeList({ items, loading, cards, onOpen }: { items: DisputeSummary[]; loading: boolean; cards: boolean; onOpen: (id: number) => void }) {
  const { t, label } = useI18n();
  const level = (d: DisputeSummary) => `${label(DISPUTE_LEVEL_LABELS, d.level)}${d.levelArea ? ` · ${d.levelArea.name}` : ''}`;
  const due = (d: DisputeSummary) =>
    ['open', 'mediating', 'referred'].includes(d.status) ? (d.overdue ? <Tag color="red">{t('disputes.overdue')}</Tag> : <Typography.Text type="secondary">{time(d.levelDueAt)}</Typography.Text>) : null;
  if (cards)
    return (
      <List
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('disputes.empty')} /> }}
        data-testid="dispute-list"
        renderItem={(d) => (
          <List.Item onClick={() => onOpen(d.id)} style={{ cursor: 'pointer' }} data-testid="dispute-row" data-id={d.id}>
            <div style={{ width: '100%' }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong ellipsis>{d.title}</Typography.Text>
                <StatusTag status={d.status} />
              </div>
              <div style={{ marginTop: 4 }}>
                <GradeTag grade={d.grade} /> <Tag>{level(d)}</Tag> {due(d)}
              </div>
              <Typography.Text type="secondary">
                {label(DISPUTE_TYPE_LABELS, d.type)} · {d.address} · {time(d.reportedAt)}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    );
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('disputes.empty')} /> }}
      data-testid="dispute-list"
      onRow={(d) => ({ onClick: () => onOpen(d.id), style: { cursor: 'pointer' }, 'data-testid': 'dispute-row', 'data-id': d.id }) as object}
      columns={[
        { title: t('disputes.titleField'), dataIndex: 'title', ellipsis: true },
        { title: t('disputes.type'), render: (_, d) => label(DISPUTE_TYPE_LABELS, d.type), width: 100 },
        { title: t('disputes.grade'), render: (_, d) => <GradeTag grade={d.grade} />, width: 120 },
        { title: t('disputes.level'), render: (_, d) => level(d) },
        { title: t('disputes.levelDue'), render: (_, d) => due(d), width: 110 },
        { title: '', render: (_, d) => <StatusTag status={d.status} />, width: 120 },
        { title: t('disputes.address'), dataIndex: 'address', ellipsis: true },
        { title: t('disputes.reportedAt'), render: (_, d) => time(d.reportedAt), width: 100 },
      ]}
    />
  );
}
