import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { fetchGroups, shareKeys } from '../../api/shares';
import type { Recipient } from '../../lib/share-form';
import { InlineError } from '../Feedback';

/** Groups from GET /groups, as a plain select. */
export function GroupPicker({
  value,
  onChange,
  error,
}: {
  value: Recipient | null;
  onChange: (value: Recipient | null) => void;
  error?: string;
}) {
  const id = useId();
  const groups = useQuery({
    queryKey: shareKeys.groups,
    queryFn: fetchGroups,
    staleTime: 60_000,
    meta: { silent: true },
  });
  if (groups.isError) return <InlineError error={groups.error} />;
  const list = groups.data?.items ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>Group</label>
      <select
        id={id}
        className="select"
        value={value?.id ?? ''}
        disabled={groups.isPending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          const group = list.find((item) => item.id === event.target.value);
          onChange(group ? { id: group.id, name: group.name } : null);
        }}
      >
        <option value="">
          {groups.isPending ? 'Loading groups…' : list.length === 0 ? 'No groups yet' : 'Choose a group'}
        </option>
        {list.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
