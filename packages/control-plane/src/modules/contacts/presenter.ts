// Contact rows → the contract's AccountTeam (house rule 6).
import type { AccountTeam, TeamMember } from '@candela/contract';
import { TSC_DEFAULT_HOURS } from '@candela/contract';
import type { ContactKind, ContactRow } from '../../db/schema.js';

function member(rows: readonly ContactRow[], kind: ContactKind): TeamMember | null {
  // One per role is what PUT writes; should older data hold two, the first (by id) is shown.
  const row = rows.find((r) => r.kind === kind);
  return row === undefined ? null : { name: row.name, email: row.email, phone: row.phone, hours: row.hours };
}

export function presentAccountTeam(customerId: string, rows: readonly ContactRow[]): AccountTeam {
  return {
    customerId,
    accountManager: member(rows, 'account_manager'),
    salesEngineers: {
      data: member(rows, 'sales_engineer_data'),
      dataCenter: member(rows, 'sales_engineer_data_center'),
      voice: member(rows, 'sales_engineer_voice'),
    },
    bcc: member(rows, 'bcc'),
    tsc: rows
      .filter((r) => r.kind === 'tsc' && r.country !== null && r.phone !== null)
      .map((r) => ({ country: r.country ?? '', name: r.name, email: r.email, phone: r.phone ?? '', hours: r.hours ?? TSC_DEFAULT_HOURS }))
      .sort((a, b) => a.country.localeCompare(b.country)),
  };
}
