// Paged lists (docs/api.md "Conventions"): `?limit=` (default 50, at most 200) and an opaque `?cursor=`
// taken from the previous page's `nextCursor`, which is null on the last page. Keyset paging, so a page
// neither repeats nor skips rows when new ones arrive while a client walks the list.
import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** The query parameters every paged list accepts; spread into a list's own query schema. */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  /** Opaque: only ever a nextCursor this API returned for the same list and filters. */
  cursor: z.string().min(1).max(500).optional(),
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
