import fs from 'node:fs';
import { emptyExtraction, putValues, type ExtractedMedia } from './extracted.js';
import { decodeTextString, pdfDate, PdfReader, type PdfValue } from './pdf-objects.js';

/*
 * Title, author and friends from a PDF without a PDF library: the trailer names the Info
 * dictionary, the cross-reference table says where it is. Files with compressed object
 * streams hide it, so the XMP packet (usually stored uncompressed) is the fallback.
 * Reads a few windows of the file, never all of it.
 */

const TAIL_BYTES = 64 * 1024;
const OBJECT_WINDOW = 64 * 1024;
const SCAN_LIMIT = 16 * 1024 * 1024;
const HEAD_SCAN_BYTES = 4 * 1024 * 1024;
const MAX_XREF_SECTIONS = 16;

type Dict = Map<string, PdfValue>;

class PdfFile {
  constructor(
    private readonly handle: fs.promises.FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(position, this.size));
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.size - start)));
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead);
  }
}

/** Where object `num` starts, from the classic cross-reference table(s) starting at `offset`. */
async function xrefOffset(file: PdfFile, offset: number, num: number): Promise<number | undefined> {
  const seen = new Set<number>();
  for (let hop = 0; hop < MAX_XREF_SECTIONS && !seen.has(offset); hop += 1) {
    seen.add(offset);
    const chunk = await file.read(offset, OBJECT_WINDOW * 4);
    const text = chunk.toString('latin1');
    if (!text.startsWith('xref')) return undefined;
    const section = /^xref\s+/.exec(text);
    let at = section ? section[0].length : 4;
    for (;;) {
      const header = /^(\d+)\s+(\d+)\s*?[\r\n]+/.exec(text.slice(at, at + 64));
      if (!header) break;
      const first = Number(header[1]);
      const count = Number(header[2]);
      at += header[0].length;
      if (num >= first && num < first + count) {
        const entry = /^(\d{10})\s(\d{5})\s([nf])/.exec(
          text.slice(at + (num - first) * 20, at + (num - first) * 20 + 20),
        );
        if (entry?.[3] === 'n') return Number(entry[1]);
        return undefined;
      }
      at += count * 20;
      if (at > text.length) return undefined;
    }
    const trailer = text.indexOf('trailer', at);
    const previous = trailer >= 0 ? /\/Prev\s+(\d+)/.exec(text.slice(trailer, trailer + 4096)) : null;
    if (!previous) return undefined;
    offset = Number(previous[1]);
  }
  return undefined;
}

/** Where object `num gen` starts, by scanning (for files whose xref is a stream or damaged). */
async function scanForObject(file: PdfFile, num: number, gen: number): Promise<number | undefined> {
  const length = Math.min(file.size, SCAN_LIMIT);
  const text = (await file.read(file.size - length, length)).toString('latin1');
  const pattern = new RegExp(`(?:^|[^0-9])${num}\\s+${gen}\\s+obj\\b`, 'g');
  let last: number | undefined;
  for (const match of text.matchAll(pattern)) last = (match.index ?? 0) + (match[0].match(/^[^0-9]/) ? 1 : 0);
  return last === undefined ? undefined : file.size - length + last;
}

async function readObject(file: PdfFile, offset: number): Promise<PdfValue | undefined> {
  const chunk = await file.read(offset, OBJECT_WINDOW);
  const header = /^\s*\d+\s+\d+\s+obj\b/.exec(chunk.toString('latin1', 0, 64));
  if (!header) return undefined;
  return new PdfReader(chunk, header[0].length).value();
}

async function locate(file: PdfFile, startxref: number | undefined, num: number, gen: number) {
  const fromTable = startxref !== undefined ? await xrefOffset(file, startxref, num) : undefined;
  return fromTable ?? (await scanForObject(file, num, gen));
}

async function resolve(file: PdfFile, startxref: number | undefined, value: PdfValue | undefined) {
  if (value?.kind !== 'ref') return value;
  const offset = await locate(file, startxref, value.num, value.gen);
  return offset === undefined ? undefined : readObject(file, offset);
}

const INFO_KEYS: Record<string, string> = {
  Title: 'title',
  Author: 'author',
  Subject: 'subject',
  Keywords: 'keywords',
  Creator: 'creator',
  Producer: 'producer',
};

async function infoFields(file: PdfFile, startxref: number | undefined, info: Dict) {
  const fields: Record<string, string> = {};
  for (const [key, target] of Object.entries(INFO_KEYS)) {
    const value = await resolve(file, startxref, info.get(key));
    if (value?.kind === 'string') fields[target] = decodeTextString(value.bytes);
  }
  for (const [key, target] of [
    ['CreationDate', 'creation_date'],
    ['ModDate', 'modification_date'],
  ] as const) {
    const value = info.get(key);
    const date = value?.kind === 'string' ? pdfDate(decodeTextString(value.bytes)) : undefined;
    if (date) fields[target] = date;
  }
  return fields;
}

/** XMP is UTF-8; the file was read as Latin-1 so that byte offsets stay intact. */
const xmlText = (text: string) =>
  Buffer.from(text, 'latin1')
    .toString('utf8')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** dc:title and dc:creator from an uncompressed XMP packet. */
function xmpFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const title = /<dc:title>[\s\S]{0,400}?<rdf:li[^>]*>([^<]{1,1000})<\/rdf:li>/.exec(text);
  const creator = /<dc:creator>[\s\S]{0,400}?<rdf:li[^>]*>([^<]{1,1000})<\/rdf:li>/.exec(text);
  if (title?.[1]) fields.title = xmlText(title[1]);
  if (creator?.[1]) fields.author = xmlText(creator[1]);
  return fields;
}

/** The page count from the page tree root (`/Type /Pages` with the largest `/Count`). */
function pageCount(text: string): number | undefined {
  let best: number | undefined;
  for (const match of text.matchAll(
    /\/Type\s*\/Pages\b[^>]{0,2000}?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]{0,2000}?\/Type\s*\/Pages\b/g,
  )) {
    const count = Number(match[1] ?? match[2]);
    if (Number.isSafeInteger(count) && count > 0 && count < 1_000_000) best = Math.max(best ?? 0, count);
  }
  return best;
}

export async function extractPdf(path: string): Promise<ExtractedMedia> {
  const result = emptyExtraction();
  const handle = await fs.promises.open(path, 'r');
  try {
    const file = new PdfFile(handle, (await handle.stat()).size);
    const tail = (await file.read(file.size - TAIL_BYTES, TAIL_BYTES)).toString('latin1');
    const startxrefMatch = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
    const startxref = startxrefMatch ? Number(startxrefMatch[1]) : undefined;
    const infoRef = [...tail.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)].pop();
    const encrypted = /\/Encrypt\s/.test(tail);

    let fields: Record<string, string> = {};
    if (infoRef && !encrypted) {
      const offset = await locate(file, startxref, Number(infoRef[1]), Number(infoRef[2]));
      const info = offset === undefined ? undefined : await readObject(file, offset);
      if (info?.kind === 'dict') fields = await infoFields(file, startxref, info.entries);
    }
    const head = (await file.read(0, HEAD_SCAN_BYTES)).toString('latin1');
    if (!fields.title || !fields.author) fields = { ...xmpFields(head), ...fields };

    const title = fields.title?.trim();
    if (title) result.title = title.slice(0, 500);
    putValues(result.metadata, { ...fields, page_count: pageCount(head), encrypted: encrypted || undefined });
  } finally {
    await handle.close();
  }
  return result;
}
