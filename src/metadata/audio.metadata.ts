import { loadMusicMetadata } from '../lib/lazy-modules.js';
import {
  emptyExtraction,
  positiveInteger,
  positiveNumber,
  putValues,
  type ExtractedMedia,
} from './extracted.js';

/** Tags (ID3, Vorbis comments, MP4 atoms...) and stream facts; the embedded title becomes the title. */
export async function extractAudio(path: string): Promise<ExtractedMedia> {
  const result = emptyExtraction();
  const { parseFile } = await loadMusicMetadata();
  const parsed = await parseFile(path, { skipCovers: true, skipPostHeaders: true });
  const { common, format } = parsed;
  result.duration_secs = positiveNumber(format.duration);
  const title = common.title?.trim();
  if (title) result.title = title.slice(0, 500);
  putValues(result.metadata, {
    title: common.title,
    artist: common.artist,
    album: common.album,
    album_artist: common.albumartist,
    track: positiveInteger(common.track.no) ?? undefined,
    track_total: positiveInteger(common.track.of) ?? undefined,
    disc: positiveInteger(common.disk.no) ?? undefined,
    year: positiveInteger(common.year) ?? undefined,
    genre: common.genre?.join(', '),
    composer: common.composer?.join(', '),
    codec: format.codec,
    container: format.container,
    sample_rate: positiveInteger(format.sampleRate) ?? undefined,
    bitrate: positiveInteger(Math.round(format.bitrate ?? 0)) ?? undefined,
    channels: positiveInteger(format.numberOfChannels) ?? undefined,
    lossless: format.lossless,
  });
  return result;
}
