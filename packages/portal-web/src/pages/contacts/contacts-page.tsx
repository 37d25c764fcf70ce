// Contacts: the customer's account team and the 24×7 TSC contacts per country (domain.md §8).
import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { fetchAccountTeam } from '../../api/contacts';
import type { AccessGroupNode, AccountTeam, TeamMember } from '../../api/types';
import { ErrorNotice } from '../../forms/error-notice';
import { countryName } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/messages';
import { adminKeys } from '../admin/admin-queries';
import { ScopedPage } from '../scoped-page';
import { ContactTable, type ContactRow } from './contact-table';

/** The account team in the order a customer looks for them: their manager first. */
function teamRows(team: AccountTeam): { readonly roleKey: MessageKey; readonly member: TeamMember | null }[] {
  return [
    { roleKey: 'contacts.role.accountManager', member: team.accountManager },
    { roleKey: 'contacts.role.seData', member: team.salesEngineers.data },
    { roleKey: 'contacts.role.seDataCenter', member: team.salesEngineers.dataCenter },
    { roleKey: 'contacts.role.seVoice', member: team.salesEngineers.voice },
    { roleKey: 'contacts.role.bcc', member: team.bcc },
  ];
}

export function ContactsPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('contacts.title')}>{(group) => <ContactsPanel group={group} />}</ScopedPage>;
}

function ContactsPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const query = useQuery({ queryKey: adminKeys.contacts(group.id), queryFn: () => fetchAccountTeam(client, group.id) });
  if (query.isPending) return <p aria-busy="true">{t('contacts.loading')}</p>;
  if (query.isError) return <ErrorNotice error={query.error} />;

  const team: ContactRow[] = teamRows(query.data).flatMap(({ roleKey, member }) =>
    member === null ? [] : [{ key: roleKey, first: t(roleKey), ...member }],
  );
  // Sorted by the country's name in the reader's language, not by its code.
  const tsc: ContactRow[] = query.data.tsc
    .map((contact) => ({ key: contact.country, first: countryName(contact.country, language), ...contact }))
    .sort((a, b) => a.first.localeCompare(b.first, language));

  return (
    <>
      <h2>{t('contacts.team')}</h2>
      {team.length === 0 ? <p>{t('contacts.none')}</p> : <ContactTable rows={team} firstHeader={t('contacts.roleColumn')} />}
      <h2>{t('contacts.tsc')}</h2>
      <p>{t('contacts.tscIntro')}</p>
      {tsc.length === 0 ? <p>{t('contacts.none')}</p> : <ContactTable rows={tsc} firstHeader={t('contacts.country')} />}
    </>
  );
}
