import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFrom, describeError } from './errors';

describe('API errors in words', () => {
  it('keeps the server message and names each invalid field', () => {
    const error = apiErrorFrom(new Response(null, { status: 400 }), {
      error: 'bad_request',
      message: 'The request is invalid.',
      details: [
        { field: 'password', message: 'must NOT have fewer than 8 characters' },
        { field: 'max_access_count', message: 'must be >= 1' },
      ],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(describeError(error)).toBe(
      'The request is invalid. Password: must NOT have fewer than 8 characters. Use limit: must be >= 1.',
    );
  });

  it('says when to try again after a 429', () => {
    const error = apiErrorFrom(new Response(null, { status: 429, headers: { 'retry-after': '120' } }), {
      error: 'rate_limited',
      message: 'Too many wrong passwords.',
    });
    expect(describeError(error)).toBe('Too many wrong passwords. Try again in 2 min.');
  });

  it('explains bodies that are not the API error shape', () => {
    expect(
      describeError(apiErrorFrom(new Response(null, { status: 502, statusText: 'Bad Gateway' }), null)),
    ).toMatch(/server ran into a problem/);
    expect(describeError(apiErrorFrom(new Response(null, { status: 413 }), 'too big'))).toMatch(/too large/);
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/Could not reach the server/);
  });
});
