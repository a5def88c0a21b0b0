import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { describeError } from '../../api/errors';
import { uploadFile } from '../../api/upload';
import { useSession } from '../../hooks/use-session';
import { toast } from '../../lib/toast-store';
import { pluralize } from '../../lib/format';
import { DropOverlay } from './DropOverlay';
import { UploadPanel } from './UploadPanel';

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'error' | 'cancelled';

export interface UploadEntry {
  id: number;
  file: File;
  loaded: number;
  total: number;
  status: UploadStatus;
  error?: string;
}

interface UploadApi {
  entries: UploadEntry[];
  addFiles: (files: File[]) => void;
  cancel: (id: number) => void;
  clearFinished: () => void;
}

const UploadContext = createContext<UploadApi | null>(null);
const CONCURRENCY = 3;
let nextId = 1;

export function useUploads(): UploadApi {
  const value = useContext(UploadContext);
  if (!value) throw new Error('useUploads outside UploadProvider');
  return value;
}

/** Queues files, uploads three at a time with per-file progress, refreshes the library as they land. */
export function UploadProvider({ children }: { children: ReactNode }) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const queryClient = useQueryClient();
  // Viewers own nothing: they only see what is shared with them.
  const canUpload = useSession()?.user.role !== 'viewer';

  const patch = useCallback((id: number, change: Partial<UploadEntry>) => {
    setEntries((list) => list.map((entry) => (entry.id === id ? { ...entry, ...change } : entry)));
  }, []);

  const started = useRef(new Set<number>());

  const start = useCallback(
    (entry: UploadEntry) => {
      // An entry starts once, however often the effect below runs.
      if (started.current.has(entry.id)) return;
      started.current.add(entry.id);
      const controller = new AbortController();
      controllers.current.set(entry.id, controller);
      patch(entry.id, { status: 'uploading' });
      uploadFile(entry.file, ({ loaded, total }) => patch(entry.id, { loaded, total }), controller.signal)
        .then(() => {
          patch(entry.id, { status: 'done', loaded: entry.total });
          void queryClient.invalidateQueries({ queryKey: ['media', 'list'] });
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') {
            patch(entry.id, { status: 'cancelled' });
            return;
          }
          const message = describeError(error);
          patch(entry.id, { status: 'error', error: message });
          toast.error(`${entry.file.name}: ${message}`);
        })
        .finally(() => controllers.current.delete(entry.id));
    },
    [patch, queryClient],
  );

  // Starts queued files while fewer than CONCURRENCY are running.
  useEffect(() => {
    const running = entries.filter((entry) => entry.status === 'uploading').length;
    const waiting = entries
      .filter((entry) => entry.status === 'queued')
      .slice(0, Math.max(0, CONCURRENCY - running));
    for (const entry of waiting) start(entry);
  }, [entries, start]);

  // Says once when a batch is finished; a batch without failures then tidies itself away.
  const announced = useRef(0);
  useEffect(() => {
    if (
      entries.length === 0 ||
      entries.some((entry) => entry.status === 'queued' || entry.status === 'uploading')
    )
      return;
    const done = entries.filter((entry) => entry.status === 'done').length;
    if (done > 0 && announced.current !== entries.length) {
      announced.current = entries.length;
      toast.success(`${pluralize(done, 'file')} uploaded.`);
    }
    if (entries.some((entry) => entry.status === 'error')) return;
    const timer = setTimeout(() => {
      announced.current = 0;
      setEntries((list) => (list === entries ? [] : list));
    }, 6000);
    return () => clearTimeout(timer);
  }, [entries]);

  const addFiles = useCallback((files: File[]) => {
    if (files.length === 0) return;
    const added = files.map<UploadEntry>((file) => ({
      id: nextId++,
      file,
      loaded: 0,
      total: file.size,
      status: 'queued',
    }));
    setEntries((list) => [...list, ...added]);
  }, []);

  const cancel = useCallback((id: number) => {
    const controller = controllers.current.get(id);
    if (controller) controller.abort();
    else
      setEntries((list) =>
        list.map((entry) =>
          entry.id === id && entry.status === 'queued' ? { ...entry, status: 'cancelled' } : entry,
        ),
      );
  }, []);

  const clearFinished = useCallback(() => {
    announced.current = 0;
    setEntries((list) => list.filter((entry) => entry.status === 'queued' || entry.status === 'uploading'));
  }, []);

  const value = useMemo(
    () => ({ entries, addFiles, cancel, clearFinished }),
    [entries, addFiles, cancel, clearFinished],
  );
  return (
    <UploadContext.Provider value={value}>
      {children}
      {canUpload ? <DropOverlay onFiles={addFiles} /> : null}
      <UploadPanel />
    </UploadContext.Provider>
  );
}
