// Staff console → one customer: its services (SCIDs), a form to add one, and its account team and TSC
// contacts, editable by staff who maintain them (domain.md §8: "staff maintain, customers see their own").
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiClient } from '../../../api/api-context';
import { fetchAccountTeam } from '../../../api/contacts';
import type { AccessGroupNode, AccountTeam, Service } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { countryName } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';
import { useAccessGroupTree, useServices } from '../../../scope/scope-queries';
import { adminKeys } from '../../admin/admin-queries';
import { ContactTable, type ContactRow } from '../../contacts/contact-table';
import { NotFoundPage } from '../../not-found-page';
import { useStaffMay } from '../staff-queries';
import { AccountTeamEditor } from './account-team-editor';
import { AddServiceForm } from './add-service-form';
import { TEAM_ROLES, memberOf } from './team-draft';

export function CustomerPage() {
  const { t } = useI18n();
  const { customerId = '' } = useParams();
  const tree = useAccessGroupTree();

  if (tree.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (tree.isError) return <ErrorNotice error={tree.error} />;
  // Customers are the top-level groups; a child group's id is not a customer.
  const customer = tree.data.find((group) => group.id === customerId && group.parentId === null);
  if (customer === undefined) return <NotFoundPage />;
  // Keyed: nothing typed for one customer may be saved to another.
  return <CustomerDetail key={customer.id} customer={customer} />;
}

function CustomerDetail({ customer }: { readonly customer: AccessGroupNode }) {
  const { t } = useI18n();
  const mayManage = useStaffMay('customers:manage');
  const mayViewLog = useStaffMay('audit-log:view');
  const [status, setStatus] = useState<string | null>(null);

  return (
    <section>
      <p>
        <Link to="/staff/customers">{t('staff.customer.back')}</Link>
      </p>
      <hgroup>
        <h1>{customer.name}</h1>
        <p>{customer.customerNumber === null ? customer.id : t('groups.customerNumber', { number: customer.customerNumber })}</p>
      </hgroup>
      {mayViewLog && (
        <p>
          <Link to={`/staff/audit-log?accessGroupId=${encodeURIComponent(customer.id)}`}>{t('staff.customer.changes')}</Link>
        </p>
      )}

      <h2>{t('services.title')}</h2>
      <StatusMessage text={status} />
      <ServicesTable customer={customer} />
      {mayManage && (
        <AddServiceForm
          customerId={customer.id}
          onCreated={(service) => setStatus(t('staff.services.created', { name: service.name, scid: service.scid }))}
        />
      )}

      <TeamSection customer={customer} />
    </section>
  );
}

function ServicesTable({ customer }: { readonly customer: AccessGroupNode }) {
  const { t } = useI18n();
  const services = useServices();
  if (services.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (services.isError) return <ErrorNotice error={services.error} />;
  const byScid = new Map(services.data.map((service): [string, Service] => [service.scid, service]));
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('staff.services.caption', { name: customer.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('services.scid')}</th>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('services.product')}</th>
          </tr>
        </thead>
        <tbody>
          {customer.scids.length === 0 && (
            <tr>
              <td colSpan={3}>{t('staff.services.empty')}</td>
            </tr>
          )}
          {customer.scids.map((scid) => {
            const service = byScid.get(scid);
            return (
              <tr key={scid}>
                <th scope="row">
                  <code>{scid}</code>
                </th>
                <td>{service?.name ?? '—'}</td>
                <td>{service?.product ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function TeamSection({ customer }: { readonly customer: AccessGroupNode }) {
  const { t } = useI18n();
  const client = useApiClient();
  const mayEdit = useStaffMay('contacts:manage');
  const team = useQuery({ queryKey: adminKeys.contacts(customer.id), queryFn: () => fetchAccountTeam(client, customer.id) });
  if (team.isPending) return <p aria-busy="true">{t('contacts.loading')}</p>;
  if (team.isError) return <ErrorNotice error={team.error} />;
  if (mayEdit) return <AccountTeamEditor customerId={customer.id} customerName={customer.name} team={team.data} />;
  return <TeamView team={team.data} />;
}

/** For staff who may look but not change: the same tables the customer sees on Contacts. */
function TeamView({ team }: { readonly team: AccountTeam }) {
  const { t, language } = useI18n();
  const rows: ContactRow[] = TEAM_ROLES.flatMap((role) => {
    const member = memberOf(team, role.id);
    return member === null ? [] : [{ key: role.id, first: t(role.labelKey), ...member }];
  });
  const tsc: ContactRow[] = team.tsc
    .map((contact) => ({ key: contact.country, first: countryName(contact.country, language), ...contact }))
    .sort((a, b) => a.first.localeCompare(b.first, language));
  return (
    <>
      <h2>{t('staff.team.title')}</h2>
      {rows.length === 0 ? <p>{t('contacts.none')}</p> : <ContactTable rows={rows} firstHeader={t('contacts.roleColumn')} />}
      <h3>{t('contacts.tsc')}</h3>
      {tsc.length === 0 ? <p>{t('contacts.none')}</p> : <ContactTable rows={tsc} firstHeader={t('contacts.country')} />}
    </>
  );
}
