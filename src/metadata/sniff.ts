import fs from 'node:fs';
import { loadFileType } from '../lib/lazy-modules.js';
import { classifyText } from './text-detect.js';
import { mediaTypeOf, OCTET_STREAM, type SniffedType } from './media-kind.js';

/** How much of a file text detection and full-text indexing read. */
export const TEXT_HEAD_BYTES = 64 * 1024;

/** The first bytes of a file, and whether they are all of it. */
export async function readHead(
  path: string,
  bytes = TEXT_HEAD_BYTES,
): Promise<{ head: Buffer; complete: boolean }> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, bytes + 1, 0);
    return { head: buffer.subarray(0, Math.min(bytesRead, bytes)), complete: bytesRead <= bytes };
  } finally {
    await handle.close();
  }
}

/**
 * The type of a stored file, from its bytes only: never from the client's Content-Type and
 * never from its extension (which only tells kinds of plain text apart).
 */
export async function sniffFile(path: string, fileName: string): Promise<SniffedType> {
  const { fileTypeFromFile } = await loadFileType();
  const detected = await fileTypeFromFile(path).catch(() => undefined);
  if (detected) return { mimeType: detected.mime, mediaType: mediaTypeOf(detected.mime) };
  const { head, complete } = await readHead(path);
  return classifyText(head, complete, fileName) ?? OCTET_STREAM;
}
