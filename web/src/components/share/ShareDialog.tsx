import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { createShare } from '../../api/shares';
import type { Share, ShareRecipientType, ShareTargetType } from '../../api/types';
import { useCurrentUser } from '../../hooks/use-session';
import { TARGET_LABELS } from '../../lib/permissions';
import {
  buildNewShare,
  emptyShareForm,
  type ShareFormErrors,
  type ShareFormState,
} from '../../lib/share-form';
import { toast } from '../../lib/toast-store';
import { Dialog } from '../Dialog';
import { InlineError } from '../Feedback';
import { Icon, type IconName } from '../Icon';
import { ExistingShares } from './ExistingShares';
import { GroupPicker } from './GroupPicker';
import { LinkResult } from './LinkResult';
import { RecipientPicker } from './RecipientPicker';
import { ShareFormFields } from './ShareFormFields';
import { splitServerErrors } from './server-errors';

export interface ShareTarget {
  type: ShareTargetType;
  id: string;
  name: string;
}

const TABS: Array<{ value: ShareRecipientType; label: string; icon: IconName }> = [
  { value: 'public_link', label: 'Link', icon: 'link' },
  { value: 'user', label: 'Person', icon: 'user' },
  { value: 'group', label: 'Group', icon: 'users' },
];

/** Share an item, collection, tag or saved search: as a link, with a person, or with a group. */
export function ShareDialog({
  target,
  open,
  onClose,
}: {
  target: ShareTarget;
  open: boolean;
  onClose: () => void;
}) {
  const me = useCurrentUser();
  const formId = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ShareFormState>(() => emptyShareForm());
  const [errors, setErrors] = useState<ShareFormErrors>({});
  const [created, setCreated] = useState<Share | null>(null);

  useEffect(() => {
    if (open) {
      setForm(emptyShareForm());
      setErrors({});
      setCreated(null);
    }
  }, [open, target.id]);

  const create = useMutation({
    mutationFn: createShare,
    meta: { silent: true },
    onSuccess: (share) => {
      void queryClient.invalidateQueries({ queryKey: ['shares', 'outgoing'] });
      if (share.recipient_type === 'public_link') {
        setCreated(share);
        toast.success('Link created.');
      } else {
        toast.success(
          `Shared “${target.name}” with ${share.recipient_username ?? share.recipient_group_name ?? 'them'}.`,
        );
        setForm(emptyShareForm(form.recipientType));
      }
    },
    onError: (error) => setErrors(splitServerErrors(error).fields),
  });
  const general = create.error ? splitServerErrors(create.error).general : null;

  const patch = (change: Partial<ShareFormState>) => setForm((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = buildNewShare(form, { type: target.type, id: target.id });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    create.mutate(result.body);
  };

  const title = `Share “${target.name}”`;
  if (created) {
    return (
      <Dialog
        open={open}
        title={title}
        onClose={onClose}
        description="Anyone with this link can open it, within the limits you set."
        initialFocus="[data-testid=share-link-url]"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setCreated(null)}>
              Share another way
            </button>
            <button type="button" className="btn btn-primary" onClick={onClose}>
              Done
            </button>
          </>
        }
      >
        <LinkResult share={created} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      size="lg"
      description={`${TARGET_LABELS[target.type]} · choose how to share it`}
      initialFocus="[role=tab][aria-selected=true]"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Sharing…' : form.recipientType === 'public_link' ? 'Create link' : 'Share'}
          </button>
        </>
      }
    >
      <form id={formId} className="stack share-form" onSubmit={submit} noValidate>
        <div className="segmented share-tabs" role="tablist" aria-label="Share with">
          {TABS.map((tab) => (
            <button
              key={tab.value}
              type="button"
              role="tab"
              aria-selected={form.recipientType === tab.value}
              onClick={() => {
                setErrors({});
                patch({ recipientType: tab.value, recipient: null });
              }}
            >
              <Icon name={tab.icon} size={16} />
              {tab.label}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          aria-label={TABS.find((tab) => tab.value === form.recipientType)?.label}
          className="stack"
        >
          {form.recipientType === 'user' ? (
            <RecipientPicker
              value={form.recipient}
              onChange={(recipient) => patch({ recipient })}
              excludeIds={new Set([me.id])}
              error={errors.recipient}
            />
          ) : null}
          {form.recipientType === 'group' ? (
            <GroupPicker
              value={form.recipient}
              onChange={(recipient) => patch({ recipient })}
              error={errors.recipient}
            />
          ) : null}
          <ShareFormFields form={form} onChange={patch} errors={errors} targetType={target.type} />
          {general ? <InlineError error={general} /> : null}
        </div>
      </form>
      <ExistingShares target={target} />
    </Dialog>
  );
}
