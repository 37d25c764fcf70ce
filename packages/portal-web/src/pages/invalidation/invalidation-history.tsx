// The service's invalidation requests: the last 100 at a glance, newest first, then 100 more at a time
// (nextCursor), each with its progress; read again every 2 seconds while any shown request is open.
// Filters search the older ones: status, property, a path or tag containing some text, a date range.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { fetchInvalidations, isChanging, type Invalidation, type InvalidationFilters, type InvalidationStatus } from '../../api/invalidations';
import { SelectField } from '../../forms/select-field';
import { TextField } from '../../forms/text-field';
import { formatDateTime } from '../../i18n/format';
import type { Translate } from '../../i18n/i18n-context';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import { PagedTable } from '../paged-table';
import styles from './invalidation.module.css';
import { HISTORY_POLL_MS, invalidationKeys, invalidationPath } from './invalidation-queries';
import { InvalidationProgress, kindText, typeText } from './invalidation-status';

const STATUSES: readonly InvalidationStatus[] = ['pending', 'in-progress', 'complete'];
/** Items shown in a row before "and N more". */
const ITEMS_IN_ROW = 3;

export function statusName(status: InvalidationStatus, t: Translate): string {
  switch (status) {
    case 'pending':
      return t('invalidation.statusName.pending');
    case 'in-progress':
      return t('invalidation.statusName.inProgress');
    case 'complete':
      return t('invalidation.statusName.complete');
  }
}

/** The filter form's text, as typed (dates as the date inputs give them: YYYY-MM-DD). */
export interface FilterDraft {
  readonly status: string;
  readonly property: string;
  readonly contains: string;
  readonly from: string;
  readonly to: string;
}

const NO_FILTERS: FilterDraft = { status: '', property: '', contains: '', from: '', to: '' };

/** A calendar day in the reader's time zone, as the instant it starts; `days` later for an end bound. */
export function dayStart(date: string, days = 0): string | undefined {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  if (match === null) return undefined;
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

/** The query filters of the form: the "to" day is included, so the bound is the next day's start. */
export function filtersOf(draft: FilterDraft): InvalidationFilters {
  const status = STATUSES.find((s) => s === draft.status);
  const property = draft.property.trim().toLowerCase();
  const contains = draft.contains.trim();
  return {
    ...(status !== undefined ? { status } : {}),
    ...(property !== '' ? { property } : {}),
    ...(contains !== '' ? { contains } : {}),
    ...(dayStart(draft.from) !== undefined ? { from: dayStart(draft.from) } : {}),
    ...(dayStart(draft.to, 1) !== undefined ? { to: dayStart(draft.to, 1) } : {}),
  };
}

export interface InvalidationHistoryProps {
  readonly scid: string;
  /** The service's active properties, offered in the property filter. */
  readonly properties: readonly string[];
}

export function InvalidationHistory({ scid, properties }: InvalidationHistoryProps) {
  const { t } = useI18n();
  const client = useApiClient();
  const [filters, setFilters] = useState<InvalidationFilters>({});
  const history = useInfiniteQuery({
    queryKey: invalidationKeys.list(scid, filters),
    queryFn: ({ pageParam }) => fetchInvalidations(client, scid, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((row) => isChanging(row))) === true ? HISTORY_POLL_MS : false),
  });
  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <section className={styles.section} aria-labelledby="invalidation-history">
      <h2 id="invalidation-history">{t('invalidation.history.title')}</h2>
      <p>{t('invalidation.history.intro')}</p>
      <HistoryFilters properties={properties} onApply={setFilters} />
      <PagedTable query={history} caption={t('invalidation.history.caption', { scid })} moreLabel={t('invalidation.history.more')}>
        <thead>
          <tr>
            <th scope="col">{t('invalidation.history.when')}</th>
            <th scope="col">{t('invalidation.history.properties')}</th>
            <th scope="col">{t('invalidation.history.what')}</th>
            <th scope="col">{t('invalidation.history.type')}</th>
            <th scope="col">{t('invalidation.history.status')}</th>
            <th scope="col">{t('invalidation.history.by')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6}>{filtered ? t('invalidation.history.noMatch') : t('invalidation.history.empty')}</td>
            </tr>
          )}
          {rows.map((row) => (
            <HistoryRow key={row.id} invalidation={row} />
          ))}
        </tbody>
      </PagedTable>
    </section>
  );
}

