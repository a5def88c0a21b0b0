import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { describeAddError } from './collection-add';

const picked = [
  { id: 'a', name: 'beach.jpg' },
  { id: 'b', name: 'Holiday clip' },
];

describe('describing a refused addition to a collection', () => {
  it('names the items the server pointed at by position', () => {
    const error = new ApiError(400, 'bad_request', 'Only your own media can be added to a collection.', [
      { field: 'media_ids.1', message: 'is not a media item of yours' },
    ]);
    expect(describeAddError(error, picked)).toBe(
      'Only your own media can be added to a collection. “Holiday clip” is not a media item of yours.',
    );
  });

  it('keeps the server’s words when there is nothing to name', () => {
    const forbidden = new ApiError(403, 'forbidden', 'This share does not let you add to the collection.');
    expect(describeAddError(forbidden, picked)).toBe('This share does not let you add to the collection.');
  });

  it('falls back to the plain description for details it cannot place', () => {
    const odd = new ApiError(400, 'bad_request', 'Invalid request.', [
      { field: 'media_ids', message: 'must NOT have more than 500 items' },
    ]);
    expect(describeAddError(odd, picked)).toBe(
      'Invalid request. Media ids: must NOT have more than 500 items.',
    );
  });
});
