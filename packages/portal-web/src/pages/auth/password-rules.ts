// The client-side check of a new password, so the user hears about a short or mistyped one before a
// round trip. The server checks again; its answer wins.
import type { MessageKey } from '../../i18n/messages';

export const MIN_PASSWORD_LENGTH = 12;

export interface PasswordProblems {
  readonly password?: MessageKey;
  readonly confirm?: MessageKey;
}

export function checkNewPassword(password: string, confirm: string): PasswordProblems {
  // Counted in code points, as a user counts characters (an emoji is one, not two UTF-16 units).
  const tooShort = [...password].length < MIN_PASSWORD_LENGTH;
  return {
    ...(tooShort ? { password: 'setPassword.tooShort' as const } : {}),
    ...(password !== confirm ? { confirm: 'setPassword.mismatch' as const } : {}),
  };
}
