import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { fieldOfPointer, splitProblems } from './field-errors';

describe('splitProblems', () => {
  const error = new ApiError({
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Invalid',
    details: [
      { pointer: '/email', message: 'Bad e-mail.' },
      { pointer: '/scids/1', message: 'Not yours.' },
      { pointer: '', message: 'Body problem.' },
    ],
  });

  it('puts each problem on the field its pointer names, and keeps the rest for the form alert', () => {
    const { fieldErrors, unplaced } = splitProblems(error, ['email', 'scids'] as const);
    expect(fieldErrors).toEqual({ email: 'Bad e-mail.', scids: 'Not yours.' });
    expect(unplaced).toEqual([{ pointer: '', message: 'Body problem.' }]);
  });

  it('keeps problems of fields the form does not have', () => {
    expect(splitProblems(error, ['name'] as const).unplaced).toHaveLength(3);
  });

  it('unescapes RFC 6901 tokens', () => {
    expect(fieldOfPointer('/a~1b~0c')).toBe('a/b~c');
    expect(fieldOfPointer('email')).toBeUndefined();
  });
});
