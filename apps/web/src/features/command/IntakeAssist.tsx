// The intake's helpers (issue 14, part 1): the address search as one types (a hit places the map point), and the
// checks of the call: the point against the address hit, the history of the caller's number and of the place,
// possible duplicates offered to link (重复报警 +1) instead of a new incident.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, AutoComplete, Button, Input, Spin, Tag } from 'antd';
import {
  INCIDENT_CATEGORY_LABELS,
  PLACE_SOURCE_LABELS,
  type CallHistory,
  type Incident,
  type IntakeCheck,
  type LinkCallBody,
  type PlaceHit,
  type PlaceHits,
} from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { http } from '../../api/client';
import { errorText } from '../../api/errors';
import { IncidentStatusTag, PriorityTag } from '../../app/tags';

export const intakeApi = {
  places: (q: string, signal?: AbortSignal) => http.get<PlaceHits>('/api/intake/places', { q, limit: 10 }, signal),
  check: (q: { lon?: number; lat?: number; phone?: string; hitSource?: string; hitId?: number }, signal?: AbortSignal) => http.get<IntakeCheck>('/api/intake/check', q, signal),
  link: (id: number, body: LinkCallBody) => http.post<Incident>(`/api/incidents/${id}/duplicate-calls`, body),
};

/** The address field: a search box whose hits place the point. */
export function AddressSearch({ value, onChange, onHit }: { value?: string; onChange?: (v: string) => void; onHit: (h: PlaceHit) => void }) {
  const { t, label } = useI18n();
  const [hits, setHits] = useState<PlaceHit[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ac = useRef<AbortController | null>(null);

  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    ac.current?.abort();
    if (!q.trim()) {
      setHits([]);
      return;
    }
    timer.current = setTimeout(() => {
      const c = new AbortController();
      ac.current = c;
      setLoading(true);
      intakeApi
        .places(q.trim().slice(0, 64), c.signal)
        .then((r) => {
          setHits(r.items);
          setLoading(false);
        })
        .catch(() => {
          if (!c.signal.aborted) setLoading(false);
        });
    }, 180);
  };

  return (
    <AutoComplete
      value={value}
      onChange={(v: string) => onChange?.(v)}
      onSearch={search}
      onSelect={(_v: string, o: { hit: PlaceHit }) => {
        onChange?.(o.hit.name);
        onHit(o.hit);
      }}
      options={hits.map((h) => ({
        value: `${h.source}:${h.id}`,
        hit: h,
        label: (
          <div className="jw-place-hit" data-testid={`place-hit-${h.source}`}>
            <span className="jw-place-name">{h.name}</span>
            <span className="jw-place-src">
              {label(PLACE_SOURCE_LABELS, h.source)}
              {h.source === 'incident' ? ` · ${t('intake.pastCalls', { n: h.detail })}` : h.detail ? ` · ${h.detail}` : ''}
            </span>
          </div>
        ),
      }))}
      notFoundContent={loading ? <Spin size="small" /> : value?.trim() ? t('intake.searchEmpty') : null}
    >
      <Input data-testid="intake-address" maxLength={256} placeholder={t('intake.search')} allowClear />
    </AutoComplete>
  );
}

function HistoryLine({ h, text }: { h: CallHistory; text: string }) {
  const { t } = useI18n();
  if (h.count === 0) return null;
  return (
    <div className="jw-intake-hist">
      <b>{text}</b>
      <div className="jw-hint">{t('intake.grades', { p1: h.byPriority[1], p2: h.byPriority[2], p3: h.byPriority[3] })}</div>
    </div>
  );
}

interface CheckProps {
  point: { lon: number; lat: number } | null;
  phone: string | undefined;
  hit: PlaceHit | null;
  /** The call as typed, recorded on the incident it is linked to. */
  call: () => LinkCallBody;
  onLinked: (i: Incident) => void;
}

