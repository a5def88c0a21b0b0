import { useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { lookupUsers, shareKeys } from '../../api/shares';
import { describeError } from '../../api/errors';
import { useDebounced } from '../../hooks/use-debounced';
import type { Recipient } from '../../lib/share-form';
import { Icon } from '../Icon';

interface RecipientPickerProps {
  value: Recipient | null;
  onChange: (value: Recipient | null) => void;
  excludeIds: ReadonlySet<string>;
  error?: string;
  label?: string;
  hint?: string;
}

/** A combobox over GET /users/lookup: type a few letters, pick with arrows and Enter. */
export function RecipientPicker({
  value,
  onChange,
  excludeIds,
  error,
  label = 'Person',
  hint = 'Type part of a username.',
}: RecipientPickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const results = useQuery({
    queryKey: shareKeys.userLookup(q),
    queryFn: () => lookupUsers(q),
    enabled: q.length > 0,
    staleTime: 60_000,
    meta: { silent: true },
  });
  const options = (results.data ?? []).filter((user) => !excludeIds.has(user.id));
  const listId = `${id}-list`;
  const errorId = `${id}-error`;

  if (value) {
    return (
      <div className="field">
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
        <div className="row" aria-labelledby={`${id}-label`}>
          <span className="chip">
            <Icon name="user" size={14} />
            {value.name}
            <button type="button" aria-label={`Remove ${value.name}`} onClick={() => onChange(null)}>
              <Icon name="close" size={14} />
            </button>
          </span>
        </div>
      </div>
    );
  }

  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    onChange({ id: option.id, name: option.username });
    setText('');
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(options.length - 1, index + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter') {
      if (open && options.length > 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const showList = open && q.length > 0;
  let status: string | null = null;
  if (showList) {
    if (results.isPending) status = 'Searching…';
    else if (results.isError) status = describeError(results.error);
    else if (options.length === 0) status = `Nobody found for “${q}”.`;
  }

  return (
    <div className="field combobox">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={showList && options[active] ? `${id}-opt-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : `${id}-hint`}
        placeholder="Search by username"
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <ul
        id={listId}
        role="listbox"
        className="combobox-list"
        hidden={!showList || options.length === 0}
        aria-label="People"
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`${id}-opt-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(index);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span className="avatar" aria-hidden="true">
              {option.username.slice(0, 2)}
            </span>
            {option.username}
          </li>
        ))}
      </ul>
      {status ? (
        <p className="field-hint" role="status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
