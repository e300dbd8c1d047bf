// The scene photos of an incident in the command room's timeline (issue 13): each `mdt_photos` event's photos as
// thumbnails that open large (one preview group per event, arrows between them), with who sent them and when the
// server received them (the watermark's time), a gallery photo marked 相册 with its reason. The photos' records come
// from GET /api/incidents/:id/photos; the bytes through GET /api/mdt/photos/:id, every view audited on the server.
import { useMemo } from 'react';
import { Image, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type { MdtPhoto } from '@jingwang/contracts';
import { useI18n } from '../../app/i18n';
import { useLive } from '../../app/live';
import type { DictKey } from '../../app/dict';
import { useTickReload } from '../../lib/useTickReload';
import { mdtApi } from './mdt';
import './mdt.css';

/**
 * The photos' records of an incident by id. Reloads on every incident message (a photo-only remark publishes its
 * incident without a new version: the live store counts each message in incidentTick), 300 ms after a message and
 * never cutting off a load in flight (lib/reload.ts).
 */
export function useScenePhotos(incidentId: number | null): ReadonlyMap<number, MdtPhoto> {
  const { incidentTick } = useLive();
  const list = useTickReload(incidentId, mdtApi.incidentPhotos, incidentTick);
  return useMemo(() => (list ? new Map(list.map((p) => [p.id, p])) : EMPTY), [list]);
}
const EMPTY: ReadonlyMap<number, MdtPhoto> = new Map();

export function ScenePhotos({ ids, photos }: { ids: readonly number[]; photos: ReadonlyMap<number, MdtPhoto> }) {
  const { t } = useI18n();
  if (ids.length === 0) return null;
  return (
    <div className="jw-scene-photos" data-testid="scene-photos">
      <Image.PreviewGroup>
        {ids.map((id) => {
          const p = photos.get(id);
          const title = p ? t('mdt.photoTitle', { name: p.actor, time: dayjs(p.takenAt).format('MM-DD HH:mm:ss') }) : undefined;
          const why = p?.gallery ? t('mdt.photoGalleryWhy', { why: p.galleryReason ? t(`mdt.photoWhy.${p.galleryReason}` as DictKey) : '' }) : null;
          return (
            <figure key={id} className="jw-scene-photo" data-photo-id={id} data-gallery={p?.gallery ? '1' : '0'}>
              <Image
                src={mdtApi.photoUrl(id)}
                width={72}
                height={72}
                alt={title ?? t('inc.event.mdt_photos')}
                loading="lazy"
                style={{ objectFit: 'cover', borderRadius: 4 }}
                fallback={FALLBACK}
              />
              {why && (
                <Tooltip title={why}>
                  <Tag color="orange" className="jw-scene-photo-gallery" data-testid="scene-photo-gallery">
                    {t('mdt.photoGallery')}
                  </Tag>
                </Tooltip>
              )}
              {title && <figcaption title={title}>{p ? dayjs(p.takenAt).format('HH:mm') : ''}</figcaption>}
            </figure>
          );
        })}
      </Image.PreviewGroup>
    </div>
  );
}

/** A grey square (the photo could not be loaded: removed, or the session ended). */
const FALLBACK =
  'data:image/svg+xml;utf8,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72"><rect width="72" height="72" fill="#e5e7eb"/></svg>');
