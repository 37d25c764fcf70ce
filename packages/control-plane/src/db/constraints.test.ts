// The integrity rules hold on both databases and are reported the same way (errors.ts), so repositories
// can rely on them: unique keys, foreign keys (SQLite only enforces them with PRAGMA foreign_keys = ON),
// the CHECK constraints of the migration, and NOT NULL primary keys.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { constraintViolation, describeError } from './errors.js';
import type { ConstraintKind } from './errors.js';
import { forEachDatabase } from './test-databases.js';

const T = 1_764_312_000_000;

/** The constraint a rejected write broke; fails the test if the write succeeded. */
async function violation(write: Promise<unknown>): Promise<ConstraintKind | undefined> {
  try {
    await write;
  } catch (error) {
    return constraintViolation(error);
  }
  assert.fail('the write was accepted');
}

const user = (id: string, email: string) =>
  ({ id, email, display_name: id, language: 'en', status: 'active', created_at: T }) as const;

forEachDatabase('constraints', ({ db }) => {
  before(async () => {
    await db()
      .insertInto('access_groups')
      .values([
        { id: 'ag-a', parent_id: null, name: 'A', customer_number: '100', created_at: T },
        { id: 'ag-a1', parent_id: 'ag-a', name: 'A1', customer_number: null, created_at: T },
      ])
      .execute();
    await db().insertInto('services').values({ scid: 'AAAAAAAA1', access_group_id: 'ag-a', name: 's', product: 'cdn', created_at: T }).execute();
    await db().insertInto('users').values(user('u-1', 'one@a.example')).execute();
    await db().insertInto('roles').values({ id: 'admin', access_group_id: null, name: 'Admin', built_in: 1, permissions: '[]' }).execute();
    await db().insertInto('user_roles').values({ user_id: 'u-1', access_group_id: 'ag-a', role_id: 'admin' }).execute();
  });

  it('a customer number belongs to one top-level group; groups without one do not clash', async () => {
    const again = db().insertInto('access_groups').values({ id: 'ag-b', parent_id: null, name: 'B', customer_number: '100', created_at: T });
    assert.equal(await violation(again.execute()), 'unique');
    await db()
      .insertInto('access_groups')
      .values([
        { id: 'ag-staff', parent_id: null, name: 'Operator', customer_number: null, created_at: T },
        { id: 'ag-a2', parent_id: 'ag-a', name: 'A2', customer_number: null, created_at: T },
      ])
      .execute();
  });

  it('a child group cannot carry a customer number', async () => {
    const child = db().insertInto('access_groups').values({ id: 'ag-a3', parent_id: 'ag-a', name: 'A3', customer_number: '101', created_at: T });
    assert.equal(await violation(child.execute()), 'check');
  });

  it('an e-mail address is taken once, and only its lower-case form is stored', async () => {
    assert.equal(await violation(db().insertInto('users').values(user('u-2', 'one@a.example')).execute()), 'unique');
    assert.equal(await violation(db().insertInto('users').values(user('u-3', 'One@A.example')).execute()), 'check');
  });

  it('an SCID is unique and has 9 upper-case alphanumerics', async () => {
    const service = (scid: string) =>
      db().insertInto('services').values({ scid, access_group_id: 'ag-a', name: 's', product: 'cdn', created_at: T }).execute();
    assert.equal(await violation(service('AAAAAAAA1')), 'unique');
    for (const bad of ['AAAAAAAA', 'AAAAAAAA12', 'aaaaaaaa1', 'AAAA-AAA1', 'AAAAAAAÑ1']) {
      assert.equal(await violation(service(bad)), 'check', bad);
    }
  });

  it('enumerations and the built-in flag are checked', async () => {
    const status = sql`insert into users (id, email, display_name, language, status, created_at)
      values ('u-4', 'four@a.example', 'x', 'en', 'sleeping', ${T})`;
    assert.equal(await violation(status.execute(db())), 'check');
    const staff = sql`insert into users (id, email, display_name, language, status, staff_role, created_at)
      values ('u-5', 'five@a.example', 'x', 'en', 'active', 'janitor', ${T})`;
    assert.equal(await violation(staff.execute(db())), 'check');
    const builtInWithGroup = db().insertInto('roles').values({ id: 'r-x', access_group_id: 'ag-a', name: 'X', built_in: 1, permissions: '[]' });
    assert.equal(await violation(builtInWithGroup.execute()), 'check');
    const customWithoutGroup = db().insertInto('roles').values({ id: 'r-y', access_group_id: null, name: 'Y', built_in: 0, permissions: '[]' });
    assert.equal(await violation(customWithoutGroup.execute()), 'check');
  });

  it('a text primary key cannot be NULL (SQLite would allow it unless told)', async () => {
    const nullId = sql`insert into access_groups (id, name, created_at) values (null, 'n', ${T})`;
    assert.equal(await violation(nullId.execute(db())), 'not_null');
  });

  it('references to missing rows are rejected', async () => {
    const orphanService = db().insertInto('services').values({ scid: 'BBBBBBBB1', access_group_id: 'ag-none', name: 's', product: 'cdn', created_at: T });
    assert.equal(await violation(orphanService.execute()), 'foreign_key');
    const orphanGrant = db().insertInto('user_roles').values({ user_id: 'u-none', access_group_id: 'ag-a', role_id: 'admin' });
    assert.equal(await violation(orphanGrant.execute()), 'foreign_key');
    const orphanChild = db().insertInto('access_groups').values({ id: 'ag-x', parent_id: 'ag-none', name: 'X', customer_number: null, created_at: T });
    assert.equal(await violation(orphanChild.execute()), 'foreign_key');
  });

  it('rows still referenced cannot be deleted: a group with services, a role someone holds', async () => {
    assert.equal(await violation(db().deleteFrom('access_groups').where('id', '=', 'ag-a').execute()), 'foreign_key');
    assert.equal(await violation(db().deleteFrom('roles').where('id', '=', 'admin').execute()), 'foreign_key');
  });

  it("deleting a user removes their sessions and role grants, not the audit log's mention of them", async () => {
    await db().insertInto('users').values(user('u-gone', 'gone@a.example')).execute();
    await db().insertInto('sessions').values({ id: 'h1', user_id: 'u-gone', mimic_user_id: null, csrf_token: 'c', created_at: T, expires_at: T + 1 }).execute();
    await db().insertInto('user_roles').values({ user_id: 'u-gone', access_group_id: 'ag-a', role_id: 'admin' }).execute();
    await db()
      .insertInto('audit_log')
      .values({ id: 'a-gone', at: T, actor_user_id: 'u-gone', acting_as_user_id: null, api_key_id: null, access_group_id: 'ag-a', action: 'x', target_type: 'user', target_id: 'u-gone', before_json: null, after_json: null, request_id: 'r' })
      .execute();
    await db().deleteFrom('users').where('id', '=', 'u-gone').execute();
    assert.deepEqual(await db().selectFrom('sessions').select('id').where('user_id', '=', 'u-gone').execute(), []);
    assert.deepEqual(await db().selectFrom('user_roles').select('role_id').where('user_id', '=', 'u-gone').execute(), []);
    assert.deepEqual(await db().selectFrom('audit_log').select('actor_user_id').where('id', '=', 'a-gone').execute(), [{ actor_user_id: 'u-gone' }]);
  });
});

describe('constraintViolation', () => {
  it('knows the SQLite and PostgreSQL codes and nothing else', () => {
    assert.equal(constraintViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }), 'unique');
    assert.equal(constraintViolation({ code: '23503' }), 'foreign_key');
    assert.equal(constraintViolation({ code: 'SQLITE_BUSY' }), undefined);
    assert.equal(constraintViolation({ code: 23505 }), undefined);
    assert.equal(constraintViolation(new Error('boom')), undefined);
    assert.equal(constraintViolation(null), undefined);
    assert.equal(constraintViolation('23505'), undefined);
  });
});

describe('describeError', () => {
  it('uses the code when the message is empty, as for a refused connection', () => {
    assert.equal(describeError(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' })), 'ECONNREFUSED');
    assert.equal(describeError(new Error('no such host')), 'no such host');
    assert.equal(describeError(new TypeError('')), 'TypeError');
    assert.equal(describeError('plain'), 'plain');
  });
});
