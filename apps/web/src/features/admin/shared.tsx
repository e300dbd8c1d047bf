// Pieces shared by the administration tabs: loading a list, the area picker, the edit drawer with the server's field
// errors on their fields, retire with confirmation.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { App, Button, Drawer, Form, Input, Popconfirm, Select, Space, TreeSelect, Typography, type FormInstance } from 'antd';
import type { Area } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useIsPhone } from '../../app/live';
import { api } from '../../api/endpoints';
import { errorText, fieldProblems } from '../../api/errors';
import { buildAreaTree, type AreaNode } from '../../lib/areaTree';
import { adminApi } from './api';

export function useList<T>(load: () => Promise<T[]>): { rows: T[]; loading: boolean; reload: () => void } {
  const [rows, setRows] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [n, setN] = useState(0);
  const { message } = App.useApp();
  const { lang } = useI18n();
  useEffect(() => {
    let alive = true;
    setLoading(true);
    load()
      .then((r) => alive && setRows(r))
      .catch((e: unknown) => alive && void message.error(errorText(e, lang)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [n]);
  return { rows, loading, reload: useCallback(() => setN((x) => x + 1), []) };
}

interface TreeOpt {
  value: number;
  title: string;
  children: TreeOpt[];
}
const toTreeData = (nodes: AreaNode[]): TreeOpt[] => nodes.map((n) => ({ value: n.area.id, title: n.area.name, children: toTreeData(n.children) }));

let areasCache: Promise<Area[]> | null = null;
export function useAreas(): Area[] {
  const [areas, setAreas] = useState<Area[]>([]);
  useEffect(() => {
    areasCache ??= api.areas().catch(() => {
      areasCache = null;
      return [];
    });
    void areasCache.then(setAreas);
  }, []);
  return areas;
}

export function AreaPicker(props: { value?: number | number[] | null; onChange?: (v: unknown) => void; multiple?: boolean; placeholder?: string; testId?: string }) {
  const areas = useAreas();
  const tree = useMemo(() => toTreeData(buildAreaTree(areas)), [areas]);
  return (
    <TreeSelect
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeData={tree}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? (props.multiple ? [] : null))}
      multiple={props.multiple}
      placeholder={props.placeholder}
      style={{ width: '100%' }}
      data-testid={props.testId}
    />
  );
}

/** The add / edit drawer: submits, shows the server's field errors on the form, closes on success. */
export function EditDrawer<V extends object>(props: {
  open: boolean;
  title: string;
  form: FormInstance<V>;
  onClose: () => void;
  onSubmit: (v: V) => Promise<unknown>;
  onSaved: () => void;
  children: ReactNode;
  testId: string;
}) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
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
      props.onClose();
    } catch (e) {
      const fields = fieldProblems(e, lang);
      if (fields.length) props.form.setFields(fields.map((f) => ({ name: f.path as never, errors: [f.message] })));
      void message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={props.open}
      title={props.title}
      onClose={props.onClose}
      width={phone ? '100%' : 480}
      destroyOnHidden
      data-testid={props.testId}
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('admin.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid={`${props.testId}-save`}>
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      <Form form={props.form} layout="vertical" requiredMark="optional">
        {props.children}
      </Form>
    </Drawer>
  );
}

export function RetireButton({ name, onRetire, onDone }: { name: string; onRetire: () => Promise<unknown>; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={t('admin.retireConfirm', { name })}
      okButtonProps={{ danger: true }}
      onConfirm={async () => {
        try {
          await onRetire();
          void message.success(t('admin.retired'));
          onDone();
        } catch (e) {
          void message.error(errorText(e, lang));
        }
      }}
    >
      <Button size="small" danger type="link">
        {t('admin.retire')}
      </Button>
    </Popconfirm>
  );
}

export function SearchBox({ onChange, testId }: { onChange: (v: string) => void; testId?: string }) {
  const { t } = useI18n();
  const phone = useIsPhone();
  return <Input.Search allowClear placeholder={t('admin.search')} onChange={(e) => onChange(e.target.value)} onSearch={onChange} style={{ width: phone ? '100%' : 220 }} data-testid={testId} />;
}

export const match = (needle: string, ...hay: (string | null | undefined)[]) => {
  const n = needle.trim().toLowerCase();
  return !n || hay.some((h) => (h ?? '').toLowerCase().includes(n));
};

export function TabHead({ onSearch, onAdd, count, testId }: { onSearch: (v: string) => void; onAdd?: () => void; count: number; testId: string }) {
  const { t } = useI18n();
  return (
    <Space wrap size={8} style={{ marginBottom: 12 }}>
      <SearchBox onChange={onSearch} testId={`${testId}-search`} />
      {onAdd && (
        <Button type="primary" onClick={onAdd} data-testid={`${testId}-add`}>
          {t('admin.add')}
        </Button>
      )}
      <Typography.Text type="secondary">{t('admin.count', { n: count })}</Typography.Text>
    </Space>
  );
}


export function PersonSelect(props: { value?: number | number[] | null; onChange?: (v: unknown) => void; multiple?: boolean; testId?: string }) {
  const { rows } = useList(() => adminApi.people({ pageSize: 500 }).then((r) => r.items));
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      mode={props.multiple ? 'multiple' : undefined}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? (props.multiple ? [] : null))}
      options={rows.map((p) => ({ value: p.id, label: `${p.name}${p.badgeNo ? ` ${p.badgeNo}` : ''}` }))}
      data-testid={props.testId}
    />
  );
}

