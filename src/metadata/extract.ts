import type { FastifyBaseLogger } from 'fastify';
import { extractAudio } from './audio.metadata.js';
import { emptyExtraction, type ExtractedMedia } from './extracted.js';
import { extractImage } from './image.metadata.js';
import type { SniffedType } from './media-kind.js';
import { extractPdf } from './pdf.metadata.js';
import { readHead } from './sniff.js';
import { leadingText } from './text-detect.js';
import { extractVideo } from './video.metadata.js';

/** Extraction of one file may take at most this long; afterwards the item is stored without it. */
export const EXTRACTION_TIMEOUT_MS = 20_000;

async function extractText(path: string): Promise<ExtractedMedia> {
  const { head, complete } = await readHead(path);
  const result = emptyExtraction();
  result.content = leadingText(head, complete);
  return result;
}

function extractorFor(sniffed: SniffedType, path: string): (() => Promise<ExtractedMedia>) | undefined {
  switch (sniffed.mediaType) {
    case 'image':
      return () => extractImage(path, sniffed.mimeType);
    case 'audio':
      return () => extractAudio(path);
    case 'video':
      return () => extractVideo(path, sniffed.mimeType);
    case 'text':
      return () => extractText(path);
    case 'document':
      return sniffed.mimeType === 'application/pdf' ? () => extractPdf(path) : undefined;
    case 'other':
      return undefined;
  }
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`metadata extraction took longer than ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Dimensions, duration, embedded title, metadata and searchable text of a stored file.
 * Never throws: hostile or broken files yield what could be read (often nothing), and the
 * reason is logged at debug level.
 */
export async function extractMetadata(
  path: string,
  sniffed: SniffedType,
  log?: FastifyBaseLogger,
  timeoutMs = EXTRACTION_TIMEOUT_MS,
): Promise<ExtractedMedia> {
  const extractor = extractorFor(sniffed, path);
  if (!extractor) return emptyExtraction();
  const limit = timeout(timeoutMs);
  try {
    return await Promise.race([extractor(), limit.promise]);
  } catch (error) {
    log?.debug({ err: error, mimeType: sniffed.mimeType }, 'metadata extraction failed');
    return emptyExtraction();
  } finally {
    limit.cancel();
  }
}
