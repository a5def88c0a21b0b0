import { describe, expect, it } from 'vitest';
import type { Share } from '../api/types';
import {
  buildNewShare,
  buildShareUpdate,
  emptyShareForm,
  shareFormFrom,
  type ShareFormState,
} from './share-form';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const target = { type: 'media' as const, id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };

function form(patch: Partial<ShareFormState> = {}): ShareFormState {
  return { ...emptyShareForm(), ...patch };
}

function share(patch: Partial<Share> = {}): Share {
  return {
    id: '0190a1b2-c3d4-7e5f-8a9b-000000000001',
    target_type: 'media',
    target_id: target.id,
    target_name: 'photo',
    owner_id: 'owner',
    owner_username: 'ada',
    recipient_type: 'public_link',
    recipient_user_id: null,
    recipient_username: null,
    recipient_group_id: null,
    recipient_group_name: null,
    public_token: 'token',
    public_url: 'http://pinakes.test/s/token',
    has_password: false,
    permissions: {
      can_view: true,
      can_download: true,
      can_edit: false,
      can_delete: false,
      can_reshare: false,
      can_add: false,
    },
    note: null,
    expires_at: null,
    max_access_count: null,
    access_count: 0,
    last_accessed_at: null,
    status: 'active',
    inherit_to_children: true,
    parent_share_id: null,
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
    ...patch,
  };
}

describe('buildNewShare', () => {
  it('builds the smallest valid link body with the default permissions', () => {
    const result = buildNewShare(form(), target, NOW);
    expect(result).toEqual({
      ok: true,
      body: {
        target_type: 'media',
        target_id: target.id,
        recipient_type: 'public_link',
        permissions: {
          can_view: true,
          can_download: true,
          can_edit: false,
          can_delete: false,
          can_reshare: false,
          can_add: false,
        },
      },
    });
  });

  it('refuses a password shorter than 8 characters and accepts one of 8', () => {
    const short = buildNewShare(form({ passwordEnabled: true, password: 'seven77' }), target, NOW);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.errors.password).toMatch(/at least 8/);
    const good = buildNewShare(form({ passwordEnabled: true, password: 'eight888' }), target, NOW);
    expect(good.ok && good.body.password).toBe('eight888');
  });

  it('refuses a password longer than 256 characters', () => {
    const result = buildNewShare(form({ passwordEnabled: true, password: 'x'.repeat(257) }), target, NOW);
    expect(!result.ok && result.errors.password).toMatch(/at most 256/);
  });

  it('sends a preset expiry as hours and a chosen date as a future time', () => {
    const preset = buildNewShare(form({ expiry: '168' }), target, NOW);
    expect(preset.ok && preset.body.expires_in_hours).toBe(168);
    expect(preset.ok && preset.body.expires_at).toBeUndefined();
    const date = buildNewShare(form({ expiry: 'custom', expiryDate: '2026-12-24T18:00' }), target, NOW);
    expect(date.ok && date.body.expires_at).toBe(new Date('2026-12-24T18:00').toISOString());
  });

  it('refuses an expiry in the past or missing', () => {
    const past = buildNewShare(form({ expiry: 'custom', expiryDate: '2020-01-01T00:00' }), target, NOW);
    expect(!past.ok && past.errors.expiry).toMatch(/future/);
    const missing = buildNewShare(form({ expiry: 'custom', expiryDate: '' }), target, NOW);
    expect(!missing.ok && missing.errors.expiry).toMatch(/Pick/);
  });

  it('takes a use limit only as a whole number of at least 1', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', '']) {
      const result = buildNewShare(form({ limitUses: true, maxUses: bad }), target, NOW);
      expect(!result.ok && result.errors.maxUses, bad).toMatch(/whole number/);
    }
    const good = buildNewShare(form({ limitUses: true, maxUses: ' 5 ' }), target, NOW);
    expect(good.ok && good.body.max_access_count).toBe(5);
  });

  it('refuses a note over 2,000 characters and trims the rest', () => {
    const long = buildNewShare(form({ note: 'n'.repeat(2001) }), target, NOW);
    expect(!long.ok && long.errors.note).toMatch(/2000/);
    const fine = buildNewShare(form({ note: '  hello  ' }), target, NOW);
    expect(fine.ok && fine.body.note).toBe('hello');
  });

  it('needs a recipient for a person or a group', () => {
    const user = buildNewShare(form({ recipientType: 'user' }), target, NOW);
    expect(!user.ok && user.errors.recipient).toMatch(/person/);
    const group = buildNewShare(form({ recipientType: 'group' }), target, NOW);
    expect(!group.ok && group.errors.recipient).toMatch(/group/);
    const chosen = buildNewShare(
      form({ recipientType: 'user', recipient: { id: 'u1', name: 'bob' } }),
      target,
      NOW,
    );
    expect(chosen.ok && chosen.body.recipient_user_id).toBe('u1');
  });

  it('never sends rights a link cannot carry, nor password or use limit for people', () => {
    const all = {
      can_view: true,
      can_download: true,
      can_edit: true,
      can_delete: true,
      can_reshare: true,
      can_add: true,
    };
    const link = buildNewShare(form({ permissions: all }), { type: 'collection', id: target.id }, NOW);
    expect(link.ok && link.body.permissions).toEqual({
      ...all,
      can_edit: false,
      can_delete: false,
      can_reshare: false,
      can_add: false,
    });
    const person = buildNewShare(
      form({
        recipientType: 'user',
        recipient: { id: 'u1', name: 'bob' },
        permissions: all,
        passwordEnabled: true,
        password: 'whatever1',
        limitUses: true,
        maxUses: '3',
      }),
      { type: 'media', id: target.id },
      NOW,
    );
    expect(person.ok && person.body.permissions).toEqual({ ...all, can_add: false });
    expect(person.ok && person.body.password).toBeUndefined();
    expect(person.ok && person.body.max_access_count).toBeUndefined();
  });
});

