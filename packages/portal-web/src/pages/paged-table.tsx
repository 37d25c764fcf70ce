// The frame of a table read a page at a time (an infinite query): the loading and error states, the table
// once the first page is in, and the button for the next page. Each page keeps its own columns and rows;
// this keeps the states and the paging the same everywhere, so a fix to one (say, the busy button) is made once.
import type { ReactNode } from 'react';
import { ErrorNotice } from '../forms/error-notice';
import { useI18n } from '../i18n/i18n-context';

/** What the frame needs of the query: the part of TanStack's infinite query result it reads. */
export interface PagedQuery {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly error: unknown;
  readonly data: unknown;
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly fetchNextPage: () => Promise<unknown>;
}

export interface PagedTableProps {
  readonly query: PagedQuery;
  /** The table's name for screen readers (visually hidden: the heading above says it to the eye). */
  readonly caption?: string;
  /** The next-page button's text, where a page says more than the usual "Load more". */
  readonly moreLabel?: string;
  /** The table's <thead> and <tbody>, shown once the first page is in. */
  readonly children: ReactNode;
}

export function PagedTable({ query, caption, moreLabel, children }: PagedTableProps) {
  const { t } = useI18n();
  return (
    <>
      {query.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {query.isError && <ErrorNotice error={query.error} />}
      {query.data !== undefined && (
        <div className="table-scroll">
          <table>
            {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
            {children}
          </table>
        </div>
      )}
      {query.hasNextPage && (
        // Disabled while a page is on its way: a second click would ask for the same page again.
        <button
          type="button"
          className="secondary"
          onClick={() => void query.fetchNextPage()}
          aria-busy={query.isFetchingNextPage}
          disabled={query.isFetchingNextPage}
        >
          {moreLabel ?? t('common.loadMore')}
        </button>
      )}
    </>
  );
}
