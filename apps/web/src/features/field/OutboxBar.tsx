// 待发送 N: the officer's actions waiting for the signal, in order; a refused one shows the reason and can be
// discarded (the rest then go on); "send now" retries at once.
import { Alert, Badge, Button, List, Space, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { ApiError, errorText } from '../../api/errors';
import { useOutbox } from './useOutbox';

export function OutboxBar() {
  const { t, lang } = useI18n();
  const { box, items } = useOutbox();
  if (!box || items.length === 0) return null;
  const failed = items.find((a) => a.state === 'failed');
  return (
    <Alert
      className="jw-outbox"
      type={failed ? 'error' : 'warning'}
      showIcon
      icon={<CloudUploadOutlined />}
      data-testid="outbox"
      title={
        <Space wrap>
          <Badge count={items.length} color={failed ? 'red' : 'orange'} showZero={false} />
          <Typography.Text strong data-testid="outbox-count">
            {t('outbox.pending', { n: items.length })}
          </Typography.Text>
          <Button size="small" onClick={() => void box.retryNow()} data-testid="outbox-retry">
            {t('outbox.retry')}
          </Button>
        </Space>
      }
      description={
        <>
          {failed?.error && (
            <Typography.Paragraph type="danger" data-testid="outbox-refused" style={{ marginBottom: 4 }}>
              {t('outbox.refused', { label: failed.label, msg: errorText(new ApiError(failed.error.status, failed.error.code, failed.error.message), lang) })}
            </Typography.Paragraph>
          )}
          <Typography.Text type="secondary">{t('outbox.title')}</Typography.Text>
          <List
            size="small"
            dataSource={[...items]}
            renderItem={(a) => (
              <List.Item
                data-testid="outbox-item"
                actions={[<Button key="d" size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('outbox.discard')} onClick={() => void box.discard(a.id)} data-testid="outbox-discard" />]}
              >
                <span>
                  {dayjs(a.at).format('HH:mm:ss')} {a.label}
                  {a.attempts > 0 && <Typography.Text type="secondary"> · {t('outbox.attempts', { n: a.attempts })}</Typography.Text>}
                </span>
              </List.Item>
            )}
          />
        </>
      }
    />
  );
}
