// The officer's instructions on the home screen (second, after the live dispatch): loaded over REST, then every
// change over the socket (topic mdt, message `instruction`: the server sends each recipient only their own view).
// An urgent one wakes the phone with the dispatch's beep and vibration. 已阅 / 反馈 (text + photos) / 完成, 390 px first.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Empty, Input, Skeleton, Space, Typography } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import type { MyInstruction } from '@jingwang/contracts';
import { errorText } from '../../api/errors';
import { RealtimeClient, defaultWsUrl } from '../../api/realtime';
import { useI18n } from '../../app/i18n';
import { wake } from '../field/mdt';
import { instructionsApi } from './api';
import { mergeMine, pending, receiptActions, wakesPhone } from './helpers';
import { LinkText, PhotoPicker, Photos, PriorityTag, ReceiptTag, timeText } from './parts';
import './instructions.css';

export function MyInstructions() {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const [list, setList] = useState<MyInstruction[] | null>(null);
  const ref = useRef<MyInstruction[]>([]);
  const texts = useRef({ t, notification });
  texts.current = { t, notification };
  const set = useCallback((next: MyInstruction[]) => {
    ref.current = next;
    setList(next);
  }, []);
  const apply = useCallback((m: MyInstruction) => set(mergeMine(ref.current, m)), [set]);

  useEffect(() => {
    const ctl = new AbortController();
    const alert = (m: MyInstruction) => {
      const { t, notification } = texts.current;
      wake();
      notification.warning({ key: `ins-${m.id}`, message: t('ins.urgentAlert'), description: `${m.sender.name}：${m.text}`, duration: 0, placement: 'top', className: 'jw-mdt-alert' });
    };
    const load = () =>
      instructionsApi.mine(ctl.signal).then(
        (mine) => set(mine),
        () => ref.current.length === 0 && set([]),
      );
    void load();
    const rt = new RealtimeClient({
      url: defaultWsUrl(),
      topics: ['mdt'],
      onMessage: (m) => {
        if (m.type !== 'instruction') return;
        if (wakesPhone(ref.current, m.instruction)) alert(m.instruction);
        set(mergeMine(ref.current, m.instruction));
      },
      onState: () => {},
      onSubscribed: () => void load(),
    });
    rt.start();
    return () => {
      ctl.abort();
      rt.stop();
    };
  }, [set]);

  const todo = list ? pending(list) : [];
  const finished = list ? list.filter((m) => !todo.includes(m)).slice(0, 3) : [];
  return (
    <Card size="small" title={<><NotificationOutlined /> {t('home.instructions')}</>} data-testid="home-instructions">
      {list === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noInstructions')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={10}>
          {todo.map((m) => (
            <InstructionItem key={m.id} m={m} onChange={apply} />
          ))}
          {finished.map((m) => (
            <InstructionItem key={m.id} m={m} onChange={apply} />
          ))}
        </Space>
      )}
    </Card>
  );
}

function InstructionItem({ m, onChange }: { m: MyInstruction; onChange: (m: MyInstruction) => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const actions = receiptActions(m.receipt.status, m.status === 'open');
  const run = async (key: string, fn: () => Promise<MyInstruction>) => {
    setBusy(key);
    try {
      onChange(await fn());
      return true;
    } catch (e) {
      message.error(errorText(e, lang));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const r = m.receipt;
  return (
    <div className={`jw-ins-item${m.priority === 'urgent' ? ' jw-ins-urgent' : ''}`} data-testid={`my-instruction-${m.id}`}>
      <div className="jw-mdt-row">
        <Space size={4} wrap>
          <PriorityTag priority={m.priority} />
          <ReceiptTag status={r.status} />
          <Typography.Text type="secondary">{t('ins.from', { name: m.sender.name })} · {timeText(m.createdAt)}</Typography.Text>
        </Space>
        {m.dueAt && <Typography.Text type="warning">{t('ins.due', { time: timeText(m.dueAt) })}</Typography.Text>}
      </div>
      <div className="jw-mdt-notes" data-testid="my-instruction-text">{m.text}</div>
      <LinkText link={m.link} />
      <Photos ids={m.photoIds} />
      {r.feedback.length > 0 && (
        <div className="jw-ins-feedback">
          <Typography.Text type="secondary">{t('ins.myFeedback')}</Typography.Text>
          {r.feedback.map((f, i) => (
            <div key={i} data-testid="ins-feedback-item">
              {timeText(f.at)} {f.text}
              <Photos ids={f.photoIds} />
            </div>
          ))}
        </div>
      )}
      {writing && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('ins.feedbackPlaceholder')} data-testid="ins-feedback-text" />
          <div style={{ margin: '6px 0' }}>
            <PhotoPicker value={photos} onChange={setPhotos} />
          </div>
          <Button
            type="primary"
            block
            size="large"
            disabled={!text.trim()}
            loading={busy === 'feedback'}
            data-testid="ins-feedback-submit"
            onClick={async () => {
              if (await run('feedback', () => instructionsApi.feedback(r.id, { version: r.version, text: text.trim(), ...(photos.length ? { photos } : {}) }))) {
                setWriting(false);
                setText('');
                setPhotos([]);
              }
            }}
          >
            {t('ins.submitFeedback')}
          </Button>
        </div>
      )}
      {actions.length > 0 && !writing && (
        <div className="jw-ins-actions">
          {actions.includes('read') && (
            <Button size="large" loading={busy === 'read'} onClick={() => void run('read', () => instructionsApi.read(r.id, r.version))} data-testid="ins-read">
              {t('ins.read')}
            </Button>
          )}
          {actions.includes('feedback') && (
            <Button size="large" type={actions.includes('read') ? 'primary' : 'default'} onClick={() => setWriting(true)} data-testid="ins-feedback">
              {t('ins.giveFeedback')}
            </Button>
          )}
          {actions.includes('done') && (
            <Button size="large" type="primary" loading={busy === 'done'} onClick={() => void run('done', () => instructionsApi.done(r.id, r.version))} data-testid="ins-done">
              {t('ins.done')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
