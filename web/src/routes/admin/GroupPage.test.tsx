import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSessionForTests, startSession } from '../../api/session';
import { fakeServer, json, session } from '../../test/fake-server';
import { GroupPage } from './GroupPage';

const GROUP_ID = '0190a1b2-c3d4-7e5f-8a9b-0000000000a1';
const bob = { id: '0190a1b2-c3d4-7e5f-8a9b-000000000b0b', username: 'bob' };
const cyd = { id: '0190a1b2-c3d4-7e5f-8a9b-000000000c0c', username: 'cyd' };
const group = (members: Array<{ id: string; username: string }>) => ({
  id: GROUP_ID,
  name: 'Family',
  description: 'Close relatives',
  member_count: members.length,
  members,
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/admin/groups/:id', element: <GroupPage /> },
      { path: '/admin/groups', element: <p>All groups</p> },
    ],
    { initialEntries: [`/admin/groups/${GROUP_ID}`] },
  );
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('a group’s page', () => {
  beforeEach(() => {
    resetSessionForTests();
    startSession(session('admin'));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('adds a member found through the user lookup, and removes one', async () => {
    let members = [bob];
    const seen = fakeServer((request) => {
      if (request.path === `/api/v1/groups/${GROUP_ID}` && request.method === 'GET')
        return json(200, group(members));
      if (request.path === '/api/v1/users/lookup') return json(200, [bob, cyd]);
      if (request.path === `/api/v1/groups/${GROUP_ID}/members` && request.method === 'POST') {
        members = [bob, cyd];
        return json(200, group(members));
      }
      if (request.method === 'DELETE') {
        members = [cyd];
        return json(204, null);
      }
      return undefined;
    });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Family' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Members of Family' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([expect.stringContaining('bob')]);

    fireEvent.change(screen.getByRole('combobox', { name: 'Add a member' }), { target: { value: 'y' } });
    // bob is a member already: only cyd is offered.
    const option = await screen.findByRole('option', { name: /cyd/ });
    expect(screen.queryByRole('option', { name: /bob/ })).toBeNull();
    fireEvent.mouseDown(option);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({ user_id: cyd.id });

    fireEvent.click(screen.getByRole('button', { name: 'Remove bob from Family' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Members of Family' })).getAllByRole('listitem'),
      ).toHaveLength(1),
    );
    expect(seen.find((request) => request.method === 'DELETE')?.path).toBe(
      `/api/v1/groups/${GROUP_ID}/members/${bob.id}`,
    );
  });
});
