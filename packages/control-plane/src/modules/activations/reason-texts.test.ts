import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePrevious, encodePrevious } from './previous-state.js';
import { reasonText } from './reason-texts.js';

test('rollback reasons: in Spanish and English, with the edge’s problems or the deadline’s figures', () => {
  const refused = JSON.stringify({ problems: ['/properties/0/origin: bad'], elsewhere: 2 });
  assert.equal(reasonText('edge-refused', refused, 'en'), 'An edge refused the configuration and the previous state was restored. /properties/0/origin: bad 2 problem(s) outside this configuration.');
  assert.equal(reasonText('edge-refused', refused, 'es'), 'Un edge rechazó la configuración y se restauró el estado anterior. /properties/0/origin: bad 2 problema(s) fuera de esta configuración.');
  const deadline = JSON.stringify({ deadlineMs: 30_000, done: 1, total: 3 });
  assert.equal(reasonText('deadline', deadline, 'en'), 'Only 1 of 3 edges applied the configuration within 30 s and the previous state was restored.');
  assert.equal(reasonText('deadline', deadline, 'es'), 'Solo 1 de 3 edges aplicaron la configuración en 30 s y se restauró el estado anterior.');
  assert.equal(reasonText(null, null, 'en'), null);
  assert.match(reasonText('something-new', 'not json', 'es') ?? '', /se revirtió/);
});

test('previous state: what a rollback restores survives the text column exactly; anything else is refused', () => {
  const state = { slots: { staging: null, current: 2, candidate: { version: 3, percent: 5 } }, aliases: [{ alias: 'a.example', network: 'production' as const }] };
  assert.deepEqual(decodePrevious(encodePrevious(state)), state);
  assert.throws(() => decodePrevious('{"slots":{"current":"two"}}'), /not a slot state/);
});
