import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Descriptions, Empty, Input, Select, Space, Switch, Tag, Timeline, Tooltip, Tree, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, ScissorOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { AREA_KINDS, AREA_KIND_LABELS, type Area, type AreaKind } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useAuth } from '../../app/auth';
import { useClientConfig } from '../../app/config';
import { useIsPhone } from '../../app/live';
import { AREA_STYLE } from '../../app/colors';
import { api, type AreaHistoryEntry } from '../../api/endpoints';
import { downloadJson } from '../../api/client';
import { errorText } from '../../api/errors';
import { buildAreaTree, filterAreaTree, type AreaNode } from '../../lib/areaTree';
import { MapView, type MapApi } from '../../map/MapView';
import { invalidateAreas } from '../../map/data';
import { ImportModal } from './ImportModal';
import { RecutModal } from './RecutModal';
import { describeHistoryDetail, historyOpLabel } from './history';
import { ResponseTargetModal } from './ResponseTargetModal';
import { canSetTarget, effectiveTarget } from './target';
import type { BBox } from '../../lib/geo';
import { kindBeside } from '../../lib/format';

const MAP_KINDS: AreaKind[] = ['district', 'station', 'police_grid', 'resp_zone', 'community', 'grid'];

interface TreeItem {
  key: number;
  title: React.ReactNode;
  children: TreeItem[];
}

