// The shape both dictionaries share. Spanish is the reference: a key added there and missing in English
// (or the reverse, as an excess property) is a compile error, and i18n.spec.ts also fails on empty texts.
import type { es } from './es';

export type MessageKey = keyof typeof es;
export type Messages = Readonly<Record<MessageKey, string>>;
/** Values for the {placeholders} of a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Replaces {name} with params.name; an unknown placeholder stays visible so the gap is noticed. */
export function formatMessage(template: string, params?: MessageParams): string {
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
