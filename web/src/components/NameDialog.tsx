import { useEffect, useId, useState, type FormEvent } from 'react';
import { describeError } from '../api/errors';
import { Dialog } from './Dialog';

interface NameDialogProps {
  open: boolean;
  title: string;
  label: string;
  submitLabel: string;
  initialName?: string;
  /** A second, optional free-text field (a description). */
  descriptionLabel?: string;
  initialDescription?: string;
  maxLength?: number;
  busy?: boolean;
  error?: unknown;
  onSubmit: (name: string, description: string) => void;
  onClose: () => void;
}

/** Asks for a name (and maybe a description): new collection, saved search, tag, rename. */
export function NameDialog({
  open,
  title,
  label,
  submitLabel,
  initialName = '',
  descriptionLabel,
  initialDescription = '',
  maxLength = 200,
  busy = false,
  error,
  onSubmit,
  onClose,
}: NameDialogProps) {
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription);
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const nameId = useId();
  useEffect(() => {
    if (open) {
      setName(initialName);
      setDescription(initialDescription);
      setProblem(null);
    }
  }, [open, initialName, initialDescription]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setProblem(`${label} cannot be empty.`);
    if (trimmed.length > maxLength) return setProblem(`${label} may have at most ${maxLength} characters.`);
    setProblem(null);
    onSubmit(trimmed, description.trim());
  };
  const shown = problem ?? (error ? describeError(error) : null);

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={nameId}>{label}</label>
          <input
            id={nameId}
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={shown ? true : undefined}
            aria-describedby={shown ? `${nameId}-error` : undefined}
            data-autofocus
          />
        </div>
        {descriptionLabel ? (
          <div className="field">
            <label htmlFor={`${nameId}-description`}>{descriptionLabel}</label>
            <textarea
              id={`${nameId}-description`}
              className="textarea"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </div>
        ) : null}
        {shown ? (
          <p id={`${nameId}-error`} className="field-error" role="alert">
            {shown}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
