// Why an activation was rolled back, in the caller's language (activations.reason_code + reason_detail).
import type { Language, Localized } from '@candela/contract';

const TEXTS = {
  'edge-refused': {
    es: 'Un edge rechazó la configuración y se restauró el estado anterior.',
    en: 'An edge refused the configuration and the previous state was restored.',
  },
  'edge-refused-elsewhere': {
    es: '{count} problema(s) fuera de esta configuración.',
    en: '{count} problem(s) outside this configuration.',
  },
  deadline: {
    es: 'Solo {done} de {total} edges aplicaron la configuración en {seconds} s y se restauró el estado anterior.',
    en: 'Only {done} of {total} edges applied the configuration within {seconds} s and the previous state was restored.',
  },
  unknown: {
    es: 'La activación se revirtió y se restauró el estado anterior.',
    en: 'The activation was rolled back and the previous state was restored.',
  },
} as const satisfies Record<string, Localized>;

function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

function parse(detail: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(detail ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function reasonText(code: string | null, detail: string | null, language: Language): string | null {
  if (code === null) return null;
  const d = parse(detail);
  if (code === 'edge-refused') {
    const problems = Array.isArray(d['problems']) ? d['problems'].filter((p): p is string => typeof p === 'string') : [];
    const elsewhere = num(d['elsewhere']);
    const parts = [TEXTS['edge-refused'][language], ...problems];
    if (elsewhere > 0) parts.push(fill(TEXTS['edge-refused-elsewhere'][language], { count: elsewhere }));
    return parts.join(' ');
  }
  if (code === 'deadline') {
    return fill(TEXTS.deadline[language], { done: num(d['done']), total: num(d['total']), seconds: Math.round(num(d['deadlineMs']) / 1000) });
  }
  return TEXTS.unknown[language];
}
