import { describe, expect, it } from 'vitest';
import {
  accessSummary,
  DEFAULT_PERMISSIONS,
  permissionAvailability,
  permissionSummary,
  recipientLabel,
  shareStatus,
} from './permissions';

const none = {
  can_view: false,
  can_download: false,
  can_edit: false,
  can_delete: false,
  can_reshare: false,
  can_add: false,
};

describe('permission display', () => {
  it('summarises granted permissions in reading order', () => {
    expect(permissionSummary({ ...none, can_view: true })).toBe('View only');
    expect(permissionSummary(DEFAULT_PERMISSIONS)).toBe('View and download');
    expect(
      permissionSummary({ ...none, can_view: true, can_download: true, can_edit: true, can_reshare: true }),
    ).toBe('View, download, edit and reshare');
    expect(permissionSummary(none)).toBe('No access');
  });

  it('offers links only view and download, and "add" only on collections', () => {
    expect(permissionAvailability('can_download', 'public_link', 'media').available).toBe(true);
    expect(permissionAvailability('can_edit', 'public_link', 'media')).toEqual({
      available: false,
      reason: 'Public links can only view and download.',
    });
    expect(permissionAvailability('can_edit', 'user', 'media').available).toBe(true);
    expect(permissionAvailability('can_add', 'user', 'media').available).toBe(false);
    expect(permissionAvailability('can_add', 'group', 'collection').available).toBe(true);
    expect(permissionAvailability('can_view', 'user', 'collection').available).toBe(false);
  });

  it('names status, uses and recipients in words', () => {
    expect(shareStatus({ status: 'active' })).toEqual({ label: 'Active', tone: 'ok' });
    expect(shareStatus({ status: 'expired' }).label).toBe('Expired');
    expect(shareStatus({ status: 'exhausted' }).label).toBe('Used up');
    expect(accessSummary({ access_count: 0, max_access_count: null })).toBe('Not opened yet');
    expect(accessSummary({ access_count: 1, max_access_count: null })).toBe('1 open');
    expect(accessSummary({ access_count: 3, max_access_count: 10 })).toBe('3 of 10 uses');
    expect(
      recipientLabel({ recipient_type: 'public_link', recipient_username: null, recipient_group_name: null }),
    ).toBe('Anyone with the link');
    expect(
      recipientLabel({ recipient_type: 'user', recipient_username: 'bob', recipient_group_name: null }),
    ).toBe('bob');
    expect(
      recipientLabel({ recipient_type: 'group', recipient_username: null, recipient_group_name: 'family' }),
    ).toBe('Group family');
  });
});
