// One table for both the account team and the TSC list: the first column says who (role or country).
import { useI18n } from '../../i18n/i18n-context';

export interface ContactRow {
  readonly key: string;
  readonly first: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly hours: string | null;
}

/** The server stores E.164 ("+541140001234"); tel: links take it as is. */
function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

export function ContactTable({ rows, firstHeader }: { readonly rows: readonly ContactRow[]; readonly firstHeader: string }) {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{firstHeader}</th>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('field.email')}</th>
            <th scope="col">{t('contacts.phone')}</th>
            <th scope="col">{t('contacts.hours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.first}</th>
              <td>{row.name}</td>
              <td>
                <a href={`mailto:${row.email}`}>{row.email}</a>
              </td>
              <td>{row.phone === null ? '—' : <a href={telHref(row.phone)}>{row.phone}</a>}</td>
              <td>{row.hours ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