describe('buildShareUpdate', () => {
  it('sends nothing when nothing changed', () => {
    const existing = share({
      expires_at: '2026-12-01T10:00:00.000Z',
      note: 'hi',
      max_access_count: 4,
      has_password: true,
    });
    expect(buildShareUpdate(existing, shareFormFrom(existing), NOW)).toEqual({ ok: true, body: {} });
  });

  it('sends only the changed permissions, note and limit', () => {
    const existing = share();
    const result = buildShareUpdate(
      existing,
      {
        ...shareFormFrom(existing),
        permissions: { ...existing.permissions, can_download: false },
        note: 'new',
        limitUses: true,
        maxUses: '2',
      },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      body: { permissions: { can_download: false }, note: 'new', max_access_count: 2 },
    });
  });

  it('clears a password, an expiry and a limit with null', () => {
    const existing = share({
      has_password: true,
      expires_at: '2026-12-01T10:00:00.000Z',
      max_access_count: 3,
    });
    const result = buildShareUpdate(
      existing,
      { ...shareFormFrom(existing), passwordEnabled: false, expiry: 'never', limitUses: false },
      NOW,
    );
    expect(result).toEqual({ ok: true, body: { password: null, expires_at: null, max_access_count: null } });
  });

  it('keeps an existing password when the field is left empty, replaces it when typed', () => {
    const existing = share({ has_password: true });
    expect(buildShareUpdate(existing, shareFormFrom(existing), NOW)).toEqual({ ok: true, body: {} });
    const typed = buildShareUpdate(existing, { ...shareFormFrom(existing), password: 'brand-new-pw' }, NOW);
    expect(typed).toEqual({ ok: true, body: { password: 'brand-new-pw' } });
  });

  it('refuses a use limit below the uses already made', () => {
    const existing = share({ access_count: 5, max_access_count: 10 });
    const result = buildShareUpdate(existing, { ...shareFormFrom(existing), maxUses: '3' }, NOW);
    expect(!result.ok && result.errors.maxUses).toMatch(/already used 5 times/);
  });
});
