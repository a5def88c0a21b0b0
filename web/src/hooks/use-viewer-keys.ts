import { useEffect, useRef } from 'react';

interface ViewerKeys {
  onPrevious?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
  onClose?: (() => void) | undefined;
  onToggleInfo?: (() => void) | undefined;
}

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'VIDEO', 'AUDIO'].includes(target.tagName)
  );
}

/** ← → move between items, Escape leaves, i shows or hides the details. */
export function useViewerKeys(handlers: ViewerKeys): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        event.altKey ||
        event.ctrlKey ||
        event.metaKey ||
        typingInto(event.target)
      )
        return;
      if (document.querySelector('dialog[open]')) return;
      const { onPrevious, onNext, onClose, onToggleInfo } = ref.current;
      if (event.key === 'ArrowLeft' && onPrevious) onPrevious();
      else if (event.key === 'ArrowRight' && onNext) onNext();
      else if (event.key === 'Escape' && onClose) onClose();
      else if (event.key === 'i' && onToggleInfo) onToggleInfo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
