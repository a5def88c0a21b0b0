import fs from 'node:fs';

/*
 * A small, bounded reader of ISO base media files (MP4, MOV, M4V, 3GP): the movie header
 * (`mvhd`) gives the duration, the video track's header (`tkhd`) its display size. Used when
 * ffprobe is not installed. Every read is bounds-checked; malformed boxes end the walk.
 */

export interface Mp4Facts {
  duration_secs: number | null;
  width: number | null;
  height: number | null;
  video_codec?: string | undefined;
}

const MAX_MOOV_BYTES = 64 * 1024 * 1024;
const MAX_TOP_LEVEL_BOXES = 10_000;

interface Box {
  type: string;
  /** Offsets of the content (after the header) within the buffer. */
  start: number;
  end: number;
}

function* children(buffer: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      const large = buffer.readBigUInt64BE(offset + 8);
      if (large > BigInt(end - offset)) return;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) return;
    yield { type, start: offset + header, end: offset + size };
    offset += size;
  }
}

const find = (buffer: Buffer, box: Box, type: string) =>
  [...children(buffer, box.start, box.end)].find((child) => child.type === type);

function movieDuration(buffer: Buffer, mvhd: Box): number | null {
  const version = buffer[mvhd.start];
  const [scaleAt, durationAt, long] = version === 1 ? [20, 24, true] : [12, 16, false];
  if (mvhd.start + durationAt + (long ? 8 : 4) > mvhd.end) return null;
  const timescale = buffer.readUInt32BE(mvhd.start + scaleAt);
  const duration = long
    ? Number(buffer.readBigUInt64BE(mvhd.start + durationAt))
    : buffer.readUInt32BE(mvhd.start + durationAt);
  if (!timescale || !duration || duration === 0xffffffff) return null;
  const seconds = duration / timescale;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function trackSize(buffer: Buffer, tkhd: Box): { width: number; height: number } | null {
  const at = tkhd.start + (buffer[tkhd.start] === 1 ? 88 : 76);
  if (at + 8 > tkhd.end) return null;
  const width = Math.round(buffer.readUInt32BE(at) / 65536);
  const height = Math.round(buffer.readUInt32BE(at + 4) / 65536);
  return width > 0 && height > 0 ? { width, height } : null;
}

function handlerType(buffer: Buffer, trak: Box): string | undefined {
  const mdia = find(buffer, trak, 'mdia');
  const hdlr = mdia && find(buffer, mdia, 'hdlr');
  if (!hdlr || hdlr.start + 12 > hdlr.end) return undefined;
  return buffer.toString('latin1', hdlr.start + 8, hdlr.start + 12);
}

function sampleCodec(buffer: Buffer, trak: Box): string | undefined {
  const mdia = find(buffer, trak, 'mdia');
  const minf = mdia && find(buffer, mdia, 'minf');
  const stbl = minf && find(buffer, minf, 'stbl');
  const stsd = stbl && find(buffer, stbl, 'stsd');
  if (!stsd || stsd.start + 16 > stsd.end) return undefined;
  const codec = buffer.toString('latin1', stsd.start + 12, stsd.start + 16);
  return /^[\x20-\x7e]{4}$/.test(codec) ? codec.trim() : undefined;
}

/** Finds the top-level `moov` box without reading the media data around it. */
async function readMoov(path: string): Promise<Buffer | undefined> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    for (let count = 0; count < MAX_TOP_LEVEL_BOXES && offset + 8 <= fileSize; count += 1) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) return undefined;
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1) {
        if (bytesRead < 16) return undefined;
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - offset;
      }
      if (size < headerSize || offset + size > fileSize) return undefined;
      if (type === 'moov') {
        if (size > MAX_MOOV_BYTES) return undefined;
        const moov = Buffer.alloc(size);
        const read = await handle.read(moov, 0, size, offset);
        return read.bytesRead === size ? moov : undefined;
      }
      offset += size;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Duration and video size of an ISO media file, or nulls when it cannot tell. */
export async function readMp4Facts(path: string): Promise<Mp4Facts> {
  const facts: Mp4Facts = { duration_secs: null, width: null, height: null };
  const moov = await readMoov(path);
  if (!moov) return facts;
  const root: Box = { type: 'moov', start: 8, end: moov.length };
  if (moov.readUInt32BE(0) === 1) root.start = 16;
  for (const box of children(moov, root.start, root.end)) {
    if (box.type === 'mvhd') facts.duration_secs = movieDuration(moov, box);
    if (box.type === 'trak' && facts.width === null && handlerType(moov, box) === 'vide') {
      const tkhd = find(moov, box, 'tkhd');
      const size = tkhd && trackSize(moov, tkhd);
      if (size) {
        facts.width = size.width;
        facts.height = size.height;
      }
      facts.video_codec = sampleCodec(moov, box);
    }
  }
  return facts;
}
