import type { Role } from '../api/types';

/** The server's rules for names and passwords, checked here first so mistakes are said at once. */
export const USERNAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const ROLES: ReadonlyArray<{ value: Role; label: string; hint: string }> = [
  { value: 'viewer', label: 'Viewer', hint: 'Sees what others share with them.' },
  { value: 'editor', label: 'Editor', hint: 'Uploads, organises and shares their own media.' },
  { value: 'admin', label: 'Administrator', hint: 'An editor who also manages users and groups.' },
];

export function roleLabel(role: Role): string {
  return ROLES.find((option) => option.value === role)?.label ?? role;
}

export function usernameProblem(username: string): string | null {
  return USERNAME_RULE.test(username.trim())
    ? null
    : 'Use letters, digits, dots, dashes or underscores (up to 64), starting with a letter or digit.';
}

export interface NewPasswordProblems {
  password?: string;
  repeat?: string;
}

/** A new password and its repetition: long enough, not too long, typed the same twice. */
export function newPasswordProblems(password: string, repeat: string): NewPasswordProblems {
  if (password.length < PASSWORD_MIN)
    return { password: `The password needs at least ${PASSWORD_MIN} characters.` };
  if (password.length > PASSWORD_MAX)
    return { password: `The password may have at most ${PASSWORD_MAX} characters.` };
  if (password !== repeat) return { repeat: 'The two passwords differ.' };
  return {};
}
