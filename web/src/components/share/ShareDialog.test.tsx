import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSessionForTests, startSession } from '../../api/session';
import { ShareDialog } from './ShareDialog';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const createdLink = {
  id: '0190a1b2-c3d4-7e5f-8a9b-000000000001',
  target_type: 'media',
  target_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  target_name: 'photo',
  owner_id: 'me',
  owner_username: 'ada',
  recipient_type: 'public_link',
  recipient_user_id: null,
  recipient_username: null,
  recipient_group_id: null,
  recipient_group_name: null,
  public_token: 'tok',
  public_url: 'http://pinakes.test/s/tok',
  has_password: true,
  permissions: {
    can_view: true,
    can_download: true,
    can_edit: false,
    can_delete: false,
    can_reshare: false,
    can_add: false,
  },
  note: null,
  expires_at: '2026-12-04T10:00:00.000Z',
  max_access_count: null,
  access_count: 0,
  last_accessed_at: null,
  status: 'active',
  inherit_to_children: true,
  parent_share_id: null,
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
};

let posted: unknown[] = [];

function renderDialog(targetType: 'media' | 'collection' = 'media') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ShareDialog
        open
        onClose={() => undefined}
        target={{ type: targetType, id: createdLink.target_id, name: 'photo' }}
      />
    </QueryClientProvider>,
  );
}

describe('ShareDialog', () => {
  beforeEach(() => {
    resetSessionForTests();
    startSession({
      access_token: 'a',
      refresh_token: 'r',
      token_type: 'Bearer',
      expires_in: 900,
      user: { id: 'me', username: 'ada', role: 'editor' },
    });
    posted = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input as Request;
        const path = new URL(request.url).pathname;
        if (path === '/api/v1/shares/outgoing') return json(200, [], { 'x-total-count': '0' });
        if (path === '/api/v1/shares' && request.method === 'POST') {
          posted.push(await request.json());
          return json(200, createdLink);
        }
        return json(404, { error: 'not_found', message: 'No route.' });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('offers a link only view and download; a person every right but "add" on an item', () => {
    renderDialog();
    const permissions = screen.getByRole('group', { name: 'Permissions' });
    expect(
      within(permissions)
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('name')),
    ).toEqual(['can_view', 'can_download']);
    fireEvent.click(screen.getByRole('tab', { name: 'Person' }));
    expect(
      within(screen.getByRole('group', { name: 'Permissions' }))
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('name')),
    ).toEqual(['can_view', 'can_download', 'can_edit', 'can_delete', 'can_reshare']);
  });

  it('shows what is wrong next to the field and sends nothing', async () => {
    renderDialog();
    fireEvent.click(screen.getByLabelText('Require a password'));
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(await screen.findByText('The password needs at least 8 characters.')).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(posted).toEqual([]);
  });

  it('creates a link with password and expiry, then shows the link to copy', async () => {
    renderDialog();
    fireEvent.click(screen.getByLabelText('Require a password'));
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough' } });
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: '168' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    const url = await screen.findByTestId<HTMLInputElement>('share-link-url');
    expect(url.value).toBe('http://pinakes.test/s/tok');
    expect(posted).toEqual([
      {
        target_type: 'media',
        target_id: createdLink.target_id,
        recipient_type: 'public_link',
        permissions: {
          can_view: true,
          can_download: true,
          can_edit: false,
          can_delete: false,
          can_reshare: false,
          can_add: false,
        },
        password: 'long enough',
        expires_in_hours: 168,
      },
    ]);
    expect(screen.getByText('Needs the password')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('img', { name: /QR code for the link/ })).toBeTruthy());
  });

  it('shows the server refusal in words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input as Request;
        if (new URL(request.url).pathname === '/api/v1/shares/outgoing')
          return json(200, [], { 'x-total-count': '0' });
        return json(400, {
          error: 'bad_request',
          message: 'This item is already shared with bob; change that share instead.',
        });
      }),
    );
    renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(
      await screen.findByText('This item is already shared with bob; change that share instead.'),
    ).toBeTruthy();
  });
});
