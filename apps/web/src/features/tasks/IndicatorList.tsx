// Indicators of a subject (an officer, a station): value against target, a bar for the score, and "暂无数据" with
// the reason when not available (never a zero).
import { Tooltip } from 'antd';
import type { IndicatorValue } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { INDICATOR_STATE_HEX, indicatorState, indicatorValueText, sortIndicators, targetText } from './helpers';

export function IndicatorList({ values, compact, testId }: { values: readonly IndicatorValue[]; compact?: boolean; testId?: string }) {
  const { t } = useI18n();
  const list = sortIndicators(values);
  if (!list.length) return <div className="jw-muted">{t('ind.none')}</div>;
  return (
    <div className={`tk-inds ${compact ? 'is-compact' : ''}`} data-testid={testId}>
      {list.map((v) => {
        const text = indicatorValueText(v);
        const state = indicatorState(v);
        const why = v.available ? null : v.reason === 'not_connected' ? t('ind.notConnected') : v.reason === 'division_by_zero' ? t('ind.noBase') : t('ind.noData');
        return (
          <div className={`tk-ind is-${state}`} key={v.code} data-testid={`ind-${v.code}`} data-available={v.available ? '1' : '0'} data-value={v.value ?? ''}>
            <div className="tk-ind-name">{v.name}</div>
            <div className="tk-ind-value jw-num" data-testid={`ind-value-${v.code}`} style={{ color: INDICATOR_STATE_HEX[state] }}>
              {text ?? (
                <Tooltip title={why}>
                  <span className="tk-na">{t('ind.na')}</span>
                </Tooltip>
              )}
            </div>
            <div className="tk-ind-target jw-muted">{t('ind.target', { v: targetText(v) })}</div>
            <div className="tk-ind-bar">
              <span style={{ width: `${v.score ?? 0}%`, background: INDICATOR_STATE_HEX[state] }} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
