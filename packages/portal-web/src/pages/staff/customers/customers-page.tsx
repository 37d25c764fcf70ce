// Staff console → Customers: every customer (a top-level access group with its customer number), found by
// part of its name or number, paged; platform operators also create customers here (domain.md §1).
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiClient } from '../../../api/api-context';
import { fetchCustomers, type CustomerSummary } from '../../../api/staff';
import { textOf } from '../../../forms/form-data';
import { StatusMessage } from '../../../forms/status-message';
import { formatDateTime } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';
import { PagedTable } from '../../paged-table';
import { customerPath, staffKeys, useStaffMay } from '../staff-queries';
import { CreateCustomerForm } from './create-customer-form';

const SEARCH_PARAM = 'q';

export function CustomersPage() {
  const { t, language } = useI18n();
  const client = useApiClient();
  const searchId = useId();
  const mayManage = useStaffMay('customers:manage');
  const [params, setParams] = useSearchParams();
  const [created, setCreated] = useState<CustomerSummary | null>(null);
  // In the URL, so a search survives a reload and the back button returns to it.
  const q = (params.get(SEARCH_PARAM) ?? '').trim();

  const customers = useInfiniteQuery({
    queryKey: staffKeys.customerSearch(q),
    queryFn: ({ pageParam }) => fetchCustomers(client, { q: q === '' ? undefined : q, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = textOf(new FormData(event.currentTarget), SEARCH_PARAM);
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next === '') updated.delete(SEARCH_PARAM);
      else updated.set(SEARCH_PARAM, next);
      return updated;
    });
  };

  return (
    <section>
      <h1>{t('menu.staff.customers')}</h1>
      {/* <search> is the landmark; Pico would restyle a role="search" form and pull its label inline. */}
      <search>
        <form onSubmit={onSearch}>
          <label htmlFor={searchId}>{t('staff.customers.search')}</label>
          <fieldset role="group">
            <input id={searchId} type="search" name={SEARCH_PARAM} defaultValue={q} maxLength={100} autoComplete="off" key={q} />
            <button type="submit">{t('staff.customers.searchSubmit')}</button>
          </fieldset>
        </form>
      </search>
      <StatusMessage text={created === null ? null : t('staff.customers.created', { name: created.name, number: created.customerNumber })} />
      {created !== null && (
        <p>
          <Link to={customerPath(created.id)}>{t('staff.customers.open', { name: created.name })}</Link>
        </p>
      )}
      <PagedTable query={customers} caption={q === '' ? t('menu.staff.customers') : t('staff.customers.resultsFor', { q })}>
        <thead>
          <tr>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('staff.customers.number')}</th>
            <th scope="col">{t('staff.customers.services')}</th>
            <th scope="col">{t('staff.customers.users')}</th>
            <th scope="col">{t('staff.customers.createdAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5}>{q === '' ? t('staff.customers.empty') : t('staff.customers.noMatch', { q })}</td>
            </tr>
          )}
          {rows.map((customer) => (
            <tr key={customer.id}>
              <th scope="row">
                <Link to={customerPath(customer.id)}>{customer.name}</Link>
              </th>
              <td>
                <code>{customer.customerNumber}</code>
              </td>
              <td>{customer.serviceCount}</td>
              <td>{customer.userCount}</td>
              <td>
                <time dateTime={customer.createdAt}>{formatDateTime(customer.createdAt, language)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
      {mayManage && (
<CreateCustomerForm onCreated={setCreated} />
      )}
    </section>
  );
}
