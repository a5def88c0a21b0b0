import { describe, expect, it } from 'vitest';
import { newPasswordProblems, roleLabel, usernameProblem } from './account-rules';

describe('account rules checked before sending', () => {
  it('asks for 8 to 256 characters, typed the same twice', () => {
    expect(newPasswordProblems('short', 'short')).toEqual({
      password: 'The password needs at least 8 characters.',
    });
    expect(newPasswordProblems('x'.repeat(257), 'x'.repeat(257)).password).toMatch(/at most 256/);
    expect(newPasswordProblems('long enough', 'long enougH')).toEqual({
      repeat: 'The two passwords differ.',
    });
    expect(newPasswordProblems('long enough', 'long enough')).toEqual({});
  });

  it('takes the server’s username pattern', () => {
    expect(usernameProblem('bob.smith-2')).toBeNull();
    expect(usernameProblem(' bob ')).toBeNull();
    expect(usernameProblem('.bob')).not.toBeNull();
    expect(usernameProblem('bob smith')).not.toBeNull();
    expect(usernameProblem('b'.repeat(65))).not.toBeNull();
  });

  it('names roles for people', () => {
    expect(roleLabel('admin')).toBe('Administrator');
    expect(roleLabel('viewer')).toBe('Viewer');
  });
});
