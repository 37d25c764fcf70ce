// A readable diff between two versions (issue 4): each change at its JSON pointer, added / removed /
// changed, with the value before and after.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApiClient } from '../../api/api-context';
import { fetchDiff, type Configuration, type ConfigurationDiff } from '../../api/configurations';
import { ErrorNotice } from '../../forms/error-notice';
import { SelectField } from '../../forms/select-field';
import { useI18n } from '../../i18n/i18n-context';
import styles from './caching.module.css';
import { cachingKeys } from './caching-queries';

type Change = ConfigurationDiff['changes'][number];

export interface DiffViewProps {
  readonly configuration: Configuration;
  /** The version in the editor: compared with the one before it unless the user picks others. */
  readonly viewed: number;
}

export function DiffView({ configuration, viewed }: DiffViewProps) {
  const { t } = useI18n();
  const client = useApiClient();
  const latest = configuration.latestVersion;
  const [from, setFrom] = useState(String(Math.max(1, viewed - 1)));
  const [to, setTo] = useState(String(viewed));
  const [compared, setCompared] = useState<{ readonly from: number; readonly to: number } | null>(null);
  const diff = useQuery({
    queryKey: cachingKeys.diff(configuration.id, compared?.from ?? 0, compared?.to ?? 0),
    queryFn: () => fetchDiff(client, configuration.id, compared?.from ?? 0, compared?.to ?? 0),
    enabled: compared !== null,
    // Two saved versions differ the same way forever.
    staleTime: Infinity,
  });

  if (latest < 2) return <p>{t('caching.diff.onlyOne')}</p>;

  const options = Array.from({ length: latest }, (_, i) => ({ value: String(latest - i), label: t('caching.activation.versionOption', { version: latest - i }) }));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCompared({ from: Number(from), to: Number(to) });
  };

  return (
    <>
      <h3>{t('caching.diff.title')}</h3>
      <form onSubmit={onSubmit} className={styles.inline} aria-label={t('caching.diff.title')}>
        <div>
          <SelectField name="from" label={t('caching.diff.from')} options={options} value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div>
          <SelectField name="to" label={t('caching.diff.to')} options={options} value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div>
          <button type="submit" className="secondary">
            {t('caching.diff.submit')}
          </button>
        </div>
      </form>
      {compared !== null && diff.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {diff.isError && <ErrorNotice error={diff.error} />}
      {diff.data !== undefined && <DiffTable diff={diff.data} />}
    </>
  );
}

export function DiffTable({ diff }: { readonly diff: ConfigurationDiff }) {
  const { t } = useI18n();
  if (diff.changes.length === 0) return <p role="status">{t('caching.diff.none', { from: diff.from, to: diff.to })}</p>;
  const opText = (op: Change['op']) => t(op === 'add' ? 'caching.diff.add' : op === 'remove' ? 'caching.diff.remove' : 'caching.diff.replace');
  return (
    <div className="table-scroll">
      <table>
        <caption>{t('caching.diff.caption', { from: diff.from, to: diff.to, count: diff.changes.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caching.diff.where')}</th>
            <th scope="col">{t('caching.diff.change')}</th>
            <th scope="col">{t('caching.diff.before')}</th>
            <th scope="col">{t('caching.diff.after')}</th>
          </tr>
        </thead>
        <tbody>
          {diff.changes.map((change) => (
            <tr key={`${change.op} ${change.pointer}`}>
              <th scope="row">
                <code className={styles.pointer}>{change.pointer === '' ? '/' : change.pointer}</code>
              </th>
              <td>{opText(change.op)}</td>
              <td>{change.op === 'add' ? '—' : <DiffValue value={change.before} />}</td>
              <td>{change.op === 'remove' ? '—' : <DiffValue value={change.after} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DiffValue({ value }: { readonly value: unknown }) {
  if (value === undefined) return <>—</>;
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  return typeof value === 'object' && value !== null ? <pre className={styles.value}>{text}</pre> : <code>{text}</code>;
}
