// 生成报告: kind, area (a station for 日提醒 and 周研判, a district for 月分析), an optional day of the period and
// whether to push it to its audience. Opens the new report when done.
import { useEffect, useMemo, useState } from 'react';
import { App, Checkbox, DatePicker, Form, Modal, Segmented, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { AREA_KIND_LABELS, REPORT_KINDS, type Area, type Report, type ReportKind } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import type { DictKey } from '../../app/dict';
import { analysisApi } from '../../api/endpoints';
import { errorText } from '../../api/errors';
import { areaOptions } from '../forecast/useAnalysisAreas';
import { areaFitsKind, REPORT_AREA_KIND } from './helpers';

interface Props {
  open: boolean;
  phone: boolean;
  areas: readonly Area[];
  /** Start with this kind and area (the list's filters) when they fit. */
  initial: { kind?: ReportKind; areaId?: number; scopeAreaId?: number | null };
  onClose: () => void;
  onDone: (r: Report) => void;
}

export function GenerateModal({ open, phone, areas, initial, onClose, onDone }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ReportKind>('daily');
  const [areaId, setAreaId] = useState<number | undefined>();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [push, setPush] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const kindOf = (id: number | null | undefined) => areas.find((a) => a.id === id)?.kind;

  // on open: the list's kind and area when they fit, else the user's own area, else the first of the right kind
  useEffect(() => {
    if (!open) return;
    const k = initial.kind ?? 'daily';
    setKind(k);
    setDate(null);
    setPush(true);
    setError(null);
    const fit = [initial.areaId, initial.scopeAreaId].find((id) => id != null && areaFitsKind(k, kindOf(id)));
    setAreaId(fit ?? areas.find((a) => a.kind === REPORT_AREA_KIND[k])?.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const onKind = (k: ReportKind) => {
    setKind(k);
    if (!areaFitsKind(k, kindOf(areaId))) {
      const fit = [initial.areaId, initial.scopeAreaId].find((id) => id != null && areaFitsKind(k, kindOf(id)));
      setAreaId(fit ?? areas.find((a) => a.kind === REPORT_AREA_KIND[k])?.id);
    }
  };

  const options = useMemo(() => areaOptions(areas, (k) => label(AREA_KIND_LABELS, k), [REPORT_AREA_KIND[kind]]), [areas, kind, label]);

  const submit = async () => {
    if (areaId === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const r = await analysisApi.generateReport({ kind, areaId, ...(date ? { date: date.format('YYYY-MM-DD') } : {}), push });
      message.success(t('reports.generatedOk', { title: r.content.title }));
      onDone(r);
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('reports.generate')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={busy ? t('reports.generating') : t('reports.generateOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, disabled: areaId === undefined, 'data-testid': 'report-generate-ok' } as never}
      width={phone ? 'calc(100vw - 16px)' : 480}
      destroyOnHidden
      data-testid="report-generate-modal"
    >
      <Form layout="vertical" requiredMark={false}>
        <Form.Item label={t('reports.kindLabel')}>
          <Segmented<ReportKind>
            block
            value={kind}
            onChange={onKind}
            options={REPORT_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}` as DictKey) }))}
            data-testid="report-generate-kind"
          />
          <Typography.Text type="secondary" className="rp-hint">
            {t(`reports.kindHint.${kind}` as DictKey)}
          </Typography.Text>
        </Form.Item>
        <Form.Item label={label(AREA_KIND_LABELS, REPORT_AREA_KIND[kind])}>
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            value={areaId}
            onChange={setAreaId}
            options={options}
            placeholder={t('reports.area')}
            data-testid="report-generate-area"
          />
        </Form.Item>
        <Form.Item label={`${t('reports.date')}${t('common.optional')}`} extra={t(`reports.dateHint.${kind}` as DictKey)}>
          <DatePicker value={date} onChange={setDate} format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="report-generate-date" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Checkbox checked={push} onChange={(e) => setPush(e.target.checked)} data-testid="report-generate-push">
            {t('reports.push')}
          </Checkbox>
        </Form.Item>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
      </Form>
    </Modal>
  );
}
