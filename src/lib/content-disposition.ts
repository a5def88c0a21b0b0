/*
 * Content-Disposition with a file name that survives any characters (RFC 6266 + RFC 5987):
 * an ASCII `filename="..."` for old clients, plus `filename*=UTF-8''...` with the real name.
 */

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const NOT_ATTR_CHAR = /[^A-Za-z0-9!#$&+\-.^_`|~]/g;

function encodeExtValue(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const byte of bytes) {
    const character = String.fromCharCode(byte);
    out +=
      byte < 0x80 && !character.match(NOT_ATTR_CHAR)
        ? character
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** An ASCII stand-in: accents dropped, other non-ASCII, quotes, backslashes and controls replaced. */
export function asciiFallbackName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '_')
    .replace(/"/g, "'")
    .replace(/\\/g, '_')
    .replace(/[^\u0020-\u007e]/g, '_')
    .trim();
  return ascii || 'file';
}

export type DispositionType = 'inline' | 'attachment';

export function contentDisposition(type: DispositionType, fileName: string): string {
  return `${type}; filename="${asciiFallbackName(fileName)}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
