// Password hashing with argon2id (issue 3: "Passwords hashed with argon2id").
import { argon2id, hash, needsRehash, verify } from 'argon2';

// OWASP Password Storage Cheat Sheet, argon2id: 19 MiB of memory, 2 iterations, 1 lane. About 20-40 ms
// per hash here, which keeps sign-in quick while making offline guessing expensive; sign-in is also rate
// limited, so a higher cost would buy little and slow every test and every demo start.
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Unicode NFC before hashing: the same password typed on another device may arrive with "ñ" or "é" as
 * one code point or as a letter plus a combining mark, and must still match (RFC 8265 §4.2 does the same).
 */
function normalise(password: string): string {
  return password.normalize('NFC');
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalise(password), { ...PARAMETERS, type: argon2id });
}

/**
 * False for a wrong password, and for a stored value that is not an argon2 hash at all (a user who was
 * invited but never set a password). A corrupt argon2 hash still throws: that is a fault to see, not a
 * wrong password.
 */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith('$argon2')) return false;
  return verify(storedHash, normalise(password));
}

/** True when a hash was made with other parameters: re-hash it at the next successful sign-in. */
export function passwordNeedsRehash(storedHash: string): boolean {
  return needsRehash(storedHash, PARAMETERS);
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real check and answers false. Sign-in calls it when the e-mail is unknown,
 * so response time does not reveal which addresses have accounts.
 */
export async function verifyPasswordOfUnknownUser(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nobody');
  await verify(await decoy, normalise(password));
  return false;
}
