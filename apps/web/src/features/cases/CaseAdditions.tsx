// 补充案件信息: officers in charge, related people (the registry's resident, found by an exact lookup and shown masked,
// or a typed name and phone), places and disputes (民转刑) added to a case in hand. One kind at a time; it sends the
// version read, shows the server's field errors on their fields, and a stale version reloads the case.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Radio, Segmented, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { CaseAddBody, CaseDetailT, DisputeSummary, ResidentT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { ApiError, errorText, fieldProblems } from '../../api/errors';
import { casesApi } from './api';
import { lookupQuery } from './helpers';

type Part = 'officers' | 'people' | 'places' | 'disputes';
const ROLES = ['victim', 'suspect', 'witness', 'reporter'] as const;

interface PersonDraft {
  role: (typeof ROLES)[number];
  from: 'registry' | 'typed';
  registryPersonId?: number;
  name?: string;
  phone?: string;
  note?: string;
}
interface Draft {
  officerIds?: number[];
  people?: PersonDraft[];
  places?: { address: string }[];
  disputeIds?: number[];
}

export function CaseAdditions({ c, onSaved, onStale }: { c: CaseDetailT; onSaved: (c: CaseDetailT) => void; onStale: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Draft>();
  const [part, setPart] = useState<Part>('officers');
  const [busy, setBusy] = useState(false);
  const [police, setPolice] = useState<{ value: number; label: string }[]>([]);
  const [disputes, setDisputes] = useState<DisputeSummary[] | null>(null);
  const [found, setFound] = useState<Record<number, ResidentT[]>>({});

  const searchPolice = (q: string) =>
    void casesApi
      .police(q.trim())
      .then((r) => setPolice(r.items.filter((p) => !c.officers.some((o) => o.id === p.id)).map((p) => ({ value: p.id, label: `${p.name}${p.badgeNo ? ` ${p.badgeNo}` : ''} · ${p.agencyName}` }))))
      .catch(() => setPolice([]));
  useEffect(() => {
    if (part === 'officers' && police.length === 0) searchPolice('');
    if (part === 'disputes' && disputes === null) void casesApi.disputes().then(setDisputes, () => setDisputes([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [part]);

  const lookup = async (row: number, text: string) => {
    const q = lookupQuery(text);
    if (!q) return;
    try {
      const r = await casesApi.residents(q);
      setFound((f) => ({ ...f, [row]: r.items }));
      if (r.items.length === 1) form.setFieldValue(['people', row, 'registryPersonId'], r.items[0]!.id);
      if (r.items.length === 0) message.info(t('cases.add.noResident'));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const submit = async (d: Draft) => {
    const b: CaseAddBody = { version: c.version };
    if (part === 'officers') b.officerIds = d.officerIds ?? [];
    if (part === 'people')
      b.people = (d.people ?? []).map((p) =>
        p.from === 'registry'
          ? { role: p.role, registryPersonId: p.registryPersonId!, ...(p.note?.trim() ? { note: p.note.trim() } : {}) }
          : { role: p.role, name: p.name?.trim() ?? '', ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}), ...(p.note?.trim() ? { note: p.note.trim() } : {}) },
      );
    if (part === 'places') b.places = (d.places ?? []).map((p) => ({ address: p.address.trim() }));
    if (part === 'disputes') b.disputeIds = d.disputeIds ?? [];
    setBusy(true);
    try {
      const next = await casesApi.add(c.id, b);
      message.success(t('cases.added'));
      form.resetFields();
      setFound({});
      onSaved(next);
    } catch (e) {
      // a multi-select's item (officerIds/1) is shown on the select itself
      const problems = fieldProblems(e, lang).map((p) => ({ ...p, path: p.path[0] === 'officerIds' || p.path[0] === 'disputeIds' ? [p.path[0]] : p.path }));
      if (problems.length) form.setFields(problems.map((p) => ({ name: p.path as never, errors: [p.message] })));
      else message.error(errorText(e, lang));
      if (e instanceof ApiError && e.code === 'STALE_VERSION') onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cs-additions" data-testid="case-additions">
      <Segmented<Part>
        block
        value={part}
        onChange={(p) => {
          setPart(p);
          form.resetFields();
        }}
        options={(['officers', 'people', 'places', 'disputes'] as const).map((p) => ({ value: p, label: <span data-testid={`case-add-${p}`}>{t(`cases.add.${p}`)}</span> }))}
      />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ people: [{ role: 'victim', from: 'registry' }], places: [{ address: '' }] }} style={{ marginTop: 12 }}>
        {part === 'officers' && (
          <Form.Item name="officerIds" label={t('cases.officers')} rules={[{ required: true, message: t('cases.add.required') }]}>
            <Select mode="multiple" showSearch filterOption={false} onSearch={searchPolice} options={police} placeholder={t('cases.add.officerHint')} data-testid="case-add-officer-select" />
          </Form.Item>
        )}
        {part === 'people' && (
          <Form.List name="people">
            {(rows, { add, remove }) => (
              <>
                {rows.map(({ key, name }) => (
                  <div key={key} className="cs-add-person">
                    <Space wrap align="start">
                      <Form.Item name={[name, 'role']} label={t('cases.add.role')} rules={[{ required: true }]}>
                        <Select style={{ width: 110 }} options={ROLES.map((r) => ({ value: r, label: t(`cases.role.${r}`) }))} />
                      </Form.Item>
                      <Form.Item name={[name, 'from']} label={t('cases.add.source')}>
                        <Radio.Group optionType="button" options={[{ value: 'registry', label: t('cases.add.fromRegistry') }, { value: 'typed', label: t('cases.add.typed') }]} />
                      </Form.Item>
                      {rows.length > 1 && <MinusCircleOutlined className="cs-add-remove" onClick={() => remove(name)} aria-label="remove" />}
                    </Space>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue(['people', name, 'from']) === 'registry' ? (
                          <>
                            <Form.Item label={t('cases.add.lookup')}>
                              <Input.Search placeholder={t('cases.add.lookupHint')} enterButton={t('cases.add.find')} maxLength={64} onSearch={(v) => void lookup(name, v)} data-testid="case-add-lookup" />
                            </Form.Item>
                            <Form.Item name={[name, 'registryPersonId']} label={t('cases.add.resident')} rules={[{ required: true, message: t('cases.add.pickResident') }]}>
                              <Select
                                data-testid="case-add-resident"
                                options={(found[name] ?? []).map((r) => ({ value: r.id, label: `${r.name} ${r.idNumber}${r.phone ? ` ${r.phone}` : ''}` }))}
                                placeholder={t('cases.add.pickResident')}
                              />
                            </Form.Item>
                          </>
                        ) : (
                          <Space wrap align="start">
                            <Form.Item name={[name, 'name']} label={t('cases.add.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
                              <Input maxLength={64} data-testid="case-add-name" />
                            </Form.Item>
                            <Form.Item name={[name, 'phone']} label={t('cases.add.phone')} rules={[{ pattern: /^[0-9+\- ]{3,20}$/, message: t('cases.add.phoneBad') }]}>
                              <Input maxLength={20} inputMode="tel" />
                            </Form.Item>
                          </Space>
                        )
                      }
                    </Form.Item>
                    <Form.Item name={[name, 'note']} label={t('cases.itemNote')} rules={[{ max: 500 }]}>
                      <Input maxLength={500} />
                    </Form.Item>
                  </div>
                ))}
                {rows.length < 20 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'witness', from: 'registry' })} style={{ marginBottom: 12 }}>
                    {t('cases.add.another')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        )}
        {part === 'places' && (
          <Form.List name="places">
            {(rows, { add, remove }) => (
              <>
                {rows.map(({ key, name }) => (
                  <Space key={key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[name, 'address']} label={t('cases.add.address')} rules={[{ required: true, whitespace: true, max: 256 }]} style={{ flex: 1, minWidth: 240 }}>
                      <Input maxLength={256} data-testid="case-add-address" />
                    </Form.Item>
                    {rows.length > 1 && <MinusCircleOutlined className="cs-add-remove" onClick={() => remove(name)} aria-label="remove" />}
                  </Space>
                ))}
                {rows.length < 10 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ address: '' })} style={{ marginBottom: 12 }}>
                    {t('cases.add.another')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        )}
        {part === 'disputes' && (
          <Form.Item name="disputeIds" label={t('cases.add.disputes')} rules={[{ required: true, message: t('cases.add.required') }]} extra={t('cases.add.disputeHint')}>
            <Select
              mode="multiple"
              loading={disputes === null}
              optionFilterProp="label"
              data-testid="case-add-dispute-select"
              options={(disputes ?? []).filter((d) => !c.disputeIds.includes(d.id)).map((d) => ({ value: d.id, label: `#${d.id} ${d.title} · ${d.address}` }))}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="case-add-submit">
          {t('cases.add')}
        </Button>
        <Typography.Text type="secondary" className="cs-small" style={{ marginLeft: 8 }}>
          {t('cases.add.versioned')}
        </Typography.Text>
      </Form>
    </div>
  );
}
