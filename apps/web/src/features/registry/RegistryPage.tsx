// 一标三实 (/registry): find a standard address as one types (any part, pinyin initials, typos), open it: its houses
// with the residents (masked; a clear read asks for the purpose and is audited), its businesses and the history; add
// a house or a resident (a duplicate ID number offers to record the existing person here); leads import addresses
// from CSV or Excel with a preview. Chinese first, usable on a 390 px phone.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Form, Input, List, Modal, Select, Space, Spin, Switch, Table, Tag, Typography, message } from 'antd';
import { EyeOutlined, HomeOutlined, PlusOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { HOUSE_USES, HOUSE_USE_LABELS, REGISTRY_UNIT_KIND_LABELS, RESIDENT_RELATIONS, RESIDENT_RELATION_LABELS, type HouseUse, type ResidentRelation } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { ApiError, errorText } from '../../api/errors';
import { registryApi, type AddressDetail, type AddressHits } from './api';
import { currentResidents, localDay, peopleAt } from './helpers';
import { ImportAddresses } from './ImportAddresses';

type House = AddressDetail['houses'][number];
type Resident = House['residents'][number];

export default function RegistryPage() {
  const { t, label, lang } = useI18n();
  const { user } = useAuth();
  const phone = useIsPhone();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<AddressHits['items'] | null>(null);
  const [searching, setSearching] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [detail, setDetail] = useState<AddressDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [addHouse, setAddHouse] = useState(false);
  const [addResidentTo, setAddResidentTo] = useState<number | null>(null);
  const [reveal, setReveal] = useState<Resident | null>(null);
  const canWrite = ['admin', 'district_lead', 'station_lead', 'officer'].includes(user?.role ?? '');
  const canImport = ['admin', 'district_lead', 'station_lead'].includes(user?.role ?? '');
  const seq = useRef(0);

  useEffect(() => {
    const text = q.trim();
    if (!text) return void setHits(null);
    const ac = new AbortController();
    const n = ++seq.current;
    setSearching(true);
    const timer = setTimeout(() => {
      registryApi
        .search(text, ac.signal)
        .then((r) => n === seq.current && setHits(r.items))
        .catch((e) => !ac.signal.aborted && setError(errorText(e, lang)))
        .finally(() => n === seq.current && setSearching(false));
    }, 200);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [q, lang]);

  const load = useCallback(
    (id: number) => {
      setError(null);
      registryApi.address(id).then(setDetail, (e) => setError(errorText(e, lang)));
    },
    [lang],
  );
  useEffect(() => {
    if (openId !== null) load(openId);
  }, [openId, load]);

  const residentColumns = (house: House) => [
    { title: t('registry.name'), dataIndex: 'name', key: 'name', render: (v: string, r: Resident) => <span data-testid="resident-name">{v}{r.status === 'merged' ? <Tag style={{ marginLeft: 4 }}>{t('registry.merged')}</Tag> : null}</span> },
    { title: t('registry.relation'), dataIndex: 'relation', key: 'relation', render: (v: ResidentRelation) => <Tag color={v === 'floating' ? 'orange' : v === 'registered' ? 'blue' : 'green'}>{label(RESIDENT_RELATION_LABELS, v)}</Tag> },
    ...(phone ? [] : [{ title: t('registry.idNumber'), dataIndex: 'idNumber', key: 'idNumber' }, { title: t('registry.phone'), dataIndex: 'phone', key: 'phone', render: (v: string | null) => v ?? '—' }]),
    { title: t('registry.arrivedOn'), key: 'dates', render: (_: unknown, r: Resident) => (r.leftOn ? <Typography.Text type="secondary">{t('registry.left')} {r.leftOn}</Typography.Text> : (r.arrivedOn ?? '—')) },
    {
      title: '',
      key: 'act',
      render: (_: unknown, r: Resident) => (
        <Space size={0} wrap>
          <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setReveal(r)} data-testid="reveal">
            {phone ? null : t('registry.reveal')}
          </Button>
          {canWrite && r.leftOn === null && r.status !== 'merged' ? (
            <Button
              size="small"
              type="link"
              onClick={() =>
                Modal.confirm({
                  title: `${r.name} ${t('registry.leave')}`,
                  okText: t('registry.leave'),
                  cancelText: t('registry.cancel'),
                  onOk: () => registryApi.leave(r.residencyId, { version: r.residencyVersion, leftOn: localDay() }).then(() => load(house.addressId), (e) => void message.error(errorText(e, lang))),
                })
              }
            >
              {t('registry.leave')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div style={{ padding: phone ? 8 : 16, maxWidth: 1200, margin: '0 auto' }} data-testid="registry-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('registry.title')}
        </Typography.Title>
        {canImport ? (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="registry-import">
            {t('registry.import')}
          </Button>
        ) : null}
      </Space>
      <Input.Search allowClear size="large" placeholder={t('registry.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} loading={searching} data-testid="registry-search" />
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} /> : null}
      <div style={{ display: 'flex', flexDirection: phone ? 'column' : 'row', gap: 12, marginTop: 12 }}>
        {(!phone || openId === null) && (
          <Card size="small" style={{ flex: phone ? undefined : '0 0 360px' }} bodyStyle={{ padding: 0, maxHeight: phone ? undefined : '70vh', overflow: 'auto' }}>
            {hits === null ? (
              <Empty style={{ padding: 24 }} description={t('registry.typeToSearch')} />
            ) : hits.length === 0 ? (
              <Empty style={{ padding: 24 }} description={t('registry.noHits')} />
            ) : (
              <List
                dataSource={hits}
                renderItem={(h) => (
                  <List.Item onClick={() => setOpenId(h.id)} style={{ cursor: 'pointer', padding: '10px 12px', background: h.id === openId ? '#e6f4ff' : undefined }} data-testid="address-hit">
                    <Typography.Text>{h.label}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        )}
        {openId !== null && (
          <div style={{ flex: 1, minWidth: 0 }}>
            {!detail || detail.address.id !== openId ? (
              <Spin />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Card
                  size="small"
                  title={
                    <Space wrap>
                      <HomeOutlined />
                      <span data-testid="address-label" style={{ whiteSpace: 'normal' }}>{detail.address.label}</span>
                    </Space>
                  }
                  extra={phone ? <Button size="small" onClick={() => setOpenId(null)}>←</Button> : null}
                >
                  <Space wrap>
                    <Tag>{t('registry.houses')} {detail.houses.length}</Tag>
                    <Tag data-testid="people-count">{t('registry.residentsCount', { n: peopleAt(detail.houses) })}</Tag>
                    <Tag>{t('registry.units')} {detail.units.length}</Tag>
                    {canWrite ? (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setAddHouse(true)} data-testid="add-house">
                        {t('registry.addHouse')}
                      </Button>
                    ) : null}
                  </Space>
                </Card>
                {detail.houses.length === 0 ? <Empty description={t('registry.noHouses')} /> : null}
                {detail.houses.map((h) => (
                  <Card
                    key={h.id}
                    size="small"
                    title={
                      <Space wrap>
                        <span>{label(HOUSE_USE_LABELS, h.use)}</span>
                        {h.rented ? <Tag color="gold">{t('registry.rented')}</Tag> : null}
                        {h.ownerName ? <Typography.Text type="secondary">{t('registry.owner')} {h.ownerName}</Typography.Text> : null}
                        <Tag>{t('registry.residentsCount', { n: currentResidents(h.residents).length })}</Tag>
                      </Space>
                    }
                    extra={
                      canWrite ? (
                        <Button size="small" type="primary" icon={<UserAddOutlined />} onClick={() => setAddResidentTo(h.id)} data-testid="add-resident">
                          {phone ? null : t('registry.addResident')}
                        </Button>
                      ) : null
                    }
                  >
                    <Table size="small" rowKey="residencyId" pagination={false} dataSource={h.residents} columns={residentColumns(h)} locale={{ emptyText: t('registry.noResidents') }} scroll={{ x: true }} />
                  </Card>
                ))}
                {detail.units.length > 0 ? (
                  <Card size="small" title={t('registry.units')}>
                    <List
                      dataSource={detail.units}
                      renderItem={(u) => (
                        <List.Item>
                          <Space direction="vertical" size={0}>
                            <span>
                              {u.name} <Tag>{label(REGISTRY_UNIT_KIND_LABELS, u.kind)}</Tag>
                            </span>
                            <Typography.Text type="secondary">
                              {t('registry.employees')}: {u.employees.map((e) => `${e.name}${e.role ? `(${e.role})` : ''}`).join('、') || '—'}
                            </Typography.Text>
                          </Space>
                        </List.Item>
                      )}
                    />
                  </Card>
                ) : null}
                <Card size="small" title={t('registry.history')}>
                  <List
                    size="small"
                    dataSource={detail.history.slice(0, 20)}
                    renderItem={(x) => (
                      <List.Item>
                        <Typography.Text type="secondary">
                          {new Date(x.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} {x.username} {x.entity} {x.action}
                        </Typography.Text>
                      </List.Item>
                    )}
                  />
                </Card>
              </Space>
            )}
          </div>
        )}
      </div>
      {detail && addHouse ? <HouseModal addressId={detail.address.id} onClose={(saved) => (setAddHouse(false), saved && load(detail.address.id))} /> : null}
      {detail && addResidentTo !== null ? <ResidentModal houseId={addResidentTo} onClose={(saved) => (setAddResidentTo(null), saved && load(detail.address.id))} /> : null}
      {reveal ? <RevealModal resident={reveal} onClose={() => setReveal(null)} /> : null}
      {importing ? <ImportAddresses onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

function HouseModal({ addressId, onClose }: { addressId: number; onClose: (saved: boolean) => void }) {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm<{ use: HouseUse; rented: boolean; ownerName?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await registryApi.addHouse({ addressId, use: v.use, rented: v.rented ?? false, ...(v.ownerName ? { ownerName: v.ownerName } : {}), ...(v.note ? { note: v.note } : {}) });
      onClose(true);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('registry.addHouse')} onOk={save} onCancel={() => onClose(false)} okText={t('registry.save')} cancelText={t('registry.cancel')} confirmLoading={busy}>
      <Form form={form} layout="vertical" initialValues={{ use: 'residential', rented: false }}>
        <Form.Item name="use" label={t('registry.use')} rules={[{ required: true }]}>
          <Select options={HOUSE_USES.map((u) => ({ value: u, label: label(HOUSE_USE_LABELS, u) }))} />
        </Form.Item>
        <Form.Item name="rented" label={t('registry.rented')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="ownerName" label={t('registry.owner')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="note" label={t('registry.note')}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResidentModal({ houseId, onClose }: { houseId: number; onClose: (saved: boolean) => void }) {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm<{ name: string; idNumber: string; phone?: string; relation: ResidentRelation; arrivedOn?: string }>();
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setFieldError(null);
    try {
      await registryApi.addResident({ houseId, name: v.name.trim(), idNumber: v.idNumber.trim(), relation: v.relation, ...(v.phone ? { phone: v.phone } : {}), ...(v.arrivedOn ? { arrivedOn: v.arrivedOn } : {}) });
      onClose(true);
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { zh?: string; residentId?: number | null } | undefined) : undefined;
      if (e instanceof ApiError && e.code === 'DUPLICATE_ID_NUMBER' && details?.residentId) {
        const existing = details.residentId;
        Modal.confirm({
          title: t('registry.duplicate'),
          okText: t('registry.addExisting'),
          cancelText: t('registry.cancel'),
          onOk: () => registryApi.addResidency(existing, { houseId, relation: v.relation, ...(v.arrivedOn ? { arrivedOn: v.arrivedOn } : {}) }).then(() => onClose(true), (err) => void message.error(errorText(err, lang))),
        });
      } else setFieldError(details?.zh ?? errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('registry.addResident')} onOk={save} onCancel={() => onClose(false)} okText={t('registry.save')} cancelText={t('registry.cancel')} confirmLoading={busy}>
      <Form form={form} layout="vertical" initialValues={{ relation: 'floating', arrivedOn: localDay() }}>
        <Form.Item name="name" label={t('registry.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={64} data-testid="resident-name-input" />
        </Form.Item>
        <Form.Item name="idNumber" label={t('registry.idNumber')} rules={[{ required: true, pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号应为18位' }]}>
          <Input maxLength={18} inputMode="text" data-testid="resident-id-input" />
        </Form.Item>
        <Form.Item name="phone" label={t('registry.phone')} rules={[{ pattern: /^[0-9+\- ]{3,20}$/ }]}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="relation" label={t('registry.relation')} rules={[{ required: true }]}>
          <Select options={RESIDENT_RELATIONS.map((r) => ({ value: r, label: label(RESIDENT_RELATION_LABELS, r) }))} />
        </Form.Item>
        <Form.Item name="arrivedOn" label={t('registry.arrivedOn')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
          <Input type="date" />
        </Form.Item>
      </Form>
      {fieldError ? <Alert type="error" showIcon message={fieldError} data-testid="resident-error" /> : null}
    </Modal>
  );
}

function RevealModal({ resident, onClose }: { resident: Resident; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [purpose, setPurpose] = useState('');
  const [clear, setClear] = useState<{ name: string; idNumber: string; phone: string | null } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const go = () => {
    if (purpose.trim().length < 2) return setErr(t('registry.purposeRequired'));
    registryApi.reveal(resident.id, purpose.trim()).then(setClear, (e) => setErr(errorText(e, lang)));
  };
  return (
    <Modal open title={t('registry.revealTitle')} onCancel={onClose} footer={clear ? <Button onClick={onClose}>OK</Button> : undefined} onOk={go} okText={t('registry.reveal')} cancelText={t('registry.cancel')}>
      {clear ? (
        <Space direction="vertical" data-testid="clear-values">
          <span>{t('registry.name')}: {clear.name}</span>
          <span>{t('registry.idNumber')}: {clear.idNumber}</span>
          <span>{t('registry.phone')}: {clear.phone ?? '—'}</span>
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{resident.name} {resident.idNumber}</Typography.Text>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('registry.purpose')} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="reveal-purpose" />
          {err ? <Alert type="error" showIcon message={err} /> : null}
        </Space>
      )}
    </Modal>
  );
}
