import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchFileBlob, type MediaSource } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { describeError } from '../../api/errors';
import { useFileUrl } from '../../hooks/use-file-url';
import { useMediaSrc } from '../../hooks/use-media-src';
import { formatBytes } from '../../lib/format';
import { Spinner } from '../Feedback';
import { Icon, MEDIA_TYPE_ICONS } from '../Icon';

const TEXT_PREVIEW_LIMIT = 512 * 1024;

function Placeholder({ item, children }: { item: MediaItem; children?: ReactNode }) {
  return (
    <div className="viewer-placeholder">
      <Icon name={MEDIA_TYPE_ICONS[item.media_type] ?? 'file'} size={56} />
      <strong>{item.file_name}</strong>
      <span>
        {item.mime_type} · {formatBytes(item.size_bytes)}
      </span>
      {children}
    </div>
  );
}

function Failed({ item, error }: { item: MediaItem; error: unknown }) {
  return (
    <Placeholder item={item}>
      <p role="alert">The preview could not be loaded: {describeError(error)}</p>
    </Placeholder>
  );
}

function TextPreview({ item, source }: { item: MediaItem; source: MediaSource }) {
  const text = useQuery({
    queryKey: ['file-text', source.kind === 'link' ? source.token : 'library', item.id, item.updated_at],
    queryFn: async ({ signal }) => {
      const blob = await fetchFileBlob(source, item.id, 'stream', signal);
      const truncated = blob.size > TEXT_PREVIEW_LIMIT;
      return { body: await blob.slice(0, TEXT_PREVIEW_LIMIT).text(), truncated };
    },
    staleTime: Infinity,
    meta: { silent: true },
  });
  if (text.isPending) return <Spinner label="Loading the text" />;
  if (text.isError) return <Failed item={item} error={text.error} />;
  return (
    <pre className="viewer-text" tabIndex={0} aria-label={`Text of ${item.title || item.file_name}`}>
      {text.data.body}
      {text.data.truncated
        ? `\n\n… (the preview shows the first ${formatBytes(TEXT_PREVIEW_LIMIT)}; download the file for the rest)`
        : ''}
    </pre>
  );
}

function PdfPreview({ item, source }: { item: MediaItem; source: MediaSource }) {
  // A frame of the file's own URL would be refused (frame-ancestors); a Blob URL is ours to frame.
  const file = useFileUrl(source, item.id, 'stream', {
    type: 'application/pdf',
    version: item.updated_at,
  });
  if (file.error) return <Failed item={item} error={file.error} />;
  if (!file.url) return <Spinner label="Loading the document" />;
  return <iframe src={file.url} title={`Document: ${item.title || item.file_name}`} />;
}

const UNUSABLE: Record<'image' | 'video' | 'audio', string> = {
  image: 'Your browser cannot show this image.',
  video: 'Your browser cannot play this video.',
  audio: 'Your browser cannot play this audio.',
};

/**
 * Images, video and audio load their URL themselves: video and audio seek with range requests
 * instead of downloading the whole file first.
 */
function StreamedMedia({
  item,
  source,
  type,
}: {
  item: MediaItem;
  source: MediaSource;
  type: 'image' | 'video' | 'audio';
}) {
  const file = useMediaSrc(source, item.id, 'stream', { explain: true });
  const name = item.title || item.file_name;
  if (file.failure) {
    return file.failure.error ? (
      <Failed item={item} error={file.failure.error} />
    ) : (
      <Placeholder item={item}>
        <p role="alert">{UNUSABLE[type]}</p>
      </Placeholder>
    );
  }
  if (!file.src) return <Spinner label="Loading" />;
  switch (type) {
    case 'image':
      return (
        <img
          src={file.src}
          alt={item.description ? `${name}: ${item.description}` : name}
          onError={file.handlers.onError}
          onLoad={file.handlers.onLoad}
        />
      );
    case 'video':
      return (
        <video
          src={file.src}
          controls
          preload="metadata"
          playsInline
          aria-label={name}
          onError={file.handlers.onError}
          onLoadedMetadata={file.handlers.onLoadedMetadata}
        >
          Your browser cannot play this video.
        </video>
      );
    case 'audio':
      return (
        <div className="audio-stage">
          <div className="audio-art" aria-hidden="true">
            <Icon name="audio" size={64} />
          </div>
          <strong>{name}</strong>
          <audio
            src={file.src}
            controls
            preload="metadata"
            aria-label={name}
            onError={file.handlers.onError}
            onLoadedMetadata={file.handlers.onLoadedMetadata}
          >
            Your browser cannot play this audio.
          </audio>
        </div>
      );
  }
}

/** The item itself: image, video, audio (seekable), text or PDF; anything else by its name and size. */
export function MediaStage({ item, source }: { item: MediaItem; source: MediaSource }) {
  switch (item.media_type) {
    case 'image':
    case 'video':
    case 'audio':
      return <StreamedMedia key={item.id} item={item} source={source} type={item.media_type} />;
    case 'text':
      return <TextPreview key={item.id} item={item} source={source} />;
    case 'document':
      return item.mime_type === 'application/pdf' ? (
        <PdfPreview key={item.id} item={item} source={source} />
      ) : (
        <Placeholder item={item} />
      );
    case 'other':
      return <Placeholder item={item}>No preview for this kind of file.</Placeholder>;
  }
}
