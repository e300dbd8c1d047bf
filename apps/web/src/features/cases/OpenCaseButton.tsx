// 立案 / 转案件 from an incident (the incident drawer: command room, 警情查询) or from an anti-fraud warning whose person
// lost money (the warning drawer). The cases already opened from it (that the caller sees) are shown as links; the
// button asks the kind and the officers in charge (default: oneself; a lead without a person record names them),
// opens the case through POST /api/incidents/:id/case or /api/fraud/warnings/:id/case and goes to it (/cases?id=).
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Form, Modal, Select, Space, Tag, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS } from '@jingwang/core';
import type { CaseKind, CaseT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { errorText, fieldProblems } from '../../api/errors';
import { casesApi } from './api';

/** Who may open a case in the browser: police officers and leads (a dispatcher hands the incident on). */
const OPENERS = ['admin', 'district_lead', 'station_lead', 'officer'];

export function OpenCaseButton({ from, id, size = 'middle' }: { from: 'incident' | 'warning'; id: number; size?: 'small' | 'middle' }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [existing, setExisting] = useState<CaseT[]>([]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [police, setPolice] = useState<{ value: number; label: string }[]>([]);
  const [form] = Form.useForm<{ kind: CaseKind; officerIds?: number[] }>();
  const allowed = !!user && OPENERS.includes(user.role);

  useEffect(() => {
    if (!allowed) return;
    let alive = true;
    void casesApi
      .list(from === 'incident' ? { incidentId: id } : { fraudWarningId: id })
      .then((l) => alive && setExisting(l))
      .catch(() => alive && setExisting([]));
    return () => {
      alive = false;
    };
  }, [allowed, from, id]);

  const searchPolice = (q: string) =>
    void casesApi
      .police(q.trim())
      .then((r) => setPolice(r.items.map((p) => ({ value: p.id, label: `${p.name}${p.badgeNo ? ` ${p.badgeNo}` : ''} · ${p.agencyName}` }))))
      .catch(() => setPolice([]));

  if (!allowed) return null;

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body = { kind: v.kind, ...(v.officerIds?.length ? { officerIds: v.officerIds } : {}) };
      const c = from === 'incident' ? await casesApi.fromIncident(id, body) : await casesApi.fromWarning(id, body);
      message.success(t('cases.openedAs', { no: c.caseNo }));
      setOpen(false);
      navigate(`/cases?id=${c.id}`);
    } catch (e) {
      const problems = fieldProblems(e, lang).map((p) => ({ name: (p.path[0] === 'officerIds' ? ['officerIds'] : p.path) as never, errors: [p.message] }));
      if (problems.length) form.setFields(problems);
      else message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap size={6} data-testid={`open-case-${from}`}>
      {existing.map((c) => (
        <Button key={c.id} size={size} type="link" onClick={() => navigate(`/cases?id=${c.id}`)} data-testid="case-link">
          {c.caseNo} <Tag style={{ marginInlineStart: 4 }}>{label(CASE_STATUS_LABELS, c.status)}</Tag>
        </Button>
      ))}
      <Button
        size={size}
        icon={<FileAddOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
          if (police.length === 0) searchPolice('');
        }}
        data-testid="open-case"
      >
        {from === 'incident' ? t('cases.fromIncident') : t('cases.fromWarning')}
      </Button>
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okText={t('cases.openConfirm')}
        okButtonProps={{ ...({ 'data-testid': 'open-case-ok' } as Record<string, string>) }}
        title={from === 'incident' ? t('cases.fromIncident') : t('cases.fromWarning')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'criminal' }}>
          <Form.Item name="kind" label={t('cases.kind')} rules={[{ required: true }]}>
            <Select options={(['criminal', 'administrative'] as const).map((k) => ({ value: k, label: label(CASE_KIND_LABELS, k) }))} data-testid="open-case-kind" />
          </Form.Item>
          <Form.Item name="officerIds" label={t('cases.officers')} extra={t('cases.createOfficersHint')}>
            <Select mode="multiple" showSearch filterOption={false} onSearch={searchPolice} options={police} placeholder={t('cases.add.officerHint')} maxCount={10} data-testid="open-case-officers" />
          </Form.Item>
          <Typography.Text type="secondary">{from === 'incident' ? t('cases.fromIncidentHint') : t('cases.fromWarningHint')}</Typography.Text>
        </Form>
      </Modal>
    </Space>
  );
}