/** The checks of the call as it is typed: mismatch, history, duplicates (each with its link button). */
export function IntakeChecks({ point, phone, hit, call, onLinked }: CheckProps) {
  const { t, label, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [check, setCheck] = useState<IntakeCheck | null>(null);
  const [loading, setLoading] = useState(false);
  const validPhone = phone && /^[0-9+\- ]{3,20}$/.test(phone.trim()) ? phone.trim() : undefined;
  const hitKey = hit ? `${hit.source}:${hit.id}` : '';

  useEffect(() => {
    if (!point && !validPhone) {
      setCheck(null);
      return;
    }
    const ac = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      const [hitSource, hitId] = hitKey ? hitKey.split(':') : [];
      intakeApi
        .check({ ...(point ?? {}), ...(validPhone ? { phone: validPhone } : {}), ...(point && hitSource ? { hitSource, hitId: Number(hitId) } : {}) }, ac.signal)
        .then((r) => {
          setCheck(r);
          setLoading(false);
        })
        .catch(() => {
          if (!ac.signal.aborted) setLoading(false);
        });
    }, 350);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [point, validPhone, hitKey]);

  const link = (d: IntakeCheck['duplicates'][number]) => {
    modal.confirm({
      title: t('intake.link'),
      content: t('intake.linkConfirm', { number: d.incident.number }),
      okButtonProps: { ...({ 'data-testid': 'link-ok' } as object) },
      onOk: async () => {
        try {
          const inc = await intakeApi.link(d.incident.id, call());
          message.success(t('intake.linked', { number: inc.number }));
          onLinked(inc);
        } catch (e) {
          message.error(errorText(e, lang));
        }
      },
    });
  };

  if (!check) return loading ? <div className="jw-hint">{t('intake.checking')}</div> : null;
  const m = check.mismatch;
  return (
    <div className="jw-intake-checks" data-testid="intake-checks">
      {m && (
        <Alert
          type="warning"
          showIcon
          data-testid="intake-mismatch"
          title={t('intake.mismatch')}
          description={
            <>
              {m.reasons.includes('station') && <div>{t('intake.mismatchStation', { point: m.pointStation ?? '—', place: m.placeName, placeStation: m.placeStation ?? '—' })}</div>}
              {m.reasons.includes('distance') && <div>{t('intake.mismatchDistance', { place: m.placeName, m: m.distanceM })}</div>}
            </>
          }
        />
      )}
      {check.duplicates.length > 0 && (
        <div className="jw-intake-dups" data-testid="intake-duplicates">
          <b className="jw-intake-dups-title">{t('intake.duplicates')}</b>
          {check.duplicates.map((d) => (
            <div key={d.incident.id} className="jw-intake-dup" data-testid={`dup-${d.incident.number}`}>
              <div className="jw-qline">
                <PriorityTag priority={d.incident.priority} short />
                <span>{label(INCIDENT_CATEGORY_LABELS, d.incident.category)}</span>
                <IncidentStatusTag status={d.incident.status} />
                {d.ended && <Tag>{t('intake.dupEnded')}</Tag>}
              </div>
              <div className="jw-qaddr">{d.incident.address || '—'}</div>
              <div className="jw-qmeta">
                <span>{d.incident.number}</span>
                {d.reasons.includes('place') && d.distanceM !== null && <span>{t('intake.dupPlace', { m: d.distanceM })}</span>}
                {d.reasons.includes('caller') && <span>{t('intake.dupCaller')}</span>}
                {d.duplicates > 0 && <span>{t('intake.dupCount', { n: d.duplicates })}</span>}
              </div>
              <Button size="small" type="primary" ghost onClick={() => link(d)} data-testid={`dup-link-${d.incident.number}`}>
                {t('intake.link')}
              </Button>
            </div>
          ))}
        </div>
      )}
      {check.phone && <HistoryLine h={check.phone} text={t('intake.phoneHistory', { days: check.phone.days, n: check.phone.count })} />}
      {check.place && <HistoryLine h={check.place} text={t('intake.placeHistory', { days: check.place.days, n: check.place.count, r: check.rules.placeRadiusM })} />}
      {[...(check.phone?.open ?? []), ...(check.place?.open ?? [])].length > 0 && (
        <div className="jw-hint" data-testid="intake-open-calls">
          {t('intake.openCalls')}：
          {[...new Map([...(check.phone?.open ?? []), ...(check.place?.open ?? [])].map((c) => [c.id, c])).values()].map((c) => (
            <span key={c.id} className="jw-intake-open">
              {c.number} {label(INCIDENT_CATEGORY_LABELS, c.category)}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
