// Photos and positions on the phone (DOM): downscale a picked photo in a canvas before sending it as a data URL,
// and read the position once when the browser allows it.
import { fitWithin } from '../patrol/helpers';

export const PHOTO_MAX_PX = 1280;
export const PHOTO_QUALITY = 0.7;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = url;
  });
}

/** The photo at most 1280 px on its longer side, JPEG quality 0.7, as a data URL. */
export async function downscalePhoto(file: Blob, max = PHOTO_MAX_PX, quality = PHOTO_QUALITY): Promise<string> {
  const url = URL.createObjectURL(file);
  try {
    const img = await loadImage(url);
    const { width, height } = fitWithin(img.naturalWidth, img.naturalHeight, max);
    if (!width || !height) throw new Error('image');
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas');
    // JPEG has no alpha: paint white under transparent PNGs
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(img, 0, 0, width, height);
    return canvas.toDataURL('image/jpeg', quality);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The device position once (null when refused, unavailable or slower than `timeoutMs`). */
export function currentPosition(timeoutMs = 5000): Promise<{ lon: number; lat: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: { lon: number; lat: number } | null) => {
      if (done) return;
      done = true;
      resolve(v);
    };
    const timer = setTimeout(() => finish(null), timeoutMs + 500);
    try {
      navigator.geolocation.getCurrentPosition(
        (p) => {
          clearTimeout(timer);
          finish({ lon: Math.round(p.coords.longitude * 1e6) / 1e6, lat: Math.round(p.coords.latitude * 1e6) / 1e6 });
        },
        () => {
          clearTimeout(timer);
          finish(null);
        },
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      clearTimeout(timer);
      finish(null);
    }
  });
}
