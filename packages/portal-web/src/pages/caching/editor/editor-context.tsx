// Hands the draft to every field of the form editor without threading it through each component.
import { createContext, useContext, type ReactNode } from 'react';
import type { DocumentDraft } from './use-document-draft';

const DraftContext = createContext<DocumentDraft | null>(null);

export function DraftProvider({ draft, children }: { readonly draft: DocumentDraft; readonly children: ReactNode }) {
  return <DraftContext value={draft}>{children}</DraftContext>;
}

export function useDraft(): DocumentDraft {
  const draft = useContext(DraftContext);
  if (draft === null) throw new Error('useDraft needs a DraftProvider above it');
  return draft;
}
