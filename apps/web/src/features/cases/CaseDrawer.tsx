// The detail of a case: the stage bar, the next deadline, the required items of each step that may be taken now (a
// step is enabled only when its items are complete: the server refuses it otherwise, naming what is missing), the
// steps, evidence and documents (a photo from the camera, a document, a camera clip), people (masked), places and the
// timeline. Sends the version read; a stale one is told and the case reloaded.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Collapse, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Popconfirm, Select, Skeleton, Space, Steps, Tag, Timeline, Typography, Upload } from 'antd';
import { CameraOutlined, CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CASE_ACTION_LABELS, CASE_ITEM_LABELS, CASE_ITEM_TYPES, CASE_KIND_LABELS, CASE_STAGE_LINE, CASE_STATUS_LABELS, PHOTO_ITEM_TYPES, type CaseItemType } from '@jingwang/core';
import type { CaseDetailT } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useNow } from '../../app/live';
import { errorText } from '../../api/errors';
import { downscalePhoto } from '../field/photo';
import { casesApi } from './api';
import { CaseAdditions } from './CaseAdditions';
import { countdown, LADDER_COLOR } from './helpers';

interface Props {
  caseId: number | null;
  phone: boolean;
  onClose: () => void;
  onChanged: () => void;
}

interface ItemDraft {
  itemType: CaseItemType;
  title: string;
  note?: string;
  cameraId?: number;
  clip?: [Dayjs, Dayjs];
}

