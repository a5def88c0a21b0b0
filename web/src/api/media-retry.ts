import { probeLibraryFile, type FileKind } from './media-files';
import { accessTokenIsFresh, getSession, refreshSession } from './session';

/** What to do after an element failed to load a library URL carrying `usedToken`. */
export type RetryDecision = { retryWith: string } | { giveUp: unknown };

/**
 * An <img>, <video> or <audio> cannot tell why its URL failed. The usual reason is that the
 * access token in it lapsed: then a fresh token (one shared refresh) and a new URL fix it.
 * Otherwise the failure stays, with the server's words when `explain` asks it (one small
 * ranged request), or `null` when the bytes were fine and the element could not use them.
 */
export async function decideRetry(
  usedToken: string,
  file: { mediaId: string; kind: FileKind; explain: boolean },
  now = Date.now(),
): Promise<RetryDecision> {
  const session = getSession();
  if (!session) return { giveUp: null };
  // Another request refreshed the token meanwhile: the new one is worth a try.
  if (session.accessToken !== usedToken) return { retryWith: session.accessToken };
  if (!file.explain) {
    if (accessTokenIsFresh(session, now)) return { giveUp: null };
    try {
      const next = await refreshSession(usedToken);
      return next ? { retryWith: next.accessToken } : { giveUp: null };
    } catch (error) {
      return { giveUp: error };
    }
  }
  try {
    // With the header, and a refresh on 401: whatever it answers is the real reason.
    await probeLibraryFile(file.mediaId, file.kind);
  } catch (error) {
    return { giveUp: error };
  }
  const after = getSession();
  return after && after.accessToken !== usedToken ? { retryWith: after.accessToken } : { giveUp: null };
}
