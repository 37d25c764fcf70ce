// The current language for the whole app: what the user reads, what <html lang> says, what the API is
// asked for (Accept-Language) and what is remembered for the next visit.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../api/types';
import { DICTIONARIES } from './dictionaries';
import { storeLanguage } from './language';
import { formatMessage, type MessageKey, type MessageParams } from './messages';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface I18n {
  readonly language: Language;
  readonly setLanguage: (language: Language) => void;
  readonly t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export interface I18nProviderProps {
  readonly initialLanguage: Language;
  /** Told synchronously on every change, so the API client never sends a stale Accept-Language. */
  readonly onLanguageChange?: (language: Language) => void;
  readonly children: ReactNode;
}

export function I18nProvider({ initialLanguage, onLanguageChange, children }: I18nProviderProps) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);

  const setLanguage = useCallback(
    (next: Language) => {
      onLanguageChange?.(next);
      storeLanguage(next);
      setLanguageState(next);
    },
    [onLanguageChange],
  );

  useEffect(() => {
    // Screen readers pick their voice from it, and browsers their hyphenation and spell checking.
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    return { language, setLanguage, t: (key, params) => formatMessage(dictionary[key], params) };
  }, [language, setLanguage]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n needs an I18nProvider above it');
  return value;
}
