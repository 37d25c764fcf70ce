// HTML that is safe to put in a message because every interpolated value was escaped on the way in. The
// mail templates build their HTML only through the `html` tag below, so forgetting to escape a user's
// name or an organisation is not possible: a plain string is not SafeHtml and does not type-check.

/** A fragment of HTML whose dynamic parts have been escaped. Create it with `html` or `trustedHtml`. */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  /** Only for markup written in this source tree, never for anything that came from a user. */
  static fromTrustedMarkup(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }

  toString(): string {
    return this.#markup;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (HTML Living Standard §13.1.2.3,
 * §13.1.2.6): `&` first by construction of the single-pass replace, then the characters that end a tag
 * or a quoted attribute.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** What may be interpolated: text and numbers (escaped), SafeHtml (kept), lists of those (joined). */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(interpolate).join('');
}

/** Tagged template: the literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, i) => {
    markup += interpolate(value) + (strings[i + 1] ?? '');
  });
  return SafeHtml.fromTrustedMarkup(markup);
}
