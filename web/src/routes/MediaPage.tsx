import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { deleteMedia, fetchMedia, keys } from '../api/library';
import { LIBRARY } from '../api/media-files';
import { fetchShare, shareKeys } from '../api/shares';
import type { Permissions } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorState, Spinner } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { AddToCollectionDialog } from '../components/media/AddToCollectionDialog';
import { DetailsEditor } from '../components/media/DetailsEditor';
import { DownloadLink } from '../components/media/DownloadLink';
import { MediaDetails, MetadataList } from '../components/media/MetadataList';
import { TagEditor } from '../components/media/TagEditor';
import { ViewerFrame } from '../components/media/ViewerFrame';
import { ShareDialog } from '../components/share/ShareDialog';
import { useCurrentUser } from '../hooks/use-session';
import { DEFAULT_PERMISSIONS, permissionSummary } from '../lib/permissions';
import { toast } from '../lib/toast-store';

export interface ViewerState {
  ids?: string[];
  back?: string;
}

const OWNER: Permissions = {
  can_view: true,
  can_download: true,
  can_edit: true,
  can_delete: true,
  can_reshare: true,
  can_add: true,
};

/** One item of the library (or of a share to me: `?via=<share id>` says which, for its permissions). */
export function MediaPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const via = params.get('via');
  const location = useLocation();
  const state = (location.state ?? {}) as ViewerState;
  const navigate = useNavigate();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [sharing, setSharing] = useState(false);
  const [collecting, setCollecting] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const media = useQuery({ queryKey: keys.media(id), queryFn: () => fetchMedia(id) });
  const share = useQuery({
    queryKey: shareKeys.share(via ?? ''),
    queryFn: () => fetchShare(via ?? ''),
    enabled: Boolean(via),
  });
  const remove = useMutation({
    mutationFn: () => deleteMedia(id),
    onSuccess: () => {
      toast.success('Deleted.');
      void queryClient.invalidateQueries({ queryKey: ['media'] });
      void queryClient.invalidateQueries({ queryKey: ['collections'] });
      close();
    },
  });

  const back = state.back ?? (via ? `/shared/with-me/${via}` : '/');
  const close = () => void navigate(back);
  const ids = state.ids ?? [];
  const index = ids.indexOf(id);
  const go = (offset: number) => {
    const target = ids[index + offset];
    if (target) void navigate(`/media/${target}${location.search}`, { state, replace: true });
  };

  if (media.isPending) {
    return (
      <div className="viewer center-page">
        <Spinner />
      </div>
    );
  }
  if (media.isError) {
    return (
      <main className="center-page">
        <div className="narrow-page">
          <ErrorState error={media.error} title="This item cannot be opened" />
          <button type="button" className="btn" onClick={close}>
            <Icon name="back" size={18} /> Back
          </button>
        </div>
      </main>
    );
  }
  const item = media.data;
  const isOwner = item.owner_id === me.id;
  const permissions: Permissions = isOwner
    ? OWNER
    : (share.data?.permissions ?? { ...DEFAULT_PERMISSIONS, can_download: false });
  const canShare = isOwner || permissions.can_reshare;

  return (
    <>
      <ViewerFrame
        item={item}
        source={LIBRARY}
        onClose={close}
        closeLabel="Back to the list"
        onPrevious={index > 0 ? () => go(-1) : undefined}
        onNext={index >= 0 && index < ids.length - 1 ? () => go(1) : undefined}
        position={index >= 0 ? { index, count: ids.length } : undefined}
        actions={
          <>
            {permissions.can_download || isOwner || !via ? <DownloadLink item={item} /> : null}
            {canShare ? (
              <button type="button" className="btn btn-primary" onClick={() => setSharing(true)}>
                <Icon name="shareOut" size={18} />
                <span className="btn-label">Share</span>
              </button>
            ) : null}
          </>
        }
        info={
          <>
            <section className="info-section">
              <DetailsEditor item={item} canEdit={isOwner || permissions.can_edit} />
            </section>
            {!isOwner && share.data ? (
              <section className="info-section">
                <h3>Shared with you</h3>
                <p>
                  By <strong>{share.data.owner_username}</strong> ·{' '}
                  {permissionSummary(share.data.permissions)}
                </p>
              </section>
            ) : null}
            <section className="info-section">
              <h3>Tags</h3>
              <TagEditor item={item} canEdit={isOwner || permissions.can_edit} />
            </section>
            <section className="info-section">
              <h3>Details</h3>
              <MediaDetails item={item} />
            </section>
            <section className="info-section">
              <h3>Metadata</h3>
              <MetadataList metadata={item.metadata} />
            </section>
            {isOwner ? (
              <section className="info-section row wrap">
                <button type="button" className="btn btn-sm" onClick={() => setCollecting(true)}>
                  <Icon name="collection" size={16} /> Add to collection
                </button>
                <button type="button" className="btn btn-sm btn-danger" onClick={() => setDeleting(true)}>
                  <Icon name="trash" size={16} /> Delete
                </button>
              </section>
            ) : permissions.can_delete ? (
              <section className="info-section">
                <button type="button" className="btn btn-sm btn-danger" onClick={() => setDeleting(true)}>
                  <Icon name="trash" size={16} /> Delete
                </button>
              </section>
            ) : null}
          </>
        }
      />
      {sharing ? (
        <ShareDialog
          open
          target={{ type: 'media', id: item.id, name: item.title || item.file_name }}
          onClose={() => setSharing(false)}
        />
      ) : null}
      {collecting ? (
        <AddToCollectionDialog open mediaIds={[item.id]} onClose={() => setCollecting(false)} />
      ) : null}
      <ConfirmDialog
        open={deleting}
        title="Delete this item?"
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <p>“{item.title || item.file_name}” is deleted for good, with every share of it.</p>
      </ConfirmDialog>
    </>
  );
}
