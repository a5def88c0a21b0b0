import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSessionForTests, startSession } from '../../api/session';
import { Toaster } from '../../components/Toaster';
import { fakeServer, json, session, type SeenRequest } from '../../test/fake-server';
import { UsersPage } from './UsersPage';

const me = session('admin');
const LAST_ADMIN = 'ada is the last active administrator; make another user an administrator first.';
const users = [
  { id: me.user.id, username: 'ada', role: 'admin', disabled: false },
  { id: '0190a1b2-c3d4-7e5f-8a9b-000000000b0b', username: 'bob', role: 'viewer', disabled: false },
].map((user) => ({
  ...user,
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
}));

function server(extra: (request: SeenRequest) => Response | undefined = () => undefined) {
  return fakeServer((request) => {
    if (request.path === '/api/v1/users' && request.method === 'GET') {
      const q = request.query.get('q');
      const found = q ? users.filter((user) => user.username.includes(q)) : users;
      return json(200, found, { 'x-total-count': String(found.length) });
    }
    return extra(request);
  });
}

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <UsersPage />
      <Toaster />
    </QueryClientProvider>,
  );
}

describe('the users page', () => {
  beforeEach(() => {
    resetSessionForTests();
    startSession(me);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists users with their role and status, and searches by name', async () => {
    const seen = server();
    renderPage();
    const table = await screen.findByRole('table', { name: 'Users' });
    expect(within(table).getByRole('rowheader', { name: /ada/ }).textContent).toContain('You');
    expect(within(table).getByLabelText<HTMLSelectElement>('Role of bob').value).toBe('viewer');
    fireEvent.change(screen.getByLabelText('Find users'), { target: { value: 'bo' } });
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Users' })).queryByRole('rowheader', { name: /ada/ }),
      ).toBeNull(),
    );
    expect(seen.at(-1)?.query.get('q')).toBe('bo');
  });

  it('creates a user with a role and a first password', async () => {
    const seen = server((request) =>
      request.method === 'POST' && request.path === '/api/v1/users'
        ? json(200, {
            ...users[1],
            id: '0190a1b2-c3d4-7e5f-8a9b-000000000c0c',
            username: 'cyd',
            role: 'viewer',
          })
        : undefined,
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog', { name: 'New user' });
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'cyd' } });
    fireEvent.change(within(dialog).getByLabelText('Role'), { target: { value: 'viewer' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'first password' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat the password'), {
      target: { value: 'first password' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('Created cyd (Viewer).')).toBeTruthy();
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      username: 'cyd',
      password: 'first password',
      role: 'viewer',
    });
  });

  it('puts a taken name next to the name field', async () => {
    server((request) =>
      request.method === 'POST'
        ? json(409, { error: 'conflict', message: 'That username is taken.' })
        : undefined,
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = screen.getByRole('dialog', { name: 'New user' });
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'bob' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'first password' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat the password'), {
      target: { value: 'first password' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByText('That username is taken.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');

    // Opened again, the dialog starts empty: the last attempt's refusal is gone too.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'New user' }));
    const reopened = screen.getByRole('dialog', { name: 'New user' });
    expect(within(reopened).getByLabelText<HTMLInputElement>('Username').value).toBe('');
    expect(within(reopened).queryByText('That username is taken.')).toBeNull();
  });

  it('shows the refusal to delete the last administrator, and deletes nobody', async () => {
    const seen = server((request) =>
      request.method === 'DELETE' ? json(400, { error: 'bad_request', message: LAST_ADMIN }) : undefined,
    );
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete ada' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete ada?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete for good' }));
    expect(await within(dialog).findByText(LAST_ADMIN)).toBeTruthy();
    expect(seen.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      `/api/v1/users/${me.user.id}`,
    ]);
  });

  it('says why a role change was refused, and the role stays', async () => {
    const seen = server((request) =>
      request.method === 'PATCH' ? json(400, { error: 'bad_request', message: LAST_ADMIN }) : undefined,
    );
    renderPage();
    const role = await screen.findByLabelText<HTMLSelectElement>('Role of ada');
    fireEvent.change(role, { target: { value: 'editor' } });
    expect(await screen.findByText(LAST_ADMIN)).toBeTruthy();
    expect(seen.find((request) => request.method === 'PATCH')?.body).toEqual({ role: 'editor' });
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Role of ada').value).toBe('admin'));
  });

  it('disables someone only after a confirmation', async () => {
    const seen = server((request) =>
      request.method === 'PATCH' ? json(200, { ...users[1], disabled: true }) : undefined,
    );
    renderPage();
    const row = await screen.findByRole('row', { name: /bob/ });
    fireEvent.click(within(row).getByRole('button', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable bob?' });
    expect(seen.some((request) => request.method === 'PATCH')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByText('bob is disabled and was signed out everywhere.')).toBeTruthy();
    expect(seen.find((request) => request.method === 'PATCH')).toMatchObject({
      path: `/api/v1/users/${users[1]?.id}`,
      body: { disabled: true },
    });
  });
});
