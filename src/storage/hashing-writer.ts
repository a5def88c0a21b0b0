import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';

export interface WrittenFile {
  /** SHA-256 of the bytes, hex. */
  hash: string;
  size: number;
}

const TOO_LARGE = 'PINAKES_TOO_LARGE';

/** Counts and hashes the bytes passing through, failing once there are more than `maxBytes`. */
class HashingCounter extends Transform {
  readonly hash = crypto.createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(Object.assign(new Error('file too large'), { code: TOO_LARGE }));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `A file may have at most ${maxBytes} bytes.`);

export const outOfSpace = () =>
  new AppError('insufficient_storage', 'The server has no room left to store this file.');

/** ENOSPC (disk full) and EDQUOT (quota) mean the same to a client: no room. */
export function isOutOfSpace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Streams `source` into a new file at `destination` (which must not exist), hashing while it
 * writes, and flushes it to disk before resolving. Never buffers the whole file. Errors:
 * 413 `payload_too_large` past `maxBytes`, 507 `insufficient_storage` on a full disk; the
 * caller removes the partial file.
 */
export async function writeHashed(
  source: Readable,
  destination: string,
  maxBytes: number,
): Promise<WrittenFile> {
  const counter = new HashingCounter(maxBytes);
  const sink = fs.createWriteStream(destination, { flags: 'wx', mode: 0o600, flush: true });
  try {
    await pipeline(source, counter, sink);
  } catch (error) {
    // A sink destroyed while still opening creates its file afterwards: wait until it has closed,
    // so the caller's clean-up finds (and removes) the file instead of running before it exists.
    if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
    if ((error as { code?: unknown }).code === TOO_LARGE) throw tooLarge(maxBytes);
    if (isOutOfSpace(error)) throw outOfSpace();
    throw error;
  }
  return { hash: counter.hash.digest('hex'), size: counter.size };
}
