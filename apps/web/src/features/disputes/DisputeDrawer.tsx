// The detail of one dispute: grade with its reasons, the owning level and its due time, parties (masked; the clear
// contacts audited), sessions, referrals, follow-ups, the timeline, and the actions the caller's role may take now.
// Every write carries the version read; a refused one (stale, invalid) reloads the dispute and says why.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  DISPUTE_GRADE_LABELS,
  DISPUTE_GRADE_REASON_LABELS,
  DISPUTE_LEVEL_LABELS,
  DISPUTE_SOURCE_LABELS,
  DISPUTE_STATUS_LABELS,
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOMES,
  MEDIATION_OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  REFERRAL_KINDS,
  REFERRAL_KIND_LABELS,
  type Dispute,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useNow } from '../../app/live';
import { ApiError, errorText } from '../../api/errors';
import { disputesApi } from './api';
import { actionsFor, nextFollowup, splitParticipants, type UiAction } from './helpers';
import { GradeTag, StatusTag } from './tags';
import { PhotoPicker } from '../../components/PhotoPicker';

const time = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

interface Props {
  disputeId: number | null;
  phone: boolean;
  onClose: () => void;
  onChanged: (d: Dispute) => void;
}

export function DisputeDrawer({ disputeId, phone, onClose, onChanged }: Props) {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const now = useNow(30_000);
  const [d, setD] = useState<Dispute | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [acting, setActing] = useState<UiAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [contacts, setContacts] = useState<{ id: number; name: string; phone: string | null }[] | null>(null);
  const [form] = Form.useForm();
  // the agreement photo of a mediation session (one)
  const [agreementPhoto, setAgreementPhoto] = useState<string[]>([]);

  const load = useCallback(async (id: number) => {
    try {
      const x = await disputesApi.get(id);
      setD(x);
      setLoadError(null);
      return x;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }, []);
  useEffect(() => {
    setD(null);
    setContacts(null);
    setLoadError(null);
    if (disputeId !== null) void load(disputeId);
  }, [disputeId, load]);

  const open = (a: UiAction) => {
    form.resetFields();
    setFormError(null);
    setAgreementPhoto([]);
    setActing(a);
  };

  const submit = async () => {
    if (!d || !acting) return;
    const v = await form.validateFields();
    setBusy(true);
    setFormError(null);
    try {
      const version = d.version;
      let x: Dispute;
      switch (acting) {
        case 'mediate':
          x = await disputesApi.session(d.id, { version, participants: splitParticipants(v.participants ?? ''), outcome: v.outcome, note: v.note || undefined, agreementText: v.agreementText || undefined, ...(agreementPhoto[0] ? { agreementPhoto: agreementPhoto[0] } : {}) });
          break;
        case 'refer':
          x = await disputesApi.refer(d.id, { version, kind: v.kind, orgName: v.orgName, toUserId: v.toUserId || undefined });
          break;
        case 'feedback':
          x = await disputesApi.feedback(d.id, { version, referralId: v.referralId, outcome: v.outcome, feedback: v.feedback });
          break;
        case 'resolve':
          x = await disputesApi.resolve(d.id, { version, note: v.note || undefined });
          break;
        case 'escalate':
          x = await disputesApi.escalate(d.id, { version, reason: v.reason });
          break;
        case 'grade':
          x = await disputesApi.grade(d.id, { version, violenceThreatened: v.violence, vulnerable: v.vulnerable, groupSize: v.groupSize ?? undefined });
          break;
        case 'followup':
          x = await disputesApi.followup(d.id, { version, note: v.note, recurred: v.recurred === true });
          break;
        case 'convert':
          x = await disputesApi.linkCase(d.id, { version, caseId: v.caseId });
          break;
      }
      setD(x);
      onChanged(x);
      setActing(null);
      message.success(t('disputes.saved'));
    } catch (e) {
      setFormError(errorText(e, lang));
      if (e instanceof ApiError && (e.code === 'STALE_VERSION' || e.code === 'INVALID_TRANSITION')) {
        const fresh = await load(d.id);
        if (fresh) onChanged(fresh);
      }
    } finally {
      setBusy(false);
    }
  };

  const showContacts = async () => {
    if (!d) return;
    try {
      setContacts((await disputesApi.contacts(d.id)).parties);
      message.info(t('disputes.contactsAudited'));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const actions = d ? actionsFor(user?.role, d) : [];
  const fu = d ? nextFollowup(d, now) : null;
  const pendingRefs = d ? d.referrals.filter((r) => r.feedbackAt === null && (!['urban_mgmt', 'liaison'].includes(user?.role ?? '') || r.toUser?.id === user?.id)) : [];

  return (
    <Drawer open={disputeId !== null} onClose={onClose} width={phone ? '100%' : 640} title={d ? `${d.title}` : t('disputes.title')} destroyOnClose data-testid="dispute-drawer">
      {loadError ? <Alert type="error" message={errorText(loadError, lang)} /> : null}
      {!d && !loadError ? <Skeleton active /> : null}
      {d ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <StatusTag status={d.status} />
            <GradeTag grade={d.grade} />
            <Tag data-testid="dispute-level">{label(DISPUTE_LEVEL_LABELS, d.level)}{d.levelArea ? ` · ${d.levelArea.name}` : ''}</Tag>
            {d.overdue ? <Tag color="red">{t('disputes.overdue')}</Tag> : null}
            {d.escalations > 0 ? <Tag color="orange">{t('disputes.escalations', { n: d.escalations })}</Tag> : null}
            {d.caseId !== null ? <Tag color="magenta">{t('disputes.caseLinked', { id: d.caseId })}</Tag> : null}
            {d.ticketId !== null ? <Tag>{t('disputes.ticket', { id: d.ticketId })}</Tag> : null}
          </Space>
          {actions.length ? (
            <Space wrap data-testid="dispute-actions">
              {actions.map((a) => (
                <Button key={a} type={a === 'resolve' ? 'primary' : 'default'} onClick={() => open(a)} data-testid={`dispute-act-${a}`} disabled={a === 'followup' && fu !== null && !fu.due}>
                  {t(`disputes.act.${a}`)}
                </Button>
              ))}
            </Space>
          ) : null}
          <Descriptions size="small" column={phone ? 1 : 2} bordered>
            <Descriptions.Item label={t('disputes.reasons')} span={2}>
              <span data-testid="dispute-reasons">
                {d.gradeReasons.length ? d.gradeReasons.map((r) => `${label(DISPUTE_GRADE_REASON_LABELS, r.code)}${r.value !== undefined ? `（${r.value}）` : ''}`).join('；') : t('disputes.noReasons')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('disputes.levelDue')}>{time(d.levelDueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.type')}>{label(DISPUTE_TYPE_LABELS, d.type)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.source')}>{label(DISPUTE_SOURCE_LABELS, d.source)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.address')}>{d.address}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.reportedAt')}>{time(d.reportedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('disputes.reportedBy')}>{d.reportedByName}</Descriptions.Item>
            {d.resolvedAt ? <Descriptions.Item label={label(DISPUTE_STATUS_LABELS, 'resolved')}>{time(d.resolvedAt)} {d.resolvedOnTime ? t('disputes.resolvedOnTime') : t('disputes.resolvedLate')}</Descriptions.Item> : null}
            {d.description ? <Descriptions.Item label={t('disputes.description')} span={2}>{d.description}</Descriptions.Item> : null}
          </Descriptions>

          <div>
            <Typography.Title level={5}>
              {t('disputes.parties')}（{d.partyCount}）
              {actions.includes('mediate') && !contacts ? <Button size="small" type="link" icon={<EyeOutlined />} onClick={showContacts}>{t('disputes.contacts')}</Button> : null}
            </Typography.Title>
            {d.parties.map((p) => {
              const c = contacts?.find((x) => x.id === p.id);
              return (
                <div key={p.id}>
                  {label(PARTY_ROLE_LABELS, p.role)}：{c ? c.name : p.nameMasked} {c ? c.phone ?? '' : p.phoneMasked ?? ''} {p.vulnerable ? <Tag color="gold">{t('disputes.vulnerable')}</Tag> : null}
                </div>
              );
            })}
          </div>

          <div>
            <Typography.Title level={5}>{t('disputes.sessions')}</Typography.Title>
            {d.sessions.length === 0 ? <Typography.Text type="secondary">{t('disputes.noSessions')}</Typography.Text> : null}
            {d.sessions.map((s) => (
              <div key={s.id} className="jw-dispute-session" data-testid="dispute-session">
                <b>{time(s.heldAt)}</b> {label(DISPUTE_LEVEL_LABELS, s.level)} · {s.mediatorName} · <Tag>{label(MEDIATION_OUTCOME_LABELS, s.outcome)}</Tag>
                <div>{s.participants.join('、')}</div>
                {s.agreementText ? <div>{t('disputes.agreement')}：{s.agreementText}</div> : null}
                {s.note ? <Typography.Text type="secondary">{s.note}</Typography.Text> : null}
                {s.hasPhoto ? <div><img src={`/api/disputes/${d.id}/sessions/${s.id}/photo`} alt={t('disputes.photo')} style={{ maxWidth: 200 }} /></div> : null}
              </div>
            ))}
          </div>

          {d.referrals.length ? (
            <div>
              <Typography.Title level={5}>{t('disputes.referrals')}</Typography.Title>
              {d.referrals.map((r) => (
                <div key={r.id}>
                  {time(r.referredAt)} {label(REFERRAL_KIND_LABELS, r.kind)} · {r.orgName}
                  {r.toUser ? `（${r.toUser.name}）` : ''} ·{' '}
                  {r.feedbackAt ? `${label(MEDIATION_OUTCOME_LABELS, r.feedbackOutcome)}：${r.feedback}` : <Tag color="blue">{t('disputes.awaitingFeedback')}</Tag>}
                </div>
              ))}
            </div>
          ) : null}

          {d.followups.length ? (
            <div>
              <Typography.Title level={5}>{t('disputes.followups')}</Typography.Title>
              {d.followups.map((f) => (
                <div key={f.id}>
                  {f.doneAt ? t('disputes.followupDone', { t: time(f.doneAt) }) : t('disputes.followupDue', { t: time(f.dueAt) })}
                  {f.recurred ? <Tag color="red">{t('disputes.recurred')}</Tag> : null} {f.note ?? ''}
                </div>
              ))}
            </div>
          ) : null}

          <div>
            <Typography.Title level={5}>{t('disputes.timeline')}</Typography.Title>
            <Timeline
              items={d.events.map((e) => ({
                key: e.id,
                children: (
                  <span>
                    {time(e.at)} {t(`disputes.ev.${e.kind}` as 'disputes.ev.registered')} · {e.byName}
                    {e.kind === 'escalated' ? ` ${label(DISPUTE_LEVEL_LABELS, (e.data as { from: 'grid' }).from)} → ${label(DISPUTE_LEVEL_LABELS, (e.data as { to: 'grid' }).to)}` : ''}
                    {e.kind === 'regraded' ? ` ${label(DISPUTE_GRADE_LABELS, (e.data as { from: 'low' }).from)} → ${label(DISPUTE_GRADE_LABELS, (e.data as { to: 'low' }).to)}` : ''}
                  </span>
                ),
              }))}
            />
          </div>
        </Space>
      ) : null}

      <Modal open={acting !== null} title={acting ? t(`disputes.act.${acting}`) : ''} onCancel={() => setActing(null)} onOk={submit} confirmLoading={busy} destroyOnClose okButtonProps={{ 'data-testid': 'dispute-act-ok' } as Record<string, string>}>
        {formError ? <Alert type="error" message={formError} style={{ marginBottom: 12 }} data-testid="dispute-act-error" /> : null}
        <Form form={form} layout="vertical" preserve={false}>
          {acting === 'mediate' ? (
            <>
              <Form.Item name="participants" label={t('disputes.participants')} rules={[{ required: true }]}>
                <Input maxLength={500} data-testid="dispute-participants" />
              </Form.Item>
              <Form.Item name="outcome" label={t('disputes.outcome')} rules={[{ required: true }]} initialValue="agreement">
                <Select options={MEDIATION_OUTCOMES.map((o) => ({ value: o, label: label(MEDIATION_OUTCOME_LABELS, o) }))} />
              </Form.Item>
              <Form.Item name="agreementText" label={t('disputes.agreement')}>
                <Input.TextArea maxLength={4000} rows={3} />
              </Form.Item>
              <Form.Item label={t('disputes.photo')}>
                <PhotoPicker value={agreementPhoto} onChange={setAgreementPhoto} max={1} testId="dispute-agreement" />
              </Form.Item>
              <Form.Item name="note" label={t('disputes.note')}>
                <Input maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
          {acting === 'refer' ? (
            <>
              <Form.Item name="kind" label={t('disputes.referKind')} rules={[{ required: true }]} initialValue="people">
                <Select options={REFERRAL_KINDS.map((k) => ({ value: k, label: label(REFERRAL_KIND_LABELS, k) }))} />
              </Form.Item>
              <Form.Item name="orgName" label={t('disputes.orgName')} rules={[{ required: true }]}>
                <Input maxLength={80} />
              </Form.Item>
              <Form.Item name="toUserId" label={t('disputes.toUserId')}>
                <InputNumber min={1} max={2147483647} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : null}
          {acting === 'feedback' ? (
            <>
              <Form.Item name="referralId" label={t('disputes.referrals')} rules={[{ required: true }]} initialValue={pendingRefs[0]?.id}>
                <Select options={pendingRefs.map((r) => ({ value: r.id, label: `${label(REFERRAL_KIND_LABELS, r.kind)} · ${r.orgName}` }))} />
              </Form.Item>
              <Form.Item name="outcome" label={t('disputes.outcome')} rules={[{ required: true }]} initialValue="agreement">
                <Select options={MEDIATION_OUTCOMES.map((o) => ({ value: o, label: label(MEDIATION_OUTCOME_LABELS, o) }))} />
              </Form.Item>
              <Form.Item name="feedback" label={t('disputes.feedback')} rules={[{ required: true }]}>
                <Input.TextArea maxLength={2000} rows={3} />
              </Form.Item>
            </>
          ) : null}
          {acting === 'resolve' ? (
            <Form.Item name="note" label={t('disputes.note')}>
              <Input.TextArea maxLength={1000} rows={2} />
            </Form.Item>
          ) : null}
          {acting === 'escalate' ? (
            <Form.Item name="reason" label={t('disputes.escalateReason')} rules={[{ required: true }]}>
              <Input maxLength={500} />
            </Form.Item>
          ) : null}
          {acting === 'grade' && d ? (
            <>
              <Form.Item name="violence" label={t('disputes.violence')} valuePropName="checked" initialValue={d.violenceThreatened}>
                <Switch />
              </Form.Item>
              <Form.Item name="vulnerable" label={t('disputes.vulnerable')} valuePropName="checked" initialValue={d.parties.some((p) => p.vulnerable)}>
                <Switch />
              </Form.Item>
              <Form.Item name="groupSize" label={t('disputes.groupSize')} initialValue={d.partyCount}>
                <InputNumber min={0} max={100000} precision={0} />
              </Form.Item>
            </>
          ) : null}
          {acting === 'followup' ? (
            <>
              <Form.Item name="note" label={t('disputes.note')} rules={[{ required: true }]}>
                <Input.TextArea maxLength={1000} rows={2} data-testid="dispute-followup-note" />
              </Form.Item>
              <Form.Item name="recurred" label={t('disputes.recurred')} valuePropName="checked" initialValue={false}>
                <Switch />
              </Form.Item>
            </>
          ) : null}
          {acting === 'convert' ? (
            <Form.Item name="caseId" label={t('disputes.case')} rules={[{ required: true }]}>
              <InputNumber min={1} max={2147483647} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </Drawer>
  );
}
