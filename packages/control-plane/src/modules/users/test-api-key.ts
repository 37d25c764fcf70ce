// Test helper: an API key written straight to the database (the keys API is tested elsewhere), so the
// users, roles and mimic tests can call as a script would. Not a test file itself.
import type { TestApp } from '../../test-support/test-app.js';
import { hashSecret, newKeyMaterial, sealSecret } from '../api-keys/api-key-rules.js';

export async function createApiKey(t: TestApp, input: { groupId: string; roleId: string; name?: string }): Promise<{ keyId: string; secret: string }> {
  const { keyId, secret } = newKeyMaterial();
  const sealingKey = t.deps().secretKeys[0];
  if (sealingKey === undefined) throw new Error('the test app has no secret key');
  await t
    .db()
    .insertInto('api_keys')
    .values({
      id: keyId,
      access_group_id: input.groupId,
      role_id: input.roleId,
      name: input.name ?? 'deploy script',
      contact: 'ops@example.com',
      notes: '',
      secret_hash: hashSecret(secret),
      secret_sealed: sealSecret(secret, sealingKey, keyId),
      warned_at: null,
      status: 'active',
      last_used_at: null,
      created_at: t.clock.now,
      regenerated_at: null,
    })
    .execute();
  return { keyId, secret };
}
