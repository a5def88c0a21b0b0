import { useId, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/errors';
import { Icon } from '../../components/Icon';

/** Asks for a link's password; shows the server's refusal (wrong, or too many tries) in words. */
export function PasswordPrompt({
  error,
  busy,
  onSubmit,
}: {
  error: unknown;
  busy: boolean;
  onSubmit: (password: string) => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const code = error instanceof ApiError ? error.code : null;
  const message =
    code === 'password_required' || !error
      ? null
      : code === 'invalid_password'
        ? 'That password is not right. Check it with the person who sent you the link.'
        : describeError(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) onSubmit(password);
  };
  return (
    <main className="auth-page">
      <form className="auth-card card stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <div className="lock-badge" aria-hidden="true">
          <Icon name="lock" size={26} />
        </div>
        <h1 id={`${id}-title`}>This link is protected</h1>
        <p className="muted">Enter the password you were given to see what is shared.</p>
        <div className="field">
          <label htmlFor={id}>Password</label>
          <input
            id={id}
            className="input"
            type="password"
            autoComplete="off"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? `${id}-error` : undefined}
            autoFocus
            required
          />
          {message ? (
            <p id={`${id}-error`} className="field-error" role="alert">
              {message}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !password}>
          {busy ? 'Checking…' : 'Open'}
        </button>
      </form>
    </main>
  );
}
