import { extensionOf } from '../lib/file-names.js';
import type { SniffedType } from './media-kind.js';

/*
 * file-type recognises binary formats only. A file it does not know is text when its bytes
 * are valid UTF-8 without NULs and with hardly any control characters. Among texts, markup
 * that a browser would run (HTML, SVG, XML) is recognised from the content; the extension is
 * only used to tell plain text from Markdown or CSV, which changes nothing about safety.
 */

const MAX_CONTROL_RATIO = 0.01;

function decodeUtf8(head: Buffer, complete: boolean): string | undefined {
  let bytes = head;
  if (!complete) {
    // The head may end inside a multi-byte character: drop up to 3 bytes of a cut sequence.
    let cut = 0;
    while (cut < 3 && cut < bytes.length && ((bytes[bytes.length - 1 - cut] as number) & 0xc0) === 0x80)
      cut += 1;
    const lead = bytes[bytes.length - 1 - cut];
    if (lead !== undefined && lead >= 0xc0) bytes = bytes.subarray(0, bytes.length - 1 - cut);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function looksBinary(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in real text.
    if ((code < 0x20 && ![0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(code)) || code === 0x7f) controls += 1;
  }
  return controls > Math.max(1, text.length * MAX_CONTROL_RATIO);
}

const PROLOGUE = String.raw`(?:<\?xml[^>]*>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*`;
const SVG = new RegExp(`^${PROLOGUE}<svg[\\s>/]`, 'i');
const HTML = new RegExp(
  `^${PROLOGUE}<(?:!doctype\\s+html|html|head|body|script|iframe|meta|style|title|div|p|a|img|form|object|embed)[\\s>/]`,
  'i',
);
const XML = /^<\?xml[\s?]/i;

const TEXT_FLAVOURS: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.mdown': 'text/markdown',
  '.mkd': 'text/markdown',
  '.csv': 'text/csv',
};

/**
 * The type of a file file-type did not recognise, from its first bytes (`complete` when the
 * head is the whole file). Undefined when it is not text.
 */
export function classifyText(head: Buffer, complete: boolean, fileName: string): SniffedType | undefined {
  if (head.length === 0) return undefined;
  const text = decodeUtf8(head, complete);
  if (text === undefined || looksBinary(text)) return undefined;
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (SVG.test(start)) return { mimeType: 'image/svg+xml', mediaType: 'image' };
  if (HTML.test(start)) return { mimeType: 'text/html', mediaType: 'text' };
  if (XML.test(start)) return { mimeType: 'application/xml', mediaType: 'text' };
  const flavour = TEXT_FLAVOURS[extensionOf(fileName).toLowerCase()];
  return { mimeType: flavour ?? 'text/plain', mediaType: 'text' };
}

/** The leading text of a text file (for full-text search), or undefined when it is not UTF-8. */
export function leadingText(head: Buffer, complete: boolean): string | undefined {
  const text = decodeUtf8(head, complete);
  return text?.replace(/^\uFEFF/, '');
}
