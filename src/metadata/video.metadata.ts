import { loadMusicMetadata } from '../lib/lazy-modules.js';
import { findExecutable, runTool } from './external-tools.js';
import {
  emptyExtraction,
  positiveInteger,
  positiveNumber,
  putValues,
  type ExtractedMedia,
} from './extracted.js';
import { readMp4Facts } from './mp4-boxes.js';

const ISO_MEDIA = new Set(['video/mp4', 'video/quicktime', 'video/x-m4v', 'video/3gpp', 'video/3gpp2']);

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
}
interface Probe {
  streams?: ProbeStream[];
  format?: { duration?: string; format_name?: string; bit_rate?: string };
}

async function withFfprobe(path: string, ffprobe: string): Promise<ExtractedMedia | undefined> {
  const output = await runTool(
    ffprobe,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path],
    { timeoutMs: 15_000, maxBytes: 4 * 1024 * 1024 },
  );
  const probe = JSON.parse(output.toString('utf8')) as Probe;
  const video = probe.streams?.find((stream) => stream.codec_type === 'video');
  const audio = probe.streams?.find((stream) => stream.codec_type === 'audio');
  const result = emptyExtraction();
  result.duration_secs = positiveNumber(Number(probe.format?.duration));
  result.width = positiveInteger(video?.width);
  result.height = positiveInteger(video?.height);
  putValues(result.metadata, {
    container: probe.format?.format_name,
    video_codec: video?.codec_name,
    audio_codec: audio?.codec_name,
    bitrate: positiveInteger(Number(probe.format?.bit_rate)) ?? undefined,
  });
  return result;
}

/**
 * Duration and size of a video: ffprobe when installed, otherwise the MP4/MOV boxes read
 * directly, and music-metadata for the duration of other containers (Matroska, WebM, Ogg).
 */
export async function extractVideo(path: string, mimeType: string): Promise<ExtractedMedia> {
  const ffprobe = findExecutable('ffprobe');
  if (ffprobe) {
    const probed = await withFfprobe(path, ffprobe).catch(() => undefined);
    if (probed) return probed;
  }
  const result = emptyExtraction();
  if (ISO_MEDIA.has(mimeType)) {
    const facts = await readMp4Facts(path);
    result.duration_secs = facts.duration_secs;
    result.width = facts.width;
    result.height = facts.height;
    putValues(result.metadata, { video_codec: facts.video_codec });
  }
  if (result.duration_secs === null) {
    const { parseFile } = await loadMusicMetadata();
    const parsed = await parseFile(path, { skipCovers: true }).catch(() => undefined);
    result.duration_secs = positiveNumber(parsed?.format.duration);
    putValues(result.metadata, { container: parsed?.format.container });
  }
  return result;
}
