import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context';
import { PagedTable, type PagedQuery } from './paged-table';

/** A query that has its first page in and no more, changed by the test where it says otherwise. */
function query(overrides: Partial<PagedQuery> = {}): PagedQuery {
  return {
    isPending: false,
    isError: false,
    error: null,
    data: { pages: [] },
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: () => Promise.resolve(),
    ...overrides,
  };
}

const BODY = (
  <tbody>
    <tr>
      <td>a row</td>
    </tr>
  </tbody>
);

function renderTable(node: ReactNode) {
  return render(<I18nProvider initialLanguage="en">{node}</I18nProvider>);
}

describe('PagedTable', () => {
  it('says it is loading until the first page is in, with no table yet', () => {
    renderTable(
      <PagedTable query={query({ isPending: true, data: undefined })} caption="Things">
        {BODY}
      </PagedTable>,
    );
    expect(screen.getByText('Loading…').getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failed request as an alert', () => {
    renderTable(
      <PagedTable query={query({ isError: true, error: new TypeError('Failed to fetch'), data: undefined })} caption="Things">
        {BODY}
      </PagedTable>,
    );
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('names the table by its caption and offers no button when there is no next page', () => {
    renderTable(
      <PagedTable query={query()} caption="Things">
        {BODY}
      </PagedTable>,
    );
    expect(screen.getByRole('table', { name: 'Things' }).textContent).toContain('a row');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('leaves the caption out where the page gives none', () => {
    const { container } = renderTable(<PagedTable query={query()}>{BODY}</PagedTable>);
    expect(screen.getByRole('table')).toBeTruthy();
    expect(container.querySelector('caption')).toBeNull();
  });

  it('fetches the next page on "Load more", or on the page’s own label', () => {
    const fetchNextPage = vi.fn(() => Promise.resolve());
    const { rerender } = renderTable(
      <PagedTable query={query({ hasNextPage: true, fetchNextPage })} caption="Things">
        {BODY}
      </PagedTable>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);

    rerender(
      <I18nProvider initialLanguage="en">
        <PagedTable query={query({ hasNextPage: true, fetchNextPage })} caption="Things" moreLabel="Show 100 more">
          {BODY}
        </PagedTable>
      </I18nProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(2);
  });

  it('keeps the button busy and disabled while the next page is on its way', () => {
    renderTable(
      <PagedTable query={query({ hasNextPage: true, isFetchingNextPage: true })} caption="Things">
        {BODY}
      </PagedTable>,
    );
    const button = screen.getByRole('button', { name: 'Load more' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });
});
