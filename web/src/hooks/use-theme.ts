import { useCallback, useEffect, useSyncExternalStore } from 'react';

export type ThemePreference = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'pinakes.theme';
const listeners = new Set<() => void>();

function read(): ThemePreference {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

let preference: ThemePreference = read();

/** Puts the preference on <html>; CSS follows prefers-color-scheme when it is "system". */
export function applyTheme(value: ThemePreference = preference): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (value === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', value);
}

export function useTheme(): { preference: ThemePreference; setPreference: (value: ThemePreference) => void } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => preference,
  );
  useEffect(() => applyTheme(current), [current]);
  const setPreference = useCallback((value: ThemePreference) => {
    preference = value;
    try {
      if (value === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
      else globalThis.localStorage?.setItem(STORAGE_KEY, value);
    } catch {
      // Storage refused: the choice lasts for this page only.
    }
    for (const listener of listeners) listener();
  }, []);
  return { preference: current, setPreference };
}
