import { useEffect, useState } from 'react';
import { dismissToast, holdToast, releaseToast, subscribeToasts, type Toast } from '../lib/toast-store';
import { Icon } from './Icon';

/** Toasts in a live region: errors are announced assertively, the rest politely. */
export function Toaster() {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  useEffect(() => subscribeToasts(setToasts), []);
  const render = (tone: 'polite' | 'assertive') =>
    toasts
      .filter((toast) => (toast.tone === 'error') === (tone === 'assertive'))
      .map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          onMouseEnter={() => holdToast(toast.id)}
          onMouseLeave={() => releaseToast(toast.id)}
          onFocus={() => holdToast(toast.id)}
          onBlur={() => releaseToast(toast.id)}
        >
          <Icon
            name={toast.tone === 'error' ? 'alert' : toast.tone === 'success' ? 'check' : 'info'}
            size={18}
          />
          <p>{toast.message}</p>
          {toast.action ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn-ghost btn-icon btn-sm"
            aria-label="Dismiss"
            onClick={() => dismissToast(toast.id)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      ));
  return (
    <div className="toaster">
      <div role="status" aria-live="polite" className="toast-stack">
        {render('polite')}
      </div>
      <div role="alert" aria-live="assertive" className="toast-stack">
        {render('assertive')}
      </div>
    </div>
  );
}
