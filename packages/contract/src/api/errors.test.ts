import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ERROR_CODE_LIST,
  ERROR_CODES,
  errorEnvelope,
  errorEnvelopeSchema,
  errorMessage,
  errorStatus,
} from './errors.js';
import { LANGUAGES } from './language.js';

test('house rule 4 error envelope: every code has a Spanish and an English message', () => {
  for (const code of ERROR_CODE_LIST) {
    for (const language of LANGUAGES) {
      const text = errorMessage(code, language);
      assert.ok(text.trim().length > 0, `${code} has no ${language} message`);
    }
    // A copy-pasted English text in the Spanish slot (or vice versa) is a missing translation.
    assert.notEqual(errorMessage(code, 'es'), errorMessage(code, 'en'), `${code}: es and en are identical`);
  }
});

test('house rule 4 error envelope: codes are stable UPPER_SNAKE with an HTTP error status', () => {
  for (const code of ERROR_CODE_LIST) {
    assert.match(code, /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    const status = errorStatus(code);
    assert.ok(status >= 400 && status <= 599, `${code} → ${status}`);
  }
});

test('house rule 4 error envelope: the statuses the brief fixes', () => {
  const expected: Record<string, number> = {
    VALIDATION_FAILED: 400,
    MALFORMED_JSON: 400,
    UNAUTHENTICATED: 401,
    SIGNATURE_INVALID: 401,
    SIGNATURE_EXPIRED: 401,
    FORBIDDEN: 403,
    CSRF_FAILED: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    API_KEY_LIMIT: 409,
    ACCOUNT_LOCKED: 423,
    RATE_LIMITED: 429,
    INTERNAL: 500,
  };
  for (const [code, status] of Object.entries(expected)) {
    assert.ok(code in ERROR_CODES, `${code} missing`);
    assert.equal(errorStatus(code as keyof typeof ERROR_CODES), status, code);
  }
});

test('house rule 4 error envelope: built envelopes validate and carry the localised message', () => {
  const envelope = errorEnvelope({
    code: 'VALIDATION_FAILED',
    requestId: 'req-1',
    language: 'es',
    details: [{ pointer: '/name', message: 'Required' }],
  });
  assert.deepEqual(errorEnvelopeSchema.parse(envelope), envelope);
  assert.equal(envelope.error.message, ERROR_CODES.VALIDATION_FAILED.messages.es);
  assert.deepEqual(envelope.error.details, [{ pointer: '/name', message: 'Required' }]);
});

test('house rule 4 error envelope: details are omitted when empty', () => {
  const envelope = errorEnvelope({ code: 'INTERNAL', requestId: 'r', language: 'en', details: [] });
  assert.equal('details' in envelope.error, false);
  assert.equal(envelope.error.message, ERROR_CODES.INTERNAL.messages.en);
});

test('house rule 4 error envelope: the schema rejects unknown codes, extra fields and a missing request id', () => {
  const ok = { error: { code: 'NOT_FOUND', message: 'x', requestId: 'r' } };
  assert.equal(errorEnvelopeSchema.safeParse(ok).success, true);
  assert.equal(errorEnvelopeSchema.safeParse({ error: { ...ok.error, code: 'NOPE' } }).success, false);
  assert.equal(errorEnvelopeSchema.safeParse({ error: { ...ok.error, stack: 'at x' } }).success, false);
  assert.equal(errorEnvelopeSchema.safeParse({ error: { code: 'NOT_FOUND', message: 'x' } }).success, false);
  assert.equal(
    errorEnvelopeSchema.safeParse({ error: { ...ok.error, details: [{ pointer: '/a' }] } }).success,
    false,
  );
});
