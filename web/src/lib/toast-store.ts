/** Short messages shown in a corner and read out by screen readers. */
export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: { label: string; run: () => void };
}

type Listener = (toasts: readonly Toast[]) => void;

const DURATION_MS: Record<ToastTone, number> = { info: 5000, success: 4000, error: 9000 };
const MAX_VISIBLE = 4;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit(): void {
  for (const listener of listeners) listener(toasts);
}

export function dismissToast(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

export function showToast(tone: ToastTone, message: string, action?: Toast['action']): number {
  const id = nextId++;
  const toast: Toast = action ? { id, tone, message, action } : { id, tone, message };
  toasts = [...toasts, toast].slice(-MAX_VISIBLE);
  timers.set(
    id,
    setTimeout(() => dismissToast(id), DURATION_MS[tone]),
  );
  emit();
  return id;
}

/** Keeps a toast on screen while the pointer or focus is on it. */
export function holdToast(id: number): void {
  const timer = timers.get(id);
  if (timer) clearTimeout(timer);
  timers.delete(id);
}

export function releaseToast(id: number): void {
  if (!toasts.some((toast) => toast.id === id) || timers.has(id)) return;
  timers.set(
    id,
    setTimeout(() => dismissToast(id), 3000),
  );
}

export function subscribeToasts(listener: Listener): () => void {
  listeners.add(listener);
  listener(toasts);
  return () => listeners.delete(listener);
}

export const toast = {
  info: (message: string, action?: Toast['action']) => showToast('info', message, action),
  success: (message: string, action?: Toast['action']) => showToast('success', message, action),
  error: (message: string, action?: Toast['action']) => showToast('error', message, action),
};
