/*
 * A client's file name is only ever shown, never used as a path. It is still cleaned, so
 * that it cannot smuggle a path, control characters or a bidirectional override (which
 * makes "evil\u202Egnp.exe" look like "evilexe.png") into listings and downloads.
 */

const MAX_NAME_BYTES = 255;
const FALLBACK_NAME = 'file';
// C0 and C1 controls, DEL, and the bidirectional overrides, embeddings and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (bytes + size > maxBytes) break;
    out += character;
    bytes += size;
  }
  return out;
}

/** The part after the last dot, with the dot ('' for none or a leading-dot-only name). */
export function extensionOf(name: string): string {
  const at = name.lastIndexOf('.');
  return at > 0 ? name.slice(at) : '';
}

/**
 * A safe display name: the last path component (either slash), without control or bidi
 * characters, trimmed, NFC-normalised, at most 255 bytes of UTF-8 (keeping the extension
 * when the stem has to be shortened). Non-ASCII letters are kept.
 */
export function sanitizeFileName(raw: string | undefined | null): string {
  const lastComponent = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = lastComponent.replace(UNSAFE_CHARACTERS, '').normalize('NFC').trim();
  if (name === '' || name === '.' || name === '..') return FALLBACK_NAME;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const extension = extensionOf(name);
    const keepExtension = extension.length > 0 && Buffer.byteLength(extension) <= 32;
    name = keepExtension
      ? truncateUtf8(name.slice(0, -extension.length), MAX_NAME_BYTES - Buffer.byteLength(extension)) +
        extension
      : truncateUtf8(name, MAX_NAME_BYTES);
  }
  return name;
}

/** The default title of an item: its file name without the extension. */
export function titleFromFileName(fileName: string): string {
  const extension = extensionOf(fileName);
  const stem = extension ? fileName.slice(0, -extension.length) : fileName;
  return stem.trim() || fileName;
}
