import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import {
  libraryFileUrl,
  linkFileUrl,
  probeLinkFile,
  type FileKind,
  type MediaSource,
} from '../api/media-files';
import { decideRetry } from '../api/media-retry';
import { accessTokenIsFresh, freshAccessToken, getSession } from '../api/session';
import { useSession } from './use-session';

/** New URLs after failures, before giving up (a successful load starts the count again). */
const MAX_RETRIES = 2;

type LoadableElement = HTMLImageElement | HTMLMediaElement;

export interface MediaSrc {
  /** For the element's `src`; null while a usable token is on its way, or when disabled. */
  src: string | null;
  /** Set once the element gave up: `error` is the server's reason when known, else null. */
  failure: { error: unknown } | null;
  /** Spread onto the <img>, <video> or <audio>. */
  handlers: {
    onError: (event: SyntheticEvent<LoadableElement>) => void;
    onLoad: () => void;
    onLoadedMetadata: (event: SyntheticEvent<LoadableElement>) => void;
  };
}

interface Attempt {
  /** Which file these facts are about: another id or kind starts over. */
  key: string;
  /** The access token in the URL, kept while it works so the URL (and the cache entry) stays put. */
  token: string | null;
  retries: number;
  failure: { error: unknown } | null;
}

const fresh = (key: string): Attempt => ({ key, token: null, retries: 0, failure: null });

/**
 * A URL an element loads by itself: a library file with `?access_token=`, a link file with the
 * link's token. When the element fails because the token lapsed, the token is refreshed and the
 * URL set again; a playing video or audio picks up where it was.
 */
export function useMediaSrc(
  source: MediaSource,
  mediaId: string,
  kind: Exclude<FileKind, 'download'>,
  options: { enabled?: boolean; explain?: boolean } = {},
): MediaSrc {
  const enabled = options.enabled ?? true;
  const explain = options.explain ?? false;
  // A link's new access token (the link was opened again) is a new start, like another file.
  const origin = source.kind === 'link' ? `${source.token}/${source.accessToken}` : 'library';
  const key = `${origin}/${mediaId}/${kind}`;
  const session = useSession();
  const usable = session && accessTokenIsFresh(session) ? session.accessToken : null;
  const [stored, setStored] = useState<Attempt>(() => ({ ...fresh(key), token: usable }));
  const resume = useRef<{ time: number; playing: boolean } | null>(null);

  let attempt = stored;
  if (stored.key !== key || (stored.token === null && usable !== null)) {
    // Render-time reset (React's pattern for state derived from props): a new file, or the first usable token.
    attempt = { ...(stored.key === key ? stored : fresh(key)), token: usable };
    setStored(attempt);
  }

  const waiting = source.kind === 'library' && enabled && attempt.token === null && session !== null;
  useEffect(() => {
    if (!waiting) return;
    // The token is about to lapse: get a new one first (one refresh, shared by every caller).
    // Should that fail, the old token is tried all the same; a failed load comes back here.
    let cancelled = false;
    freshAccessToken()
      .catch(() => getSession()?.accessToken ?? null)
      .then((token) => {
        if (cancelled || !token) return;
        setStored((current) =>
          current.key === key && current.token === null ? { ...current, token } : current,
        );
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [waiting, key]);

  let src: string | null = null;
  if (enabled && source.kind === 'link') src = linkFileUrl(source.token, source.accessToken, mediaId, kind);
  else if (enabled && attempt.token) src = libraryFileUrl(mediaId, kind, attempt.token);

  const giveUp = (error: unknown) =>
    setStored((current) => (current.key === key ? { ...current, failure: { error } } : current));

  const onError = (event: SyntheticEvent<LoadableElement>) => {
    const element = event.currentTarget;
    if ('currentTime' in element && element.currentTime > 0) {
      resume.current = { time: element.currentTime, playing: !element.paused && !element.ended };
    }
    if (source.kind === 'link') {
      // A link's own token is not ours to renew: say why it failed (the page offers a reload).
      if (!explain) return giveUp(null);
      void probeLinkFile(source, mediaId, kind).then(
        () => giveUp(null),
        (error: unknown) => giveUp(error),
      );
      return;
    }
    const usedToken = attempt.token;
    if (!usedToken || attempt.retries >= MAX_RETRIES) return giveUp(null);
    void decideRetry(usedToken, { mediaId, kind, explain }).then((decision) => {
      if ('giveUp' in decision) return giveUp(decision.giveUp);
      setStored((current) =>
        current.key === key
          ? { ...current, token: decision.retryWith, retries: current.retries + 1 }
          : current,
      );
    });
  };

  const loaded = () =>
    setStored((current) =>
      current.key === key && current.retries > 0 ? { ...current, retries: 0 } : current,
    );

  const onLoadedMetadata = (event: SyntheticEvent<LoadableElement>) => {
    const element = event.currentTarget;
    const position = resume.current;
    resume.current = null;
    if (position && 'currentTime' in element) {
      element.currentTime = position.time;
      if (position.playing) element.play().catch(() => undefined);
    }
    loaded();
  };

  return {
    src,
    failure: attempt.failure,
    handlers: { onError, onLoad: loaded, onLoadedMetadata },
  };
}
