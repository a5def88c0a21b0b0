import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { AppContext } from '../context.js';
import { requireUploader } from '../access/library.access.js';
import { AppError, badRequest, invalidField } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import type { MediaItem } from '../presenters/media.presenter.js';
import { tooLarge } from '../storage/hashing-writer.js';
import { discardStaged, stageStream, storeStaged, type IncomingFile } from './media-ingest.service.js';
import { DESCRIPTION_MAX, MAX_FILES_PER_UPLOAD, TITLE_MAX } from './media-limits.js';
import { presentMediaRows } from './media-list.service.js';

/** Field values are small text; files are the only large parts. */
export const FIELD_MAX_BYTES = 64 * 1024;

/** Limits handed to the multipart parser (busboy) for the upload route. */
export function uploadLimits(maxUploadBytes: number) {
  return {
    fileSize: maxUploadBytes,
    files: MAX_FILES_PER_UPLOAD,
    fields: 4,
    parts: MAX_FILES_PER_UPLOAD + 4,
    fieldSize: FIELD_MAX_BYTES,
    fieldNameSize: 100,
    headerPairs: 100,
  };
}

/** The multipart parser's own errors, as the API's. */
function multipartError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  switch ((error as { code?: unknown }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('payload_too_large', `An upload may carry at most ${MAX_FILES_PER_UPLOAD} files.`);
    case 'FST_FIELDS_LIMIT':
      return badRequest('Only the fields "title" and "description" may accompany the files.');
    case 'FST_MP_PREMATURE_CLOSE':
      return badRequest('The upload was cut off before it ended.');
    default:
      return badRequest('The multipart body is malformed or incomplete.');
  }
}

interface UploadFields {
  title?: string;
  description?: string;
}

function readField(fields: UploadFields, seen: Set<string>, part: Exclude<Multipart, MultipartFile>): void {
  const name = part.fieldname;
  if (name !== 'title' && name !== 'description') {
    throw invalidField(
      name,
      'is not a known field (send "file" parts, and optionally "title" and "description")',
    );
  }
  if (fields[name] !== undefined || seen.has(name)) throw invalidField(name, 'is given more than once');
  seen.add(name);
  if (typeof part.value !== 'string' || part.valueTruncated) throw invalidField(name, 'is too long');
  const value = part.value.normalize('NFC');
  if (name === 'title') {
    const title = value.trim();
    if (title.length === 0 || title.length > TITLE_MAX) {
      throw invalidField('title', `must have 1 to ${TITLE_MAX} characters`);
    }
    fields.title = title;
  } else {
    if (value.length > DESCRIPTION_MAX)
      throw invalidField('description', `must have at most ${DESCRIPTION_MAX} characters`);
    // An empty description is no description.
    if (value.trim() !== '') fields.description = value;
  }
}

/**
 * Browsers escape `"`, CR and LF in a multipart file name as %22, %0D and %0A (HTML form
 * encoding); undo that one escape so `say "hi".txt` keeps its quotes (CR/LF are then dropped
 * with the other control characters).
 */
function formFileName(name: string): string {
  return name.replace(/%22/gi, '"').replace(/%0[ad]/gi, '');
}

/** Reads one file part into a staged temp file; a broken body is the client's error. */
async function stagePart(ctx: AppContext, part: MultipartFile, maxBytes: number): Promise<IncomingFile> {
  let clientError: unknown;
  part.file.once('error', (error: unknown) => {
    clientError = error;
  });
  try {
    const staged = await stageStream(ctx, part.file, maxBytes);
    if (part.file.truncated) {
      await discardStaged([{ staged }]);
      throw tooLarge(maxBytes);
    }
    return { staged, fileName: formFileName(part.filename ?? '') };
  } catch (error) {
    // The body broke off or was malformed (the parser destroyed the part's stream with its error).
    const streamError = clientError ?? part.file.errored;
    if (!(error instanceof AppError) && streamError) throw multipartError(streamError, maxBytes);
    throw error;
  }
}

/**
 * An upload: every `file` part is streamed to a temp file as it arrives; once the whole body
 * has been read, the files become media items of the caller in one go. Any failure (a bad
 * field, a file too large, a cut-off body, a full disk) leaves no file and no row behind.
 */
export async function uploadMedia(
  ctx: AppContext,
  principal: Principal,
  parts: AsyncIterable<Multipart>,
): Promise<MediaItem[]> {
  requireUploader(principal);
  const maxBytes = ctx.config.maxUploadBytes;
  const files: IncomingFile[] = [];
  const fields: UploadFields = {};
  const seenFields = new Set<string>();
  try {
    const iterator = parts[Symbol.asyncIterator]();
    for (;;) {
      const next = await iterator.next().catch((error: unknown) => {
        throw multipartError(error, maxBytes);
      });
      if (next.done) break;
      const part = next.value;
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw invalidField(part.fieldname, 'is not a known field (files go in parts named "file")');
        }
        files.push(await stagePart(ctx, part, maxBytes));
      } else {
        readField(fields, seenFields, part);
      }
    }
    if (files.length === 0) throw invalidField('file', 'send at least one part named "file"');
    if (files.length > 1 && (fields.title !== undefined || fields.description !== undefined)) {
      throw badRequest(
        '"title" and "description" apply to a single file; upload the files one by one to set them.',
      );
    }
    const [first] = files;
    if (first) {
      first.title = fields.title;
      first.description = fields.description;
    }
    const stored = await storeStaged(ctx, principal.userId, files);
    return presentMediaRows(
      ctx,
      stored.map((item) => item.media),
    );
  } finally {
    await discardStaged(files);
  }
}
