// Response times of an incident (Incident.response): the target (key place or area), the ETA promised at dispatch,
// call to dispatch, dispatch to arrival, total, and whether the target was met.
import { Tag, Tooltip } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled } from '@ant-design/icons';
import type { Incident } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { formatSeconds, targetMinutes } from '../../lib/dispatch';

export function ResponseTimes({ incident }: { incident: Incident }) {
  const { t } = useI18n();
  const r = incident.response;
  if (!r) return null;
  const met = r.met;
  const state = met === true ? 'met' : met === false ? 'missed' : 'pending';
  return (
    <div className="jw-resp" data-testid="incident-response" data-met={state}>
      <div className="jw-resp-top">
        <span className="jw-resp-target">
          {t('resp.target')}{' '}
          <b data-testid="response-target">{r.targetSeconds != null ? t('resp.targetValue', { m: targetMinutes(r.targetSeconds) }) : '—'}</b>
          {r.keyPlace && (
            <Tag color="red" className="jw-tag" style={{ marginLeft: 6 }}>
              {t('resp.keyPlace')} {r.keyPlace.name}
            </Tag>
          )}
        </span>
        <span className="jw-resp-eta">
          {t('resp.eta')} <b className="jw-num">{formatSeconds(r.etaSeconds)}</b>
        </span>
        {met === true && (
          <Tag color="success" icon={<CheckCircleFilled />} className="jw-tag" data-testid="response-met">
            {t('resp.met')}
          </Tag>
        )}
        {met === false && (
          <Tag color="error" icon={<CloseCircleFilled />} className="jw-tag" data-testid="response-met">
            {t('resp.notMet')}
          </Tag>
        )}
        {met === null && (
          <Tag icon={<ClockCircleOutlined />} className="jw-tag" data-testid="response-met">
            {t('resp.pending')}
          </Tag>
        )}
      </div>
      <div className="jw-resp-grid">
        {(
          [
            ['resp.callToDispatch', r.callToDispatchS, 'c2d'],
            ['resp.dispatchToArrival', r.dispatchToArrivalS, 'd2a'],
            ['resp.total', r.totalS, 'total'],
          ] as const
        ).map(([key, v, id]) => {
          const late = id === 'd2a' && v != null && r.targetSeconds != null && v > r.targetSeconds;
          return (
            <div key={id} className={`jw-resp-cell ${late ? 'is-late' : ''}`} data-testid={`response-${id}`}>
              <div className="jw-resp-label">{t(key)}</div>
              <Tooltip title={id === 'd2a' && r.etaSeconds != null ? t('resp.etaShort', { eta: formatSeconds(r.etaSeconds) }) : undefined}>
                <div className="jw-resp-value jw-num">{formatSeconds(v)}</div>
              </Tooltip>
            </div>
          );
        })}
      </div>
    </div>
  );
}
