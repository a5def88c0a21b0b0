import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSessionForTests, startSession } from '../api/session';
import { fakeServer, json, session } from '../test/fake-server';
import { AccountPage } from './AccountPage';

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AccountPage />
    </QueryClientProvider>,
  );
}

function fill(current: string, next: string, repeat = next) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('changing one’s own password', () => {
  beforeEach(() => {
    resetSessionForTests();
    startSession(session());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('says a wrong current password next to it, with one request and no token refresh', async () => {
    const seen = fakeServer((request) =>
      request.path === '/api/v1/auth/password'
        ? json(401, { error: 'unauthorized', message: 'The current password is wrong.' })
        : undefined,
    );
    renderPage();
    fill('not it', 'a brand new password');
    expect(await screen.findByText('The current password is wrong.')).toBeTruthy();
    expect(screen.getByLabelText('Current password').getAttribute('aria-invalid')).toBe('true');
    // A refresh and retry would count a second wrong guess against the throttle.
    expect(seen.map((request) => request.path)).toEqual(['/api/v1/auth/password']);
  });

  it('checks the new password before sending, then sends both', async () => {
    const seen = fakeServer((request) =>
      request.path === '/api/v1/auth/password' ? json(204, null) : undefined,
    );
    renderPage();
    fill('old password', 'short');
    expect(await screen.findByText('The password needs at least 8 characters.')).toBeTruthy();
    fill('old password', 'a brand new password', 'a brand new passwort');
    expect(await screen.findByText('The two passwords differ.')).toBeTruthy();
    fill('old password', 'old password');
    expect(await screen.findByText('Choose a password different from the current one.')).toBeTruthy();
    expect(seen).toEqual([]);

    fill('old password', 'a brand new password');
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]?.body).toEqual({ current_password: 'old password', new_password: 'a brand new password' });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Current password').value).toBe(''));
  });
});
