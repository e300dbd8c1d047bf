// Issuing a task from the catalogue (下达任务): a template (searchable, grouped by category), to an officer or to
// every officer responsible for an area, at the issuer's level; a due time for one-off templates; a note.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import type { Person, TaskTemplate, UserRole } from '@jingwang/contracts';
import { TASK_CATEGORY_LABELS } from '@jingwang/core/tasks';
import { useI18n } from '../../app/i18n';
import { api, tasksApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { evidenceNeeds, issueLevel } from './helpers';

export function AssignModal({
  open,
  onClose,
  onDone,
  role,
  station,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (generated: number) => void;
  role: UserRole | null | undefined;
  station: { id: number; name: string } | null;
}) {
  const { t, label, lang } = useI18n();
  const [templates, setTemplates] = useState<TaskTemplate[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [kind, setKind] = useState<'person' | 'area'>('person');
  const [personId, setPersonId] = useState<number | null>(null);
  const [dueAt, setDueAt] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const level = issueLevel(role);

  useEffect(() => {
    if (!open) return;
    setErr(null);
    tasksApi
      .templates({ active: true })
      .then(setTemplates)
      .catch((e: unknown) => setErr(e));
  }, [open]);
  useEffect(() => {
    if (!open || !station) return;
    api
      .people({ areaId: station.id, role: 'police', pageSize: 200 })
      .then((r) => setPeople(r.items))
      .catch(() => setPeople([]));
  }, [open, station]);

  const options = useMemo(() => {
    const groups = new Map<string, TaskTemplate[]>();
    for (const x of templates) groups.set(x.category, [...(groups.get(x.category) ?? []), x]);
    return [...groups.entries()].map(([cat, list]) => ({
      label: label(TASK_CATEGORY_LABELS, cat as keyof typeof TASK_CATEGORY_LABELS),
      options: list.map((x) => ({ value: x.id, label: `${x.code} ${lang === 'en' && x.nameEn ? x.nameEn : x.name}` })),
    }));
  }, [templates, label, lang]);
  const tpl = templates.find((x) => x.id === templateId) ?? null;
  const once = tpl?.schedule.recurrence.kind === 'once';

  const submit = async () => {
    if (!tpl || !level || !station) return;
    if (kind === 'person' && !personId) return;
    setBusy(true);
    setErr(null);
    try {
      const r = await tasksApi.assign({
        templateId: tpl.id,
        targetKind: kind,
        ...(kind === 'person' ? { personId: personId! } : { areaId: station.id }),
        level,
        ...(once && dueAt ? { dueAt: new Date(dueAt).toISOString() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone(r.generated);
      setTemplateId(null);
      setNote('');
      setDueAt('');
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };

  const recurrence = (x: TaskTemplate) => {
    const r = x.schedule.recurrence;
    return t(`task.rec.${r.kind}`);
  };

  return (
    <Modal
      open={open}
      title={t('assign.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('assign.send')}
      okButtonProps={{ loading: busy, disabled: !tpl || !level || (kind === 'person' && !personId), 'data-testid': 'assign-submit' } as never}
      width={620}
      destroyOnHidden
    >
      {!level && <Alert type="warning" showIcon title={t('assign.notLeader')} />}
      {err !== null && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errorText(err, lang)} />}
      <Form layout="vertical">
        <Form.Item label={t('assign.template')} required>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={templateId ?? undefined}
            onChange={(v) => setTemplateId(v)}
            options={options}
            placeholder={t('assign.templatePh')}
            data-testid="assign-template"
          />
        </Form.Item>
        {tpl && (
          <div className="jw-muted" style={{ margin: '-6px 0 10px' }}>
            {recurrence(tpl)} · {t('assign.target', { n: tpl.schedule.target, unit: tpl.unit })}
            {evidenceNeeds(tpl.evidence).map((n) => ` · ${t(`task.need.${n.key}`, { n: n.n ?? '' })}`)}
          </div>
        )}
        <Form.Item label={t('assign.to')} required>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value as 'person' | 'area')}
            options={[
              { value: 'person', label: t('assign.toPerson') },
              { value: 'area', label: t('assign.toArea', { name: station?.name ?? '' }) },
            ]}
          />
        </Form.Item>
        {kind === 'person' && (
          <Form.Item label={t('assign.person')} required>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={personId ?? undefined}
              onChange={(v) => setPersonId(v)}
              options={people.map((p) => ({ value: p.id, label: p.name }))}
              data-testid="assign-person"
            />
          </Form.Item>
        )}
        {once && (
          <Form.Item label={t('assign.dueAt')} help={t('assign.dueAtHelp')}>
            <Input type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} style={{ width: 240 }} />
          </Form.Item>
        )}
        <Form.Item label={t('task.note')}>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
