// Runs before every test file: unmount what a test rendered (testing-library only does it by itself when
// the runner exposes a global afterEach, and these tests import theirs explicitly).
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
