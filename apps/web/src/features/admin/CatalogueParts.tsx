// Pieces shared by the catalogue's tabs (任务目录, 督办阶梯, 考核指标, 考核方案): the drawer that saves, puts the
// server's field errors on their fields (in Chinese) and, on a stale version (409), says so and loads what is stored
// now; a duration input (value and unit); who may edit (admins; station leads read).
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Drawer, Form, InputNumber, Select, Space, type FormInstance } from 'antd';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useIsPhone } from '../../app/live';
import { ApiError, errorText, fieldLabel, fieldMessage, fieldProblems } from '../../api/errors';
import { errorCodeText } from '../../app/texts/errors';
import { catalogueMessageZh, type DurationUnit } from './catalogueHelpers';

/** Admins change the catalogue (tasks.catalogue); everyone else who sees these tabs reads it. */
export function useCanEditCatalogue(): boolean {
  return useAuth().user?.role === 'admin';
}

export const isStale = (e: unknown) => e instanceof ApiError && e.code === 'STALE_VERSION';

/** A catalogue error for a toast: in Chinese, the field messages of core's validators translated too. */
export function catalogueErrorText(e: unknown, lang: 'zh' | 'en'): string {
  if (lang !== 'zh' || !(e instanceof ApiError) || e.code !== 'VALIDATION_FAILED') return errorText(e, lang);
  const msgs = fieldProblems(e).map((f) => {
    const l = fieldLabel(f.path);
    const m = catalogueMessageZh(f.message) ?? fieldMessage(f.message, 'zh');
    return l ? `${l}：${m}` : m;
  });
  const head = errorCodeText('zh', e.code) ?? e.message;
  return msgs.length ? `${head}（${[...new Set(msgs)].join('；')}）` : head;
}

/** The server's field errors of a save, on the form's fields (mapped by `toPath`), in the user's language. */
export function showFieldErrors(form: FormInstance, e: unknown, lang: 'zh' | 'en', toPath: (pointer: string) => (string | number)[] | null): number {
  const list = fieldProblems(e).flatMap((f) => {
    const path = toPath(`/${f.path.join('/')}`);
    if (!path) return [];
    const message = lang === 'zh' ? (catalogueMessageZh(f.message) ?? fieldMessage(f.message, 'zh')) : f.message;
    return [{ name: path as never, errors: [message] }];
  });
  // a 422 PLAN_WEIGHTS_NOT_100 or DUPLICATE_TASK_CODE names its field in details.field
  if (e instanceof ApiError && e.details && typeof e.details === 'object' && !Array.isArray(e.details)) {
    const field = (e.details as { field?: unknown }).field;
    const path = typeof field === 'string' ? toPath(field) : null;
    if (path) list.push({ name: path as never, errors: [errorText(e, lang)] });
  }
  if (list.length) form.setFields(list);
  return list.length;
}

/**
 * The add / edit drawer of the catalogue. `onSubmit` saves; on a field error the fields show it; on a stale version
 * the drawer stays open, `onStale` loads the stored record into it and a notice asks to make the change again.
 */
export function CatalogueDrawer<V extends object>(props: {
  open: boolean;
  title: string;
  form: FormInstance<V>;
  readOnly: boolean;
  onClose: () => void;
  onSubmit: (v: V) => Promise<unknown>;
  onSaved: () => void;
  onStale: () => Promise<void>;
  toPath: (pointer: string) => (string | number)[] | null;
  children: ReactNode;
  testId: string;
  width?: number;
}) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const close = () => {
    setStale(false);
    props.onClose();
  };
  const submit = async () => {
    let v: V;
    try {
      v = await props.form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(v);
      void message.success(t('admin.saved'));
      props.onSaved();
      close();
    } catch (e) {
      void message.error(catalogueErrorText(e, lang));
      if (isStale(e)) {
        await props.onStale().catch((e2: unknown) => void message.error(errorText(e2, lang)));
        setStale(true);
      } else showFieldErrors(props.form, e, lang, props.toPath);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={props.open}
      title={props.title}
      onClose={close}
      width={phone ? '100%' : (props.width ?? 560)}
      destroyOnHidden
      data-testid={props.testId}
      extra={
        props.readOnly ? (
          <Button onClick={close}>{t('cat.close')}</Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('admin.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid={`${props.testId}-save`}>
              {t('admin.save')}
            </Button>
          </Space>
        )
      }
    >
      {stale && <Alert type="warning" showIcon message={t('cat.staleReloaded')} style={{ marginBottom: 12 }} data-testid={`${props.testId}-stale`} />}
      <Form form={props.form} layout="vertical" requiredMark="optional" disabled={props.readOnly}>
        {props.children}
      </Form>
    </Drawer>
  );
}

/** A duration: a number and its unit (minutes, hours, days), as two fields of the form. */
export function DurationInput({ valueName, unitName, disabled, min = 0, testId }: { valueName: (string | number)[]; unitName: (string | number)[]; disabled?: boolean; min?: number; testId?: string }) {
  const { t } = useI18n();
  const units: DurationUnit[] = ['minutes', 'hours', 'days'];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Form.Item name={valueName} noStyle>
        <InputNumber min={min} step={1} disabled={disabled} style={{ width: '60%' }} data-testid={testId} />
      </Form.Item>
      <Form.Item name={unitName} noStyle>
        <Select disabled={disabled} style={{ width: '40%' }} options={units.map((u) => ({ value: u, label: t(`cat.unit.${u}`) }))} />
      </Form.Item>
    </Space.Compact>
  );
}
