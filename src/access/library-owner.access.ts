import { forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';

/**
 * Viewers see only what is shared with them, so building a library of one's own (collections
 * of one's media) takes an editor or an administrator.
 */
export function requireLibraryOwner(principal: Principal, what: string): void {
  if (principal.role === 'viewer') throw forbidden(`Viewers cannot create ${what}.`);
}
