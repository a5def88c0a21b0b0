import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSessionForTests, startSession } from '../../api/session';
import { fakeServer, json, session, type SeenRequest } from '../../test/fake-server';
import { AddFromLibraryDialog } from './AddFromLibraryDialog';

const COLLECTION = { id: '0190a1b2-c3d4-7e5f-8a9b-0000000000c1', name: 'Summer 2026' };
const mine = ['beach', 'dunes', 'harbour'].map((title, index) => ({
  id: `0190a1b2-c3d4-7e5f-8a9b-00000000000${index + 1}`,
  owner_id: 'me',
  title,
  description: null,
  file_name: `${title}.txt`,
  media_type: 'text',
  mime_type: 'text/plain',
  size_bytes: 10,
  content_hash: 'h',
  width: null,
  height: null,
  duration_secs: null,
  tags: [],
  metadata: {},
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
}));

function library(answerAdd: (request: SeenRequest) => Response) {
  return fakeServer((request) => {
    if (request.path === '/api/v1/media') {
      const q = request.query.get('q');
      const items = q ? mine.filter((item) => item.title.includes(q)) : mine;
      return json(200, items, { 'x-total-count': String(items.length) });
    }
    if (request.path === `/api/v1/collections/${COLLECTION.id}/members` && request.method === 'POST')
      return answerAdd(request);
    return undefined;
  });
}

function renderDialog(onAdded = vi.fn(), onClose = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <AddFromLibraryDialog open collection={COLLECTION} onClose={onClose} onAdded={onAdded} />
    </QueryClientProvider>,
  );
  return { onAdded, onClose };
}

describe('adding one’s own items to a shared collection', () => {
  beforeEach(() => {
    resetSessionForTests();
    startSession(session());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists the person’s library, adds the chosen items and says so', async () => {
    const seen = library(() => json(200, { added: 2 }));
    const { onAdded, onClose } = renderDialog();
    const dialog = await screen.findByRole('dialog', { name: `Add to “${COLLECTION.name}”` });
    const grid = await within(dialog).findByRole('list', { name: 'Your library' });
    expect(within(grid).getAllByRole('listitem')).toHaveLength(3);
    const add = within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Add' });
    expect(add.disabled).toBe(true);

    fireEvent.click(within(grid).getByRole('checkbox', { name: 'Select beach' }));
    fireEvent.click(within(grid).getByRole('checkbox', { name: 'Select harbour' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 items' }));

    await waitFor(() => expect(onAdded).toHaveBeenCalledTimes(1));
    expect(onClose).toHaveBeenCalled();
    const posted = seen.filter((request) => request.method === 'POST');
    expect(posted.map((request) => request.body)).toEqual([{ media_ids: [mine[0]?.id, mine[2]?.id] }]);
  });

  it('keeps choices across searches', async () => {
    const seen = library(() => json(200, { added: 2 }));
    renderDialog();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Select dunes' }));
    fireEvent.change(within(dialog).getByLabelText('Search your library'), { target: { value: 'harb' } });
    await waitFor(() => expect(within(dialog).queryByRole('checkbox', { name: 'Select dunes' })).toBeNull());
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Select harbour' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 items' }));
    await waitFor(() => expect(seen.some((request) => request.method === 'POST')).toBe(true));
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      media_ids: [mine[1]?.id, mine[2]?.id],
    });
  });

  it('shows the server’s refusal in words, naming the item it is about', async () => {
    library(() =>
      json(400, {
        error: 'bad_request',
        message: 'Only your own media can be added to a collection.',
        details: [{ field: 'media_ids.0', message: 'is not a media item of yours' }],
      }),
    );
    const { onAdded } = renderDialog();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Select dunes' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 1 item' }));
    expect(
      await within(dialog).findByText(
        'Only your own media can be added to a collection. “dunes” is not a media item of yours.',
      ),
    ).toBeTruthy();
    expect(onAdded).not.toHaveBeenCalled();
  });

  it('says when the share no longer allows adding', async () => {
    library(() =>
      json(403, { error: 'forbidden', message: 'This share does not let you add to the collection.' }),
    );
    renderDialog();
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: 'Select beach' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 1 item' }));
    expect(
      await within(dialog).findByText('This share does not let you add to the collection.'),
    ).toBeTruthy();
  });
});