function useHeight<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [h, setH] = useState(400);
  useEffect(() => {
    if (!ref.current) return;
    const ro = new ResizeObserver(([e]) => e && setH(Math.max(200, Math.floor(e.contentRect.height))));
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  return [ref, h];
}

export default function AreasPage() {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const { config } = useClientConfig();
  const phone = useIsPhone();
  const [areas, setAreas] = useState<Area[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [includeRetired, setIncludeRetired] = useState(false);
  const [q, setQ] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [history, setHistory] = useState<AreaHistoryEntry[] | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [recutOpen, setRecutOpen] = useState(false);
  const [targetOpen, setTargetOpen] = useState(false);
  const [exportKind, setExportKind] = useState<AreaKind>('grid');
  const [areasVersion, setAreasVersion] = useState(0);
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const mapApi = useRef<MapApi | null>(null);
  const [treeBox, treeHeight] = useHeight<HTMLDivElement>();
  const isAdmin = user?.role === 'admin';

  const reload = useCallback(() => {
    setLoading(true);
    api
      .areas({ includeRetired })
      .then((a) => {
        setAreas(a);
        setError(null);
      })
      .catch(setError)
      .finally(() => setLoading(false));
  }, [includeRetired]);
  useEffect(reload, [reload]);

  const byId = useMemo(() => new Map(areas.map((a) => [a.id, a])), [areas]);
  const roots = useMemo(() => buildAreaTree(areas), [areas]);
  const filtered = useMemo(() => filterAreaTree(roots, q), [roots, q]);
  const selected = selectedId != null ? byId.get(selectedId) : undefined;

  const toItems = useCallback(
    (nodes: AreaNode[]): TreeItem[] =>
      nodes.map((n) => ({
        key: n.area.id,
        title: (
          <span className={`jw-tree-node ${n.area.validTo ? 'is-retired' : ''}`} data-testid={`area-node-${n.area.code}`}>
            <span className="jw-swatch" style={{ background: AREA_STYLE[n.area.kind]?.color }} />
            {n.area.name}
            {kindBeside(n.area.name, label(AREA_KIND_LABELS, n.area.kind)) && <span className="jw-tree-kind">{label(AREA_KIND_LABELS, n.area.kind)}</span>}
            {n.area.validTo && <Tag className="jw-tag">{t('areas.retired')}</Tag>}
          </span>
        ),
        children: toItems(n.children),
      })),
    [label, t],
  );
  const treeData = useMemo(() => toItems(filtered), [filtered, toItems]);
  // while searching, open every branch that leads to a hit
  const searchExpanded = useMemo(() => {
    if (!q.trim()) return null;
    const out: number[] = [];
    const walk = (ns: AreaNode[]) => {
      for (const n of ns) {
        if (n.children.length) {
          out.push(n.area.id);
          walk(n.children);
        }
      }
    };
    walk(filtered);
    return out;
  }, [filtered, q]);
  const defaultExpanded = useMemo(() => {
    const out: number[] = [];
    const walk = (ns: AreaNode[], depth: number) => {
      for (const n of ns) {
        if (depth < 2) {
          out.push(n.area.id);
          walk(n.children, depth + 1);
        }
      }
    };
    walk(roots, 0);
    return out;
  }, [roots]);

  useEffect(() => {
    setHistory(null);
    if (selectedId == null) return;
    let alive = true;
    api
      .areaHistory(selectedId)
      .then((h) => alive && setHistory(h))
      .catch(() => alive && setHistory([]));
    return () => {
      alive = false;
    };
  }, [selectedId, areasVersion]);

  const selectArea = (id: number) => {
    setSelectedId(id);
    const a = byId.get(id);
    if (a) mapApi.current?.fitBBox(a.bbox as BBox, 16);
  };

  const afterChange = () => {
    invalidateAreas();
    setAreasVersion((v) => v + 1);
    reload();
  };

  const doExport = async () => {
    try {
      const data = (await downloadJson('/api/areas/export', { kind: exportKind }, `areas-${exportKind}.geojson`)) as { features?: unknown[] };
      message.success(t('areas.exportDone', { n: data?.features?.length ?? 0 }));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const liveByCode = useMemo(() => new Map(areas.filter((a) => !a.validTo).map((a) => [a.code, a.name])), [areas]);
  const nameOfCode = useCallback((code: string) => liveByCode.get(code), [liveByCode]);
  const children = selected ? areas.filter((a) => a.parentId === selected.id) : [];
  const target = selected ? effectiveTarget(selected, byId) : null;
  const mayTarget = selected ? canSetTarget(user, selected, byId) : false;
  const secondsText = (s: number) => (s % 60 === 0 ? t('areas.targetValue', { min: s / 60, s }) : t('areas.targetSeconds', { s }));
  const parent = selected?.parentId != null ? byId.get(selected.parentId) : undefined;

  return (
    <div className={`jw-areas ${phone ? 'is-phone' : ''}`} data-testid="areas-page">
      <div className="jw-areas-side">
        <div className="jw-areas-tools">
          <Space wrap size={6}>
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="areas-import">
              {t('areas.import')}
            </Button>
            <Tooltip title={isAdmin ? undefined : t('areas.adminOnly')}>
              <Button icon={<ScissorOutlined />} disabled={!isAdmin} onClick={() => setRecutOpen(true)} data-testid="areas-recut">
                {t('areas.recut')}
              </Button>
            </Tooltip>
            <Space.Compact>
              <Select
                value={exportKind}
                onChange={setExportKind}
                style={{ width: 130 }}
                options={AREA_KINDS.map((k) => ({ value: k, label: label(AREA_KIND_LABELS, k) }))}
                aria-label={t('areas.exportKind')}
              />
              <Button icon={<DownloadOutlined />} onClick={doExport} data-testid="areas-export">
                {t('areas.export')}
              </Button>
            </Space.Compact>
          </Space>
          <div className="jw-areas-filter">
            <Input.Search allowClear placeholder={t('areas.search')} onChange={(e) => setQ(e.target.value)} onSearch={setQ} />
            <span className="jw-nowrap">
              <Switch size="small" checked={includeRetired} onChange={setIncludeRetired} /> {t('areas.retired')}
            </span>
          </div>
        </div>
        {error != null && <Alert type="error" showIcon title={errorText(error, lang)} />}
        <div className="jw-areas-tree" ref={treeBox}>
          {loading && !areas.length ? (
            <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
          ) : (
            <Tree<TreeItem>
              blockNode
              height={treeHeight}
              treeData={treeData}
              selectedKeys={selectedId != null ? [selectedId] : []}
              expandedKeys={searchExpanded ?? expanded ?? defaultExpanded}
              onExpand={(keys) => !searchExpanded && setExpanded(keys as number[])}
              onSelect={(keys) => keys[0] != null && selectArea(Number(keys[0]))}
              data-testid="areas-tree"
            />
          )}
        </div>
      </div>
      <div className="jw-areas-main">
        <div className="jw-areas-map">
          <MapView
            testId="areas-map"
            areaKinds={MAP_KINDS}
            visible={{ roads: !config.basemapUrl }}
            gcj={config.basemapGcj02}
            highlightAreaId={selectedId}
            areasVersion={areasVersion}
            onReady={(a) => (mapApi.current = a)}
          />
        </div>
        <div className="jw-areas-detail" data-testid="area-detail">
          {!selected ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('areas.selectHint')} />
          ) : (
            <div className="jw-areas-detail-grid">
              <div>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {selected.name} {kindBeside(selected.name, label(AREA_KIND_LABELS, selected.kind)) && <Tag className="jw-tag">{label(AREA_KIND_LABELS, selected.kind)}</Tag>}
                </Typography.Title>
                <Descriptions size="small" column={phone ? 1 : 2} bordered>
                  <Descriptions.Item label={t('areas.code')}>
                    <span className="jw-num">{selected.code}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('areas.parent')}>{parent ? parent.name : '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('areas.km2')}>{t('common.km2', { n: selected.areaKm2.toFixed(2) })}</Descriptions.Item>
                  <Descriptions.Item label={t('areas.children')}>{children.length}</Descriptions.Item>
                  <Descriptions.Item label={t('areas.validFrom')}>{dayjs(selected.validFrom).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
                  <Descriptions.Item label={t('areas.validTo')}>{selected.validTo ? dayjs(selected.validTo).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
                  {target && (
                    <Descriptions.Item label={t('areas.target')} span={phone ? 1 : 2}>
                      <span className="jw-area-target" data-testid="area-target">
                        {target.own !== null ? (
                          <b>{secondsText(target.own)}</b>
                        ) : (
                          <Typography.Text type="secondary">
                            {target.from ? t('areas.targetInherited', { name: target.from.name, value: secondsText(target.seconds) }) : t('areas.targetDefault')}
                          </Typography.Text>
                        )}
                        {mayTarget && (
                          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setTargetOpen(true)} data-testid="area-target-edit">
                            {t('areas.targetEdit')}
                          </Button>
                        )}
                      </span>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              </div>
              <div>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {t('areas.history')}
                </Typography.Title>
                {history == null ? (
                  <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
                ) : history.length === 0 ? (
                  <Typography.Text type="secondary">{t('areas.noHistory')}</Typography.Text>
                ) : (
                  <Timeline
                    className="jw-timeline"
                    items={history.map((h) => ({
                      key: h.id,
                      content: (
                        <div>
                          <div className="jw-event-title">{historyOpLabel(h.op, t)}</div>
                          <div className="jw-event-meta">
                            <span className="jw-num">{dayjs(h.at).format('YYYY-MM-DD HH:mm')}</span> · {h.actor}
                          </div>
                          {h.detail != null && <div className="jw-event-note jw-clip">{describeHistoryDetail(h.detail, t, lang)}</div>}
                        </div>
                      ),
                    }))}
                  />
                )}
              </div>
            </div>
          )}
        </div>
      </div>
      <ResponseTargetModal
        area={targetOpen && selected ? selected : null}
        onClose={() => setTargetOpen(false)}
        onSaved={(a) => {
          setAreas((list) => list.map((x) => (x.id === a.id ? a : x)));
          setTargetOpen(false);
        }}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={afterChange} nameOf={nameOfCode} />
      {isAdmin && (
        <RecutModal
          open={recutOpen}
          areas={areas.filter((a) => !a.validTo)}
          onClose={() => setRecutOpen(false)}
          onDone={() => {
            setRecutOpen(false);
            afterChange();
          }}
        />
      )}
    </div>
  );
}
