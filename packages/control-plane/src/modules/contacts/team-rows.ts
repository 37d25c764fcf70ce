// The account team as staff send it → contact rows: one row per role held, one per TSC country.
import { randomUUID } from 'node:crypto';
import type { AccountTeamBody } from '@candela/contract';
import type { ContactKind, ContactRow } from '../../db/schema.js';

type Member = AccountTeamBody['accountManager'];

export function teamToRows(customerId: string, team: AccountTeamBody): ContactRow[] {
  const row = (kind: ContactKind, member: NonNullable<Member>, country: string | null): ContactRow => ({
    id: `con_${randomUUID()}`,
    access_group_id: customerId,
    kind,
    country,
    name: member.name,
    email: member.email,
    phone: member.phone,
    hours: member.hours,
  });
  const roles: [ContactKind, Member][] = [
    ['account_manager', team.accountManager],
    ['sales_engineer_data', team.salesEngineers.data],
    ['sales_engineer_data_center', team.salesEngineers.dataCenter],
    ['sales_engineer_voice', team.salesEngineers.voice],
    ['bcc', team.bcc],
  ];
  return [
    ...roles.flatMap(([kind, member]) => (member === null ? [] : [row(kind, member, null)])),
    ...team.tsc.map((contact) => row('tsc', contact, contact.country)),
  ];
}