function HistoryRow({ invalidation }: { readonly invalidation: Invalidation }) {
  const { t, language } = useI18n();
  const [params] = useSearchParams();
  const items = invalidation.kind === 'property' ? [] : invalidation.items.map((item) => item.value);
  const shown = items.slice(0, ITEMS_IN_ROW);
  return (
    <tr>
      <th scope="row">
        <Link to={{ pathname: invalidationPath(invalidation.id), search: scopeSearch(params) }}>
          <time dateTime={invalidation.createdAt}>{formatDateTime(invalidation.createdAt, language)}</time>
        </Link>
      </th>
      <td>{invalidation.properties.join(', ')}</td>
      <td>
        {kindText(invalidation.kind, t)}
        {shown.length > 0 && (
          <ul className={styles.items}>
            {shown.map((value, i) => (
              <li key={`${i} ${value}`} title={value}>
                <code>{value}</code>
              </li>
            ))}
            {items.length > shown.length && <li>{t('invalidation.history.moreItems', { count: items.length - shown.length })}</li>}
          </ul>
        )}
      </td>
      <td>{typeText(invalidation.type, t)}</td>
      <td>
        <InvalidationProgress invalidation={invalidation} />
      </td>
      <td>{invalidation.requestedBy}</td>
    </tr>
  );
}

function HistoryFilters({ properties, onApply }: { readonly properties: readonly string[]; readonly onApply: (filters: InvalidationFilters) => void }) {
  const { t } = useI18n();
  const headingId = useId();
  const listId = useId();
  const [draft, setDraft] = useState<FilterDraft>(NO_FILTERS);
  const [rangeProblem, setRangeProblem] = useState<string | undefined>(undefined);
  const set = (change: Partial<FilterDraft>) => setDraft((current) => ({ ...current, ...change }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const backwards = draft.from !== '' && draft.to !== '' && draft.to < draft.from;
    setRangeProblem(backwards ? t('invalidation.filters.range') : undefined);
    if (!backwards) onApply(filtersOf(draft));
  };

  const clear = () => {
    setDraft(NO_FILTERS);
    setRangeProblem(undefined);
    onApply({});
  };

  // Control names must not shadow the form's own members: one named "contains" would hide Node.contains
  // behind form.contains and break whatever calls it (assistive technology included).
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{t('invalidation.filters.title')}</h3>
      <div className={styles.filters}>
        <div>
          <SelectField
            name="status"
            label={t('invalidation.filters.status')}
            options={[{ value: '', label: t('invalidation.filters.anyStatus') }, ...STATUSES.map((s) => ({ value: s, label: statusName(s, t) }))]}
            value={draft.status}
            onChange={(e) => set({ status: e.target.value })}
          />
        </div>
        <div>
          <TextField
            name="property"
            label={t('invalidation.filters.property')}
            list={listId}
            autoComplete="off"
            value={draft.property}
            onChange={(e) => set({ property: e.target.value })}
          />
          <datalist id={listId}>
            {properties.map((alias) => (
              <option key={alias} value={alias} />
            ))}
          </datalist>
        </div>
        <div>
          <TextField name="containsText" label={t('invalidation.filters.contains')} autoComplete="off" maxLength={200} value={draft.contains} onChange={(e) => set({ contains: e.target.value })} />
        </div>
        <div>
          <TextField name="from" type="date" label={t('invalidation.filters.from')} value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div>
          <TextField name="to" type="date" label={t('invalidation.filters.to')} value={draft.to} onChange={(e) => set({ to: e.target.value })} error={rangeProblem} />
        </div>
      </div>
      <div className="actions">
        <button type="submit">{t('invalidation.filters.apply')}</button>
        <button type="button" className="secondary" onClick={clear}>
          {t('invalidation.filters.clear')}
        </button>
      </div>
    </form>
  );
}
