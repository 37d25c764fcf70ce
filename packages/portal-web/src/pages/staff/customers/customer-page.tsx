// Staff console → one customer: its services (SCIDs), a form to add one, and its account team and TSC
// contacts, editable by staff who maintain them (domain.md §8: "staff maintain, customers see their own").
// All of it comes from GET /staff/customers/{id}, for this customer alone: the page never loads every
// customer's tree and services to show one (the server records the read in the customer's audit log).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import { fetchCustomer, type CustomerDetail } from '../../../api/staff';
import type { AccountTeam, Service } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { countryName } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';
import { ContactTable, type ContactRow } from '../../contacts/contact-table';
import { NotFoundPage } from '../../not-found-page';
import { staffKeys, useStaffMay } from '../staff-queries';
import { AccountTeamEditor } from './account-team-editor';
import { AddServiceForm } from './add-service-form';
import { TEAM_ROLES, memberOf } from './team-draft';

export function CustomerPage() {
  const { t } = useI18n();
  const { customerId = '' } = useParams();
  const client = useApiClient();
  const customer = useQuery({ queryKey: staffKeys.customer(customerId), queryFn: () => fetchCustomer(client, customerId) });

  if (customer.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  // Customers are the top-level groups: the server answers 404 for a child group's id as for an unknown one.
  if (customer.isError) return toApiError(customer.error).status === 404 ? <NotFoundPage /> : <ErrorNotice error={customer.error} />;
  // Keyed: nothing typed for one customer may be saved to another.
  return <CustomerView key={customer.data.id} customer={customer.data} />;
}

function CustomerView({ customer }: { readonly customer: CustomerDetail }) {
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
        <p>{customer.customerNumber === '' ? customer.id : t('groups.customerNumber', { number: customer.customerNumber })}</p>
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

function ServicesTable({ customer }: { readonly customer: CustomerDetail }) {
  const { t } = useI18n();
  const byScid = new Map(customer.services.map((service): [string, Service] => [service.scid, service]));
  const scids = customer.group.scids;
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
          {scids.length === 0 && (
            <tr>
              <td colSpan={3}>{t('staff.services.empty')}</td>
            </tr>
          )}
          {scids.map((scid) => {
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

function TeamSection({ customer }: { readonly customer: CustomerDetail }) {
  const mayEdit = useStaffMay('contacts:manage');
  if (mayEdit) return <AccountTeamEditor customerId={customer.id} customerName={customer.name} team={customer.team} />;
  return <TeamView team={customer.team} />;
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