export function CaseDrawer({ caseId, phone, onClose, onChanged }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const now = useNow(30_000);
  const [c, setC] = useState<CaseDetailT | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [photo, setPhoto] = useState<string | null>(null);
  const [form] = Form.useForm<ItemDraft>();
  const itemType = Form.useWatch('itemType', form);

  const load = useCallback(async () => {
    if (caseId === null) return;
    try {
      setC(await casesApi.get(caseId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [caseId]);
  useEffect(() => {
    setC(null);
    setPhoto(null);
    form.resetFields();
    void load();
  }, [load, form]);

  const step = async (action: string) => {
    if (!c) return;
    setBusy(true);
    try {
      setC(await casesApi.transition(c.id, action, c.version));
      message.success(t('cases.done'));
      onChanged();
    } catch (e) {
      message.error(errorText(e, lang));
      void load();
    } finally {
      setBusy(false);
    }
  };

  const addItem = async (d: ItemDraft) => {
    if (!c) return;
    setBusy(true);
    try {
      const clip = d.itemType === 'camera_clip' && d.clip ? { cameraId: d.cameraId, clipFrom: d.clip[0].toISOString(), clipTo: d.clip[1].toISOString() } : {};
      setC(await casesApi.addItem(c.id, { itemType: d.itemType, title: d.title, ...(d.note ? { note: d.note } : {}), ...(photo ? { photo } : {}), ...clip }));
      message.success(t('cases.added'));
      form.resetFields();
      setPhoto(null);
      onChanged();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const line = c ? CASE_STAGE_LINE[c.kind] : [];
  const reached = c ? new Set(c.stages.map((s) => s.stage)) : new Set<string>();
  const current = c ? (line.indexOf(c.status) >= 0 ? line.indexOf(c.status) : line.filter((s) => reached.has(s)).length) : 0;
  const left = c?.deadline ? countdown(c.deadline.dueAt, now, lang) : null;
  const isPhotoType = !!itemType && PHOTO_ITEM_TYPES.includes(itemType);

  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      mask={phone}
      placement={phone ? 'bottom' : 'right'}
      size={phone ? '90%' : 640}
      title={c ? `${c.caseNo} ${c.title}` : t('cases.title')}
      className="jw-drawer cs-drawer"
      destroyOnHidden
    >
      <div data-testid="case-detail" data-status={c?.status} data-version={c?.version}>
        {!!error && <Alert type="error" showIcon message={errorText(error, lang)} />}
        {!c && !error && <Skeleton active />}
        {c && (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Steps
              size="small"
              direction={phone ? 'vertical' : 'horizontal'}
              current={current}
              status={c.open ? 'process' : 'finish'}
              items={line.map((s) => ({ title: label(CASE_STATUS_LABELS, s) }))}
            />
            {!line.includes(c.status) && <Tag color="purple">{label(CASE_STATUS_LABELS, c.status)}</Tag>}
            <div className="cs-deadline" data-testid="case-deadline">
              {c.deadline && left ? (
                <Alert
                  type={left.overdue ? 'error' : c.ladder === 'due_soon' ? 'warning' : 'info'}
                  showIcon
                  message={`${c.deadline.label}：${dayjs(c.deadline.dueAt).format('YYYY-MM-DD HH:mm')}（${left.text}）`}
                  action={c.ladder !== 'none' ? <Tag color={LADDER_COLOR[c.ladder]}>{t(`cases.ladder.${c.ladder}` as 'cases.ladder.red')}</Tag> : undefined}
                />
              ) : (
                <Typography.Text type="secondary">{t('cases.noDeadline')}</Typography.Text>
              )}
            </div>

            {c.allowed.length > 0 && (
              <div data-testid="case-steps">
                <Typography.Title level={5}>{t('cases.checklist')}</Typography.Title>
                {c.allowed.map((a) => {
                  const need = [...new Set([...a.missing])];
                  return (
                    <div key={a.action} className="cs-step" data-action={a.action} data-ready={a.missing.length === 0}>
                      <Space wrap>
                        <Popconfirm title={t('cases.confirmStep', { action: label(CASE_ACTION_LABELS, a.action) })} onConfirm={() => step(a.action)} disabled={a.missing.length > 0}>
                          <Button type={a.missing.length === 0 ? 'primary' : 'default'} disabled={a.missing.length > 0 || busy} data-testid={`case-action-${a.action}`}>
                            {label(CASE_ACTION_LABELS, a.action)}
                          </Button>
                        </Popconfirm>
                        {a.missing.length === 0 ? (
                          <span>
                            <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('cases.checkOk')}
                          </span>
                        ) : (
                          need.map((m) => (
                            <Tag key={m} icon={<CloseCircleTwoTone twoToneColor="#f5222d" />} color="error">
                              {label(CASE_ITEM_LABELS, m)}
                            </Tag>
                          ))
                        )}
                      </Space>
                    </div>
                  );
                })}
              </div>
            )}

            <Descriptions size="small" column={phone ? 1 : 2} bordered>
              <Descriptions.Item label={t('cases.kind')}>{label(CASE_KIND_LABELS, c.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.category')}>{c.category}</Descriptions.Item>
              <Descriptions.Item label={t('cases.station')}>{c.station?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.officers')}>{c.officers.map((o) => o.name).join('、')}</Descriptions.Item>
              {c.team && <Descriptions.Item label={t('cases.team')}>{c.team.name}</Descriptions.Item>}
              <Descriptions.Item label={t('cases.openedAt')}>{dayjs(c.openedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
              {c.summary ? <Descriptions.Item label={t('cases.summary')}>{c.summary}</Descriptions.Item> : null}
              {c.people.length > 0 && (
                <Descriptions.Item label={t('cases.people')} span={phone ? 1 : 2}>
                  <div data-testid="case-people">
                    {c.people.map((p) => (
                      <div key={p.id}>
                        <Tag>{t(`cases.role.${p.role}`)}</Tag>
                        {p.nameMasked ?? ''} {p.phoneMasked ?? ''}
                        {p.registryPersonId !== null && <Tag color="geekblue" style={{ marginLeft: 4 }}>{t('cases.registryTag')}</Tag>}
                        {p.note ? <Typography.Text type="secondary">（{p.note}）</Typography.Text> : null}
                      </div>
                    ))}
                  </div>
                </Descriptions.Item>
              )}
              {c.places.length > 0 && <Descriptions.Item label={t('cases.places')}>{c.places.map((p) => p.address).join('；')}</Descriptions.Item>}
              {c.disputeIds.length > 0 && <Descriptions.Item label={t('cases.disputes')}>{c.disputeIds.map((d) => `#${d}`).join('、')}</Descriptions.Item>}
            </Descriptions>

            {c.open && (
              <Collapse
                size="small"
                items={[
                  {
                    key: 'add',
                    label: <span data-testid="case-additions-toggle">{t('cases.add.title')}</span>,
                    children: (
                      <CaseAdditions
                        c={c}
                        onSaved={(next) => {
                          setC(next);
                          onChanged();
                        }}
                        onStale={() => void load()}
                      />
                    ),
                  },
                ]}
              />
            )}

            <div>
              <Typography.Title level={5}>{t('cases.stagesTitle')}</Typography.Title>
              {c.stages.map((s, i) => (
                <div key={i} className="cs-stage-row">
                  <span>{label(CASE_STATUS_LABELS, s.stage)}</span>
                  <span>{dayjs(s.enteredAt).format('MM-DD HH:mm')}</span>
                  <span>{s.dueAt ? `→ ${dayjs(s.dueAt).format('MM-DD HH:mm')}` : ''}</span>
                  <span>{s.onTime === null ? '' : s.onTime ? <Tag color="green">{t('cases.onTime')}</Tag> : <Tag color="red">{t('cases.late')}</Tag>}</span>
                </div>
              ))}
            </div>

            <div data-testid="case-items">
              <Typography.Title level={5}>{t('cases.items')}</Typography.Title>
              {c.items.map((i) => (
                <div key={i.id} className="cs-item">
                  <Tag>{label(CASE_ITEM_LABELS, i.itemType)}</Tag> {i.title}
                  {i.note ? <Typography.Text type="secondary">（{i.note}）</Typography.Text> : null}
                  {i.cameraId !== null && i.clipFrom && i.clipTo ? <Typography.Text type="secondary"> #{i.cameraId} {dayjs(i.clipFrom).format('MM-DD HH:mm')}–{dayjs(i.clipTo).format('HH:mm')}</Typography.Text> : null}
                  {i.hasPhoto && (
                    <a href={casesApi.photoUrl(c.id, i.id)} target="_blank" rel="noreferrer">
                      <img className="cs-thumb" src={casesApi.photoUrl(c.id, i.id)} alt={i.title} />
                    </a>
                  )}
                </div>
              ))}
              {c.open && (
                <Form form={form} layout="vertical" onFinish={addItem} className="cs-item-form" initialValues={{ itemType: c.allowed.find((a) => a.missing.length)?.missing[0] ?? 'other_document' }}>
                  <Form.Item name="itemType" label={t('cases.itemType')} rules={[{ required: true }]}>
                    <Select data-testid="case-item-type" virtual={false} listHeight={320} options={CASE_ITEM_TYPES.map((x) => ({ value: x, label: label(CASE_ITEM_LABELS, x) }))} />
                  </Form.Item>
                  <Form.Item name="title" label={t('cases.itemTitle')} rules={[{ required: true, max: 100 }]}>
                    <Input data-testid="case-item-title" maxLength={100} />
                  </Form.Item>
                  <Form.Item name="note" label={t('cases.itemNote')} rules={[{ max: 2000 }]}>
                    <Input.TextArea autoSize maxLength={2000} />
                  </Form.Item>
                  {isPhotoType && (
                    <Form.Item label={t('cases.photo')} required>
                      <Upload
                        accept="image/*"
                        capture="environment"
                        showUploadList={false}
                        beforeUpload={(f) => {
                          void downscalePhoto(f).then(setPhoto);
                          return false;
                        }}
                      >
                        <Button icon={<CameraOutlined />}>{t('cases.photo')}</Button>
                      </Upload>
                      {photo && <img className="cs-thumb" src={photo} alt="" />}
                    </Form.Item>
                  )}
                  {itemType === 'camera_clip' && (
                    <>
                      <Form.Item name="cameraId" label={t('cases.camera')} rules={[{ required: true }]}>
                        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                      <Form.Item name="clip" label={`${t('cases.clipFrom')} – ${t('cases.clipTo')}`} rules={[{ required: true }]}>
                        <DatePicker.RangePicker showTime style={{ width: '100%' }} />
                      </Form.Item>
                    </>
                  )}
                  <Button htmlType="submit" loading={busy} disabled={isPhotoType && !photo} data-testid="case-item-add">
                    {t('cases.add')}
                  </Button>
                </Form>
              )}
            </div>

            <div>
              <Typography.Title level={5}>{t('cases.timeline')}</Typography.Title>
              <Timeline
                items={c.timeline.map((e) => ({
                  children: (
                    <span>
                      {dayjs(e.at).format('MM-DD HH:mm')} {e.by}{' '}
                      {e.action.startsWith('item:')
                        ? label(CASE_ITEM_LABELS, e.action.slice(5) as CaseItemType)
                        : e.action.startsWith('add:')
                          ? `${t('cases.add')}${t(`cases.add.${e.action.slice(4)}` as 'cases.add.people')}`
                          : e.action in CASE_ACTION_LABELS
                            ? label(CASE_ACTION_LABELS, e.action as 'file')
                            : e.action === 'opened'
                              ? t('cases.created')
                              : e.action}
                      {e.note ? `（${e.note}）` : ''}
                    </span>
                  ),
                }))}
              />
            </div>
          </Space>
        )}
      </div>
    </Drawer>
  );
}
