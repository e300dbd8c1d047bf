// The detail of one warning: every field, the clear contact (audited), the outcome form while open, the follow-up
// form once handled with a visit planned. Writes carry the version; a 409 STALE_VERSION reloads the warning.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, InputNumber, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { FRAUD_OUTCOMES, FRAUD_OUTCOME_LABELS, type FraudOutcome, type FraudWarning } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { api } from '../../api/endpoints';
import { ApiError, errorText } from '../../api/errors';
import { canFollowUp, followupState, formatMoney } from './helpers';
import { DeadlineCell, FraudStatusTag, OutcomeTag, ReasonTag } from './tags';
import { OpenCaseButton } from '../cases/OpenCaseButton';

interface Props {
  warningId: number | null;
  phone: boolean;
  onClose: () => void;
  /** a write went through (or found the warning changed): the list reloads */
  onChanged: (w: FraudWarning) => void;
}

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export function WarningDrawer({ warningId, phone, onClose, onChanged }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const now = useNow(1000);
  const [w, setW] = useState<FraudWarning | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [contact, setContact] = useState<{ personName: string | null; phone: string | null } | null>(null);
  const [busy, setBusy] = useState<null | 'contact' | 'outcome' | 'followup'>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (id: number) => {
    try {
      const x = await api.fraudWarning(id);
      setW(x);
      setLoadError(null);
      return x;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }, []);

  useEffect(() => {
    setW(null);
    setContact(null);
    setNotice(null);
    setLoadError(null);
    if (warningId !== null) void load(warningId);
  }, [warningId, load]);

  const handleError = async (e: unknown) => {
    if (e instanceof ApiError && (e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION')) {
      const fresh = warningId !== null ? await load(warningId) : null;
      if (fresh) onChanged(fresh);
      setNotice(t('fraud.stale'));
      message.warning(t('fraud.stale'));
    } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && Array.isArray(e.details)) {
      message.error(errorText(e, lang));
    } else {
      message.error(errorText(e, lang));
    }
  };

  const reveal = async () => {
    if (!w) return;
    setBusy('contact');
    try {
      setContact(await api.fraudContact(w.id));
    } catch (e) {
      await handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const saveOutcome = async (v: OutcomeValues) => {
    if (!w) return;
    setBusy('outcome');
    setNotice(null);
    try {
      const res = await api.fraudOutcome(w.id, {
        version: w.version,
        outcome: v.outcome,
        ...(v.outcome === 'money_lost' && v.lossAmount !== undefined && v.lossAmount !== null ? { lossAmount: v.lossAmount } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      setW(res);
      onChanged(res);
      message.success(t('fraud.outcomeSaved', { outcome: label(FRAUD_OUTCOME_LABELS, v.outcome) }));
    } catch (e) {
      await handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const saveFollowup = async (v: { note: string }) => {
    if (!w) return;
    setBusy('followup');
    setNotice(null);
    try {
      const res = await api.fraudFollowup(w.id, { version: w.version, note: v.note.trim() });
      setW(res);
      onChanged(res);
      message.success(t('fraud.followupSaved'));
    } catch (e) {
      await handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const fu = w ? followupState(w, now) : 'none';
  const title = w ? (
    <Space size={6} wrap>
      <span data-testid="fraud-title">{w.fraudType}</span>
      <FraudStatusTag status={w.status} />
      {w.outcome && <OutcomeTag outcome={w.outcome} />}
    </Space>
  ) : (
    t('fraud.detail')
  );

  return (
    <Drawer
      open={warningId !== null}
      onClose={onClose}
      mask={phone}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '85%' : 560}
      title={title}
      className="jw-drawer fr-drawer"
      destroyOnHidden
    >
      <div data-testid="fraud-detail" data-status={w?.status} data-version={w?.version}>
        {!!loadError && (
          <Alert
            type="error"
            showIcon
            title={errorText(loadError, lang)}
            action={
              <Button size="small" onClick={() => warningId !== null && void load(warningId)}>
                {t('common.retry')}
              </Button>
            }
          />
        )}
        {!w && !loadError && <Skeleton active />}
        {notice && <Alert type="warning" showIcon title={notice} closable onClose={() => setNotice(null)} style={{ marginBottom: 8 }} />}
        {w && (
          <>
            <Descriptions size="small" column={phone ? 1 : 2} bordered className="fr-desc">
              <Descriptions.Item label={t('fraud.person')} span={phone ? 1 : 2}>
                <div className="jw-caller" data-testid="fraud-contact">
                  {contact ? (
                    <>
                      <b data-testid="fraud-name-clear">{contact.personName ?? '—'}</b> <b className="jw-phone" data-testid="fraud-phone-clear">{contact.phone ?? '—'}</b>
                      <div>
                        <Typography.Text type="warning" className="jw-audited">
                          {t('fraud.revealAudited')}
                        </Typography.Text>
                      </div>
                    </>
                  ) : (
                    <>
                      <span>{w.personNameMasked ?? '—'}</span> <span className="jw-phone">{w.phoneMasked ?? ''}</span>
                      {(w.personNameMasked || w.phoneMasked) && (
                        <Button size="small" type="link" icon={<EyeOutlined />} loading={busy === 'contact'} onClick={() => void reveal()} data-testid="fraud-reveal">
                          {t('fraud.revealContact')}
                        </Button>
                      )}
                    </>
                  )}
                </div>
              </Descriptions.Item>
              <Descriptions.Item label={t('fraud.address')} span={phone ? 1 : 2}>
                {w.address}
              </Descriptions.Item>
              <Descriptions.Item label={t('fraud.amountAtRisk')}>
                <b className="jw-num">{formatMoney(w.amountAtRisk)}</b>
              </Descriptions.Item>
              <Descriptions.Item label={t('fraud.deadline')}>
                <DeadlineCell w={w} now={now} />
              </Descriptions.Item>
              <Descriptions.Item label={t('fraud.grid')}>{w.grid?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.station')}>{w.station?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.officer')}>{w.officer?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.location')}>
                <span className="jw-num">{w.lon !== null && w.lat !== null ? `${w.lon.toFixed(5)}, ${w.lat.toFixed(5)}` : '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('fraud.warnedAt')}>{time(w.warnedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.receivedAt')}>{time(w.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.source')}>{w.source}</Descriptions.Item>
              <Descriptions.Item label={t('fraud.externalId')}>
                <span className="jw-num">{w.externalId}</span>
              </Descriptions.Item>
              {w.status === 'rejected' && (
                <Descriptions.Item label={t('fraud.rejectReason')} span={phone ? 1 : 2}>
                  <ReasonTag reason={w.rejectReason} />
                </Descriptions.Item>
              )}
            </Descriptions>

            {w.outcome && (
              <>
                <div className="jw-section-title">{t('fraud.outcomeSection')}</div>
                <Descriptions size="small" column={phone ? 1 : 2} bordered className="fr-desc" data-testid="fraud-outcome">
                  <Descriptions.Item label={t('fraud.outcome')}>
                    <OutcomeTag outcome={w.outcome} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('fraud.lossAmount')}>{w.outcome === 'money_lost' ? <b className="jw-num">{formatMoney(w.lossAmount)}</b> : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('fraud.outcomeAt')}>{time(w.outcomeAt)}</Descriptions.Item>
                  <Descriptions.Item label={t('fraud.outcomeBy')}>{w.outcomeByName ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('fraud.note')} span={phone ? 1 : 2}>
                    {w.outcomeNote ?? '—'}
                  </Descriptions.Item>
                </Descriptions>
                {/* a loss becomes a fraud case (issue 17) */}
                {w.outcome === 'money_lost' && (
                  <div style={{ marginTop: 8 }}>
                    <OpenCaseButton from="warning" id={w.id} />
                  </div>
                )}
              </>
            )}

            {w.status === 'accepted' && (
              <>
                <div className="jw-section-title">{t('fraud.outcomeSection')}</div>
                <OutcomeForm key={`${w.id}-${w.version}`} phone={phone} busy={busy === 'outcome'} onSubmit={(v) => void saveOutcome(v)} />
              </>
            )}

            {(w.status === 'closed' || w.status === 'followed_up') && (
              <>
                <div className="jw-section-title">
                  {t('fraud.followupSection')}{' '}
                  {fu === 'due' && (
                    <Tag color="red" className="jw-tag">
                      {t('fraud.followupDueNow')}
                    </Tag>
                  )}
                </div>
                {w.status === 'followed_up' ? (
                  <Descriptions size="small" column={1} bordered className="fr-desc" data-testid="fraud-followup">
                    <Descriptions.Item label={t('fraud.followupAt')}>{time(w.followupAt)}</Descriptions.Item>
                    <Descriptions.Item label={t('fraud.followupNote')}>{w.followupNote ?? '—'}</Descriptions.Item>
                  </Descriptions>
                ) : canFollowUp(w) && fu === 'scheduled' ? (
                  <Typography.Text type="secondary" data-testid="fraud-followup-not-due">
                    {t('fraud.followupNotYet', { at: time(w.followupDueAt) })}
                  </Typography.Text>
                ) : canFollowUp(w) ? (
                  <FollowupForm key={`${w.id}-${w.version}`} w={w} due={fu === 'due'} phone={phone} busy={busy === 'followup'} onSubmit={(v) => void saveFollowup(v)} />
                ) : (
                  <Typography.Text type="secondary">{t('fraud.noFollowup')}</Typography.Text>
                )}
              </>
            )}
          </>
        )}
      </div>
    </Drawer>
  );
}

type OutcomeValues = { outcome: FraudOutcome; lossAmount?: number | null; note?: string };

/** The outcome of an open task: one of the four results, the amount when money was lost, a note. */
function OutcomeForm({ phone, busy, onSubmit }: { phone: boolean; busy: boolean; onSubmit: (v: OutcomeValues) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<OutcomeValues>();
  const outcome = Form.useWatch('outcome', form);
  return (
    <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false} data-testid="fraud-outcome-form" className="fr-form">
      <Form.Item name="outcome" label={t('fraud.outcome')} rules={[{ required: true, message: t('fraud.required.outcome') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" className="fr-outcomes">
          {FRAUD_OUTCOMES.map((o) => (
            <Radio.Button key={o} value={o}>
              <span data-testid={`fraud-outcome-${o}`}>{label(FRAUD_OUTCOME_LABELS, o)}</span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      {outcome === 'money_lost' && (
        <Form.Item name="lossAmount" label={t('fraud.lossAmount')} rules={[{ required: true, message: t('fraud.required.loss') }]}>
          <InputNumber min={0} max={1e10} step={100} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="fraud-loss" />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('fraud.note')}>
        <Input.TextArea rows={2} maxLength={1000} placeholder={t('fraud.notePlaceholder')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block={phone} data-testid="fraud-save-outcome">
        {t('fraud.saveOutcome')}
      </Button>
    </Form>
  );
}

/** The visit after the outcome: a note (required). */
function FollowupForm({ w, due, phone, busy, onSubmit }: { w: FraudWarning; due: boolean; phone: boolean; busy: boolean; onSubmit: (v: { note: string }) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false} data-testid="fraud-followup-form" className="fr-form">
      <div className="fr-due">
        {t('fraud.followupDue')}：<b className={`jw-num ${due ? 'pt-bad' : ''}`}>{time(w.followupDueAt)}</b>
      </div>
      <Form.Item name="note" label={t('fraud.followupNote')} rules={[{ required: true, whitespace: true, message: t('fraud.required.followup') }]}>
        <Input.TextArea rows={2} maxLength={1000} placeholder={t('fraud.followupPlaceholder')} data-testid="fraud-followup-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block={phone} data-testid="fraud-save-followup">
        {t('fraud.saveFollowup')}
      </Button>
    </Form>
  );
}
