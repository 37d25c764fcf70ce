// Each language is named in itself (Español, English), so a reader who landed in the wrong one finds theirs.
import { useId } from 'react';
import { isLanguage, LANGUAGES } from '../i18n/language';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import type { Language } from '../api/types';

const NAME_KEYS: Readonly<Record<Language, MessageKey>> = { es: 'language.es', en: 'language.en' };

export function LanguageSwitch({ onChange }: { readonly onChange: (language: Language) => void }) {
  const { language, t } = useI18n();
  const id = useId();
  return (
    <label htmlFor={id}>
      {t('language.label')}
      <select
        id={id}
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) onChange(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(NAME_KEYS[code])}
          </option>
        ))}
      </select>
    </label>
  );
}
