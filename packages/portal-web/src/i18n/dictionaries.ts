import type { Language } from '../api/types';
import { en } from './en';
import { es } from './es';
import type { Messages } from './messages';

export const DICTIONARIES: Readonly<Record<Language, Messages>> = { es, en };
