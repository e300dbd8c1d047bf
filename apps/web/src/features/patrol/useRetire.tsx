// Retiring a must-patrol point or line: a confirmation with an optional reason, and, when the server refuses because
// published plans of today or later still use the place (409 STILL_REFERENCED), a dialog naming those plans with a
// link to each.
import { useState } from 'react';
import { App, Input } from 'antd';
import { PATROL_TIER_LABELS } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { ApiError, errorText } from '../../api/errors';
import { planUses } from './places';

export function useRetire() {
  const { modal } = App.useApp();
  const { t, label } = useI18n();

  /** Asks; resolves with `run`'s answer, null when cancelled; rejects with `run`'s error. */
  const confirm = <T,>(name: string, run: (reason: string) => Promise<T>): Promise<T | null> =>
    new Promise<T | null>((resolve, reject) => {
      let reason = '';
      modal.confirm({
        title: t('places.retireTitle', { name }),
        content: (
          <div>
            <p>{t('places.retireBody')}</p>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('places.reason')} onChange={(e) => (reason = e.target.value)} data-testid="retire-reason" />
          </div>
        ),
        okText: t('places.retire'),
        okButtonProps: { danger: true, ...({ 'data-testid': 'retire-ok' } as Record<string, string>) },
        cancelText: t('common.cancel'),
        onOk: async () => {
          try {
            resolve(await run(reason.trim()));
          } catch (e) {
            reject(e);
          }
        },
        onCancel: () => resolve(null),
      });
    });

  /** Shows the plans that keep the place from being retired; false when the error is another one. */
  const showInUse = (name: string, e: unknown): boolean => {
    const plans = planUses(e);
    if (!plans) return false;
    modal.warning({
      title: t('places.inUseTitle', { name }),
      width: 480,
      content: (
        <div data-testid="retire-in-use">
          <p>{t('places.inUseHint')}</p>
          <ul className="pt-inuse-list">
            {plans.map((p) => (
              <li key={p.planId}>
                <a href={`/patrol?plan=${p.planId}&date=${p.date}`}>
                  {t('places.planLine', { date: p.date, shift: `${p.shiftName} ${label(PATROL_TIER_LABELS, p.tier)}`, area: p.areaName ?? String(p.areaId), id: p.planId })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ),
    });
    return true;
  };

  return { confirm, showInUse };
}

/**
 * The 在用 switch of a point or line: 停用 asks (with an optional reason) and names the plans that still use it, 启用
 * at once; the answer replaces the row; a stale version reloads the list.
 */
export function useActiveToggle<T extends { id: number; name: string; version: number }>(o: {
  reactivate: (x: T) => Promise<T>;
  retire: (x: T, reason: string) => Promise<T>;
  replace: (x: T) => void;
  reload: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const retire = useRetire();
  const [toggling, setToggling] = useState<number | null>(null);
  const toggle = async (x: T, active: boolean) => {
    setToggling(x.id);
    try {
      const res = active ? await o.reactivate(x) : await retire.confirm(x.name, (reason) => o.retire(x, reason));
      if (!res) return;
      o.replace(res);
      message.success(t(active ? 'places.reactivated' : 'places.retired', { name: x.name }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'STALE_VERSION') {
        message.warning(t('patrol.staleReloaded'));
        o.reload();
      } else if (!retire.showInUse(x.name, e)) message.error(errorText(e, lang));
    } finally {
      setToggling(null);
    }
  };
  return { toggling, toggle };
}
