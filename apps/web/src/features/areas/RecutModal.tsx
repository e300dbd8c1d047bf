import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { AREA_KINDS, AREA_KIND_LABELS, type Area, type AreaKind, type RecutBody, type RecutOp } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { api } from '../../api/endpoints';
import { errorText, fieldProblems } from '../../api/errors';
import { parseBlade } from '../../lib/blade';

interface Values {
  op: RecutOp;
  codes?: string[];
  sourceCode?: string;
  target?: { code?: string; name?: string; kind?: AreaKind };
  parentCode?: string;
  keepSources?: boolean;
  effectiveAt?: Dayjs | null;
  blade?: string;
  parts?: { code?: string; name?: string }[];
}

export function RecutModal({ open, onClose, onDone, areas }: { open: boolean; onClose: () => void; onDone: () => void; areas: Area[] }) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const op = Form.useWatch('op', form) ?? 'merge';
  const [busy, setBusy] = useState(false);
  const codeOptions = areas.map((a) => ({ value: a.code, label: `${a.code} · ${a.name}（${label(AREA_KIND_LABELS, a.kind)}）` }));

  const submit = async (v: Values) => {
    const effectiveAt = v.effectiveAt ? v.effectiveAt.toISOString() : undefined;
    let body: RecutBody;
    if (v.op === 'split') {
      const blade = parseBlade(v.blade ?? '');
      if (!blade) {
        form.setFields([{ name: 'blade', errors: [t('areas.bladeInvalid')] }]);
        return;
      }
      body = {
        op: 'split',
        sourceCode: v.sourceCode!,
        blade,
        parts: (v.parts ?? []).map((p) => ({ code: p.code!.trim(), name: p.name!.trim() })),
        ...(effectiveAt ? { effectiveAt } : {}),
      };
    } else {
      const target = { code: v.target!.code!.trim(), name: v.target!.name!.trim(), kind: v.target!.kind! };
      body =
        v.op === 'merge'
          ? { op: 'merge', sourceCodes: v.codes ?? [], target, ...(v.parentCode ? { parentCode: v.parentCode } : {}), ...(v.keepSources ? { keepSources: true } : {}), ...(effectiveAt ? { effectiveAt } : {}) }
          : { op: 'bundle', memberCodes: v.codes ?? [], target, ...(v.parentCode ? { parentCode: v.parentCode } : {}), ...(effectiveAt ? { effectiveAt } : {}) };
    }
    setBusy(true);
    try {
      const r = await api.recut(body);
      message.success(t('areas.recutDone', { created: r.created.length, retired: r.retired.length, reparented: r.reparented.length }));
      form.resetFields();
      onDone();
    } catch (e) {
      const fields = fieldProblems(e, lang).map((f) => ({
        // sourceCodes / memberCodes are one form field
        name: (f.path[0] === 'sourceCodes' || f.path[0] === 'memberCodes' ? ['codes'] : f.path) as (string | number)[],
        errors: [f.message],
      }));
      if (fields.length) form.setFields(fields as never);
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('areas.recutTitle')}
      onCancel={onClose}
      width={680}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="recut-submit">
          {t('common.submit')}
        </Button>,
      ]}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ op: 'merge', parts: [{}, {}] }} onFinish={submit} data-testid="recut-form">
        <Form.Item name="op" label={t('areas.recutOp')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="merge">{t('areas.op.merge')}</Radio.Button>
            <Radio.Button value="bundle">{t('areas.op.bundle')}</Radio.Button>
            <Radio.Button value="split">{t('areas.op.split')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Typography.Paragraph type="secondary">{t(`areas.op.${op}Help` as const)}</Typography.Paragraph>
        {op !== 'split' && (
          <>
            <Form.Item
              name="codes"
              label={op === 'merge' ? t('areas.sourceCodes') : t('areas.memberCodes')}
              rules={[{ required: true, type: 'array', min: op === 'merge' ? 2 : 1 }]}
            >
              <Select mode="tags" options={codeOptions} showSearch={{ optionFilterProp: 'label' }} tokenSeparators={[',', ' ']} />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={24} sm={8}>
                <Form.Item name={['target', 'code']} label={t('areas.targetCode')} rules={[{ required: true, whitespace: true }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name={['target', 'name']} label={t('areas.targetName')} rules={[{ required: true, whitespace: true }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name={['target', 'kind']} label={t('areas.targetKind')} rules={[{ required: true }]}>
                  <Select options={AREA_KINDS.map((k) => ({ value: k, label: label(AREA_KIND_LABELS, k) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col xs={24} sm={12}>
                <Form.Item name="parentCode" label={`${t('areas.parentCode')}${t('common.optional')}`}>
                  <Select allowClear options={codeOptions} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="effectiveAt" label={`${t('areas.effectiveAt')}${t('common.optional')}`}>
                  <DatePicker showTime style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            {op === 'merge' && (
              <Form.Item name="keepSources" valuePropName="checked" label={t('areas.keepSources')}>
                <Switch />
              </Form.Item>
            )}
          </>
        )}
        {op === 'split' && (
          <>
            <Form.Item name="sourceCode" label={t('areas.sourceCode')} rules={[{ required: true }]}>
              <Select options={codeOptions} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
            <Form.Item name="blade" label={t('areas.blade')} extra={t('areas.bladeHelp')} rules={[{ required: true }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={'108.300000,22.800000\n108.320000,22.830000'} className="jw-num" />
            </Form.Item>
            <Typography.Text strong>{t('areas.parts')}</Typography.Text>
            <Form.List name="parts">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Row gutter={8} key={f.key} align="middle">
                      <Col span={10}>
                        <Form.Item name={[f.name, 'code']} rules={[{ required: true, whitespace: true }]}>
                          <Input placeholder={t('areas.partCode')} />
                        </Form.Item>
                      </Col>
                      <Col span={12}>
                        <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                          <Input placeholder={t('areas.partName')} />
                        </Form.Item>
                      </Col>
                      <Col span={2}>
                        {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="remove" />}
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />} block>
                    {t('areas.addPart')}
                  </Button>
                </>
              )}
            </Form.List>
            <Form.Item name="effectiveAt" label={`${t('areas.effectiveAt')}${t('common.optional')}`} style={{ marginTop: 8 }}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
