import type { MediaItem } from '../../api/types';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format';

const KIND_NAMES: Record<MediaItem['media_type'], string> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  text: 'Text',
  other: 'File',
};

function humanKey(key: string): string {
  const spaced = key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function humanValue(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(humanValue).filter(Boolean).join(', ') || null;
  return null;
}

/** Extracted metadata, flattened one level ("exif › Make"). */
function flatten(metadata: Record<string, unknown>): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
        const text = humanValue(innerValue);
        if (text) rows.push([`${humanKey(key)} › ${humanKey(inner)}`, text]);
      }
    } else {
      const text = humanValue(value);
      if (text) rows.push([humanKey(key), text]);
    }
  }
  return rows.slice(0, 60);
}

export function MediaDetails({ item }: { item: MediaItem }) {
  return (
    <dl className="meta-list">
      <dt>Kind</dt>
      <dd>
        {KIND_NAMES[item.media_type]} · {item.mime_type}
      </dd>
      <dt>File</dt>
      <dd>{item.file_name}</dd>
      <dt>Size</dt>
      <dd>{formatBytes(item.size_bytes)}</dd>
      {item.width && item.height ? (
        <>
          <dt>Dimensions</dt>
          <dd>
            {item.width} × {item.height}
          </dd>
        </>
      ) : null}
      {item.duration_secs ? (
        <>
          <dt>Duration</dt>
          <dd>{formatDuration(item.duration_secs)}</dd>
        </>
      ) : null}
      <dt>Added</dt>
      <dd>{formatDateTime(item.created_at)}</dd>
    </dl>
  );
}

export function MetadataList({ metadata }: { metadata: Record<string, unknown> }) {
  const rows = flatten(metadata);
  if (rows.length === 0) return <p className="muted">No embedded metadata.</p>;
  return (
    <dl className="meta-list">
      {rows.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
