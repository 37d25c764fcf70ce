// The staff console is not there at all for customers: same answer as an unknown page.
import type { ReactNode } from 'react';
import { NotFoundPage } from '../pages/not-found-page';
import { useSession } from './session-queries';

export function RequireStaff({ children }: { readonly children: ReactNode }) {
  return useSession().staffRole === null ? <NotFoundPage /> : children;
}
