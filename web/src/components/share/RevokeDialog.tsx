import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Page } from '../../api/client';
import { revokeShare, revokeShares } from '../../api/shares';
import type { Share } from '../../api/types';
import { recipientLabel } from '../../lib/permissions';
import { toast } from '../../lib/toast-store';
import { pluralize } from '../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';

type OutgoingCache = InfiniteData<Page<Share>> | Share[] | undefined;

function without(data: OutgoingCache, ids: ReadonlySet<string>): OutgoingCache {
  if (!data) return data;
  if (Array.isArray(data)) return data.filter((share) => !ids.has(share.id));
  return {
    ...data,
    pages: data.pages.map((page) => {
      const items = page.items.filter((share) => !ids.has(share.id));
      return { items, total: page.total - (page.items.length - items.length) };
    }),
  };
}

/** Revokes one share or several at once (all or nothing), removing them from lists right away. */
export function RevokeDialog({
  shares,
  open,
  onClose,
  onRevoked,
}: {
  shares: Share[];
  open: boolean;
  onClose: () => void;
  onRevoked?: () => void;
}) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: async (ids: string[]) => {
      if (ids.length === 1 && ids[0]) await revokeShare(ids[0]);
      else await revokeShares(ids);
      return ids.length;
    },
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: ['shares', 'outgoing'] });
      const snapshot = queryClient.getQueriesData<OutgoingCache>({ queryKey: ['shares', 'outgoing'] });
      const gone = new Set(ids);
      queryClient.setQueriesData<OutgoingCache>({ queryKey: ['shares', 'outgoing'] }, (data) =>
        without(data, gone),
      );
      return { snapshot };
    },
    onError: (_error, _ids, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (count) => {
      toast.success(
        count === 1
          ? 'Share revoked. It stopped working right away.'
          : `${pluralize(count, 'share')} revoked.`,
      );
      onRevoked?.();
      onClose();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['shares'] }),
  });

  const single = shares.length === 1 ? shares[0] : undefined;
  return (
    <ConfirmDialog
      open={open}
      title={single ? 'Revoke this share?' : `Revoke ${shares.length} shares?`}
      confirmLabel={single ? 'Revoke' : `Revoke ${shares.length}`}
      danger
      busy={revoke.isPending}
      onConfirm={() => revoke.mutate(shares.map((share) => share.id))}
      onClose={onClose}
    >
      {single ? (
        <p>
          <strong>{recipientLabel(single)}</strong> will lose access to “
          {single.target_name ?? 'the deleted target'}” at once
          {single.recipient_type === 'public_link' ? ', and the link will stop working' : ''}. Shares made
          from it are revoked too.
        </p>
      ) : (
        <p>
          Everyone these {shares.length} shares reach loses access at once. Shares made from them are revoked
          too.
        </p>
      )}
      <p className="muted">This cannot be undone; you can share again later.</p>
    </ConfirmDialog>
  );
}
