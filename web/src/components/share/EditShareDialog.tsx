import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { updateShare } from '../../api/shares';
import type { Share } from '../../api/types';
import { recipientLabel, TARGET_LABELS } from '../../lib/permissions';
import {
  buildShareUpdate,
  shareFormFrom,
  type ShareFormErrors,
  type ShareFormState,
} from '../../lib/share-form';
import { toast } from '../../lib/toast-store';
import { Dialog } from '../Dialog';
import { InlineError } from '../Feedback';
import { LinkResult } from './LinkResult';
import { ShareFormFields } from './ShareFormFields';
import { splitServerErrors } from './server-errors';

/** Change a share's permissions, password, expiry, use limit or note. */
export function EditShareDialog({
  share,
  open,
  onClose,
}: {
  share: Share;
  open: boolean;
  onClose: () => void;
}) {
  const formId = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ShareFormState>(() => shareFormFrom(share));
  const [errors, setErrors] = useState<ShareFormErrors>({});
  useEffect(() => {
    if (open) {
      setForm(shareFormFrom(share));
      setErrors({});
    }
  }, [open, share]);

  const save = useMutation({
    mutationFn: (body: Parameters<typeof updateShare>[1]) => updateShare(share.id, body),
    meta: { silent: true },
    onSuccess: (updated) => {
      queryClient.setQueryData(['shares', 'item', share.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['shares'] });
      toast.success('Share updated.');
      onClose();
    },
    onError: (error) => setErrors(splitServerErrors(error).fields),
  });
  const general = save.error ? splitServerErrors(save.error).general : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = buildShareUpdate(share, form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (Object.keys(result.body).length === 0) {
      toast.info('Nothing changed.');
      onClose();
      return;
    }
    save.mutate(result.body);
  };

  return (
    <Dialog
      open={open}
      title="Edit share"
      onClose={onClose}
      size="lg"
      description={`${TARGET_LABELS[share.target_type]} “${share.target_name ?? 'deleted'}” · ${recipientLabel(share)}`}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </>
      }
    >
      {share.public_url ? <LinkResult share={share} /> : null}
      <form id={formId} className="stack share-form" onSubmit={submit} noValidate>
        <ShareFormFields
          form={form}
          onChange={(change) => setForm((current) => ({ ...current, ...change }))}
          errors={errors}
          targetType={share.target_type}
          keepsPassword={share.has_password}
        />
        {general ? <InlineError error={general} /> : null}
      </form>
    </Dialog>
  );
}
