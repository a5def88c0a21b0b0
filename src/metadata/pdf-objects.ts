/*
 * Just enough of the PDF object syntax (ISO 32000-1 §7.3) to read an Info dictionary:
 * dictionaries, arrays, names, numbers, literal and hex strings, references. Bounded in
 * depth and size; anything unexpected ends parsing with `undefined`.
 */

export type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'name'; value: string }
  | { kind: 'string'; bytes: Buffer }
  | { kind: 'number'; value: number }
  | { kind: 'ref'; num: number; gen: number }
  | { kind: 'keyword'; value: string };

const MAX_DEPTH = 16;
/** \n \r \t \b \f inside a literal string. */
const ESCAPES: Partial<Record<number, number>> = {
  0x6e: 0x0a,
  0x72: 0x0d,
  0x74: 0x09,
  0x62: 0x08,
  0x66: 0x0c,
};
const MAX_ITEMS = 4096;
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export class PdfReader {
  constructor(
    private readonly buffer: Buffer,
    public pos = 0,
  ) {}

  private peek(offset = 0): number | undefined {
    return this.buffer[this.pos + offset];
  }

  skipSpace(): void {
    while (this.pos < this.buffer.length) {
      const byte = this.buffer[this.pos] as number;
      if (WHITESPACE.has(byte)) this.pos += 1;
      else if (byte === 0x25) {
        while (
          this.pos < this.buffer.length &&
          this.buffer[this.pos] !== 0x0a &&
          this.buffer[this.pos] !== 0x0d
        )
          this.pos += 1;
      } else return;
    }
  }

  private regular(): string {
    const start = this.pos;
    while (this.pos < this.buffer.length) {
      const byte = this.buffer[this.pos] as number;
      if (WHITESPACE.has(byte) || DELIMITERS.has(byte)) break;
      this.pos += 1;
    }
    return this.buffer.toString('latin1', start, this.pos);
  }

  private name(): string {
    this.pos += 1;
    return this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  }

  private literalString(): Buffer | undefined {
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < this.buffer.length && out.length < 65536) {
      const byte = this.buffer[this.pos++] as number;
      if (byte === 0x5c) {
        const next = this.buffer[this.pos++];
        if (next === undefined) return undefined;
        const escaped = ESCAPES[next];
        if (escaped !== undefined) out.push(escaped);
        else if (next === 0x0d) {
          if (this.buffer[this.pos] === 0x0a) this.pos += 1;
        } else if (next === 0x0a) {
          // A line continuation.
        } else if (next >= 0x30 && next <= 0x37) {
          let value = next - 0x30;
          for (let i = 0; i < 2; i += 1) {
            const digit = this.buffer[this.pos];
            if (digit === undefined || digit < 0x30 || digit > 0x37) break;
            value = value * 8 + (digit - 0x30);
            this.pos += 1;
          }
          out.push(value & 0xff);
        } else out.push(next);
      } else if (byte === 0x28) {
        depth += 1;
        out.push(byte);
      } else if (byte === 0x29) {
        depth -= 1;
        if (depth === 0) return Buffer.from(out);
        out.push(byte);
      } else out.push(byte);
    }
    return undefined;
  }

  private hexString(): Buffer | undefined {
    this.pos += 1;
    const end = this.buffer.indexOf(0x3e, this.pos);
    if (end < 0 || end - this.pos > 131072) return undefined;
    let hex = this.buffer.toString('latin1', this.pos, end).replace(/[^0-9a-fA-F]/g, '');
    this.pos = end + 1;
    if (hex.length % 2 === 1) hex += '0';
    return Buffer.from(hex, 'hex');
  }

  /** Reads one object at the current position. */
  value(depth = 0): PdfValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    this.skipSpace();
    const byte = this.peek();
    if (byte === undefined) return undefined;
    if (byte === 0x3c && this.peek(1) === 0x3c) return this.dictionary(depth);
    if (byte === 0x3c) {
      const bytes = this.hexString();
      return bytes && { kind: 'string', bytes };
    }
    if (byte === 0x28) {
      const bytes = this.literalString();
      return bytes && { kind: 'string', bytes };
    }
    if (byte === 0x2f) return { kind: 'name', value: this.name() };
    if (byte === 0x5b) return this.array(depth);
    const token = this.regular();
    if (token === '') return undefined;
    const number = Number(token);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) || !Number.isFinite(number))
      return { kind: 'keyword', value: token };
    // "12 0 R" is a reference: look ahead without consuming anything else.
    const save = this.pos;
    this.skipSpace();
    const generation = this.regular();
    this.skipSpace();
    if (/^\d+$/.test(token) && /^\d+$/.test(generation) && this.peek() === 0x52) {
      this.pos += 1;
      return { kind: 'ref', num: number, gen: Number(generation) };
    }
    this.pos = save;
    return { kind: 'number', value: number };
  }

  private dictionary(depth: number): PdfValue | undefined {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (let count = 0; count < MAX_ITEMS; count += 1) {
      this.skipSpace();
      if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      if (this.peek() !== 0x2f) return undefined;
      const key = this.name();
      const value = this.value(depth + 1);
      if (!value) return undefined;
      entries.set(key, value);
    }
    return undefined;
  }

  private array(depth: number): PdfValue | undefined {
    this.pos += 1;
    const items: PdfValue[] = [];
    for (let count = 0; count < MAX_ITEMS; count += 1) {
      this.skipSpace();
      if (this.peek() === 0x5d) {
        this.pos += 1;
        return { kind: 'array', items };
      }
      const value = this.value(depth + 1);
      if (!value) return undefined;
      items.push(value);
    }
    return undefined;
  }
}

/** A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (~Latin-1). */
export function decodeTextString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, bytes.length - (bytes.length % 2));
    return Buffer.from(body).swap16().toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('latin1');
}

/** A PDF date (`D:20240601123456+02'00'`) as RFC 3339, or undefined. */
export function pdfDate(text: string): string | undefined {
  const match =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [
    ,
    year,
    month = '01',
    day = '01',
    hour = '00',
    minute = '00',
    second = '00',
    zone,
    zoneHours,
    zoneMinutes,
  ] = match;
  const offset = zone === '+' || zone === '-' ? `${zone}${zoneHours ?? '00'}:${zoneMinutes ?? '00'}` : 'Z';
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
