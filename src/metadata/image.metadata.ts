import { loadExifr, loadSharp } from '../lib/lazy-modules.js';
import { emptyExtraction, positiveInteger, putValues, type ExtractedMedia } from './extracted.js';

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * EXIF times carry no zone: exifr reads them as local wall-clock time, so they are written
 * back from the local fields, with the EXIF offset when the camera recorded one.
 */
function exifTime(value: unknown, offset: unknown): string | undefined {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined;
  const wallClock =
    `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}` +
    `T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`;
  return typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim())
    ? wallClock + offset.trim()
    : wallClock;
}

const round = (value: unknown, digits: number) =>
  typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : undefined;

/** Exposure time as photographers write it (1/250). */
function exposure(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return value < 1 ? `1/${Math.round(1 / value)}` : String(round(value, 2));
}

type Exif = Record<string, unknown>;

async function readExif(path: string): Promise<Exif | undefined> {
  const exifr = await loadExifr();
  const exif: unknown = await exifr.parse(path, {
    tiff: true,
    exif: true,
    gps: true,
    ifd1: false,
    interop: false,
    xmp: false,
    icc: false,
    iptc: false,
    makerNote: false,
    userComment: false,
    translateValues: true,
    reviveValues: true,
  });
  return exif && typeof exif === 'object' ? (exif as Exif) : undefined;
}

/** Dimensions (sharp, from the header only) and the EXIF facts people search and sort by. */
export async function extractImage(path: string, mimeType: string): Promise<ExtractedMedia> {
  const result = emptyExtraction();
  if (mimeType !== 'image/svg+xml') {
    try {
      const sharp = await loadSharp();
      const info = await sharp(path, { failOn: 'none' }).metadata();
      const swapped = typeof info.orientation === 'number' && info.orientation >= 5;
      result.width = positiveInteger(swapped ? info.height : info.width);
      result.height = positiveInteger(swapped ? info.width : info.height);
      putValues(result.metadata, {
        format: info.format,
        color_space: info.space,
        has_alpha: info.hasAlpha,
        pages: info.pages && info.pages > 1 ? info.pages : undefined,
      });
    } catch {
      // A format sharp cannot decode still gets its EXIF below.
    }
  }
  if (
    ![
      'image/jpeg',
      'image/tiff',
      'image/heic',
      'image/heif',
      'image/avif',
      'image/png',
      'image/webp',
    ].includes(mimeType)
  ) {
    return result;
  }
  const exif = await readExif(path).catch(() => undefined);
  if (!exif) return result;
  putValues(result.metadata, {
    make: exif.Make,
    model: exif.Model,
    lens_model: exif.LensModel,
    software: exif.Software,
    artist: exif.Artist,
    copyright: exif.Copyright,
    image_description: exif.ImageDescription,
    date_time_original: exifTime(exif.DateTimeOriginal, exif.OffsetTimeOriginal),
    create_date: exifTime(exif.CreateDate, exif.OffsetTimeDigitized),
    orientation: typeof exif.Orientation === 'string' ? exif.Orientation : undefined,
    exposure_time: exposure(exif.ExposureTime),
    f_number: round(exif.FNumber, 1),
    iso: typeof exif.ISO === 'number' ? exif.ISO : undefined,
    focal_length: round(exif.FocalLength, 1),
    gps_latitude: round(exif.latitude, 6),
    gps_longitude: round(exif.longitude, 6),
    gps_altitude: round(exif.GPSAltitude, 1),
  });
  return result;
}
