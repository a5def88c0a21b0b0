import type { MediaType } from '../db/schema.js';

/** What the bytes of a file are: the MIME type served with it and the library's media type. */
export interface SniffedType {
  mimeType: string;
  mediaType: MediaType;
}

export const OCTET_STREAM: SniffedType = { mimeType: 'application/octet-stream', mediaType: 'other' };

const DOCUMENT_TYPES = new Set([
  'application/pdf',
  'application/rtf',
  'application/epub+zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/x-mobipocket-ebook',
  'application/postscript',
]);

/** The media type a sniffed MIME type belongs to. */
export function mediaTypeOf(mimeType: string): MediaType {
  const [major] = mimeType.split('/');
  if (major === 'image') return 'image';
  if (major === 'video') return 'video';
  if (major === 'audio') return 'audio';
  if (major === 'text') return 'text';
  if (DOCUMENT_TYPES.has(mimeType)) return 'document';
  return 'other';
}
