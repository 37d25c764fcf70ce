// The languages a customer reads (domain.md intro: Spanish and English are both first-class).
import { z } from 'zod';

export const LANGUAGES = ['es', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.output<typeof languageSchema>;

/** Texts every customer-facing message carries, one per language; the type makes a missing one a compile error. */
export type Localized = Readonly<Record<Language, string>>;
