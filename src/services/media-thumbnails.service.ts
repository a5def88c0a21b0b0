import fs from 'node:fs';
import path from 'node:path';
import { loadSharp } from '../lib/lazy-modules.js';
import type { AppContext } from '../context.js';
import type { MediaRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { findExecutable, runTool } from '../metadata/external-tools.js';
import { syncDirectory, thumbnailPath, thumbnailRoot } from '../storage/content-store.js';
import { discardTemp, newTempPath } from '../storage/temp-files.js';
import { mediaFilePath } from './media-files.service.js';
import type { ThumbnailSize } from './media-limits.js';

/** Raster formats sharp decodes. SVG is left out on purpose: it may reference remote content. */
const RASTER_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/bmp',
]);

export interface Thumbnail {
  path: string;
  size: number;
  mimeType: 'image/webp';
  etag: string;
  lastModified: Date;
}

const noThumbnail = (why: string) => new AppError('not_found', `This item has no thumbnail: ${why}.`);

const pending = new Map<string, Promise<void>>();

/** A video frame one second in (or the first, for shorter clips) as PNG, via ffmpeg. */
async function videoFrame(ctx: AppContext, media: MediaRow, ffmpeg: string): Promise<Buffer> {
  const at = media.duration_secs !== null && media.duration_secs < 2 ? '0' : '1';
  return runTool(
    ffmpeg,
    [
      '-v',
      'error',
      '-ss',
      at,
      '-i',
      mediaFilePath(ctx, media),
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-vcodec',
      'png',
      '-',
    ],
    { timeoutMs: 20_000, maxBytes: 64 * 1024 * 1024 },
  );
}

async function source(ctx: AppContext, media: MediaRow): Promise<string | Buffer> {
  if (media.media_type === 'image') {
    if (!RASTER_TYPES.has(media.mime_type)) throw noThumbnail('this image format is not rendered');
    return mediaFilePath(ctx, media);
  }
  if (media.media_type === 'video') {
    const ffmpeg = findExecutable('ffmpeg');
    if (!ffmpeg) throw noThumbnail('video frames need ffmpeg, which is not installed');
    return videoFrame(ctx, media, ffmpeg).catch(() => {
      throw noThumbnail('no frame could be read from this video');
    });
  }
  throw noThumbnail(`${media.media_type} items are shown with an icon`);
}

/** Renders into a temp file, flushes it, then renames it into place: readers never see half a file. */
async function render(ctx: AppContext, media: MediaRow, size: ThumbnailSize, target: string): Promise<void> {
  const input = await source(ctx, media);
  const temp = await newTempPath(ctx.config.dataDir);
  try {
    const sharp = await loadSharp();
    await sharp(input, { failOn: 'none', animated: false })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(temp);
    const handle = await fs.promises.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fs.promises.rename(temp, target);
    await syncDirectory(thumbnailRoot(ctx.config.dataDir));
  } catch (error) {
    await discardTemp(temp).catch(() => {});
    if (error instanceof AppError) throw error;
    ctx.log.debug({ err: error, mediaId: media.id }, 'thumbnail rendering failed');
    throw noThumbnail('the image could not be decoded');
  }
}

/**
 * The thumbnail of an item at a size, made once and then served from
 * `<dataDir>/thumbnails/<hash>-<size>.webp`. 404 `not_found` for items that have none
 * (audio, documents, text, SVG, videos without ffmpeg). Concurrent first requests share one
 * rendering.
 */
export async function ensureThumbnail(
  ctx: AppContext,
  media: MediaRow,
  size: ThumbnailSize,
): Promise<Thumbnail> {
  const target = thumbnailPath(ctx.config.dataDir, media.content_hash, size);
  let stat = await fs.promises.stat(target).catch(() => undefined);
  if (!stat) {
    let rendering = pending.get(target);
    if (!rendering) {
      rendering = render(ctx, media, size, target).finally(() => pending.delete(target));
      pending.set(target, rendering);
    }
    await rendering;
    stat = await fs.promises.stat(target);
  }
  return {
    path: target,
    size: stat.size,
    mimeType: 'image/webp',
    etag: `${media.content_hash}-${size}`,
    lastModified: stat.mtime,
  };
}
