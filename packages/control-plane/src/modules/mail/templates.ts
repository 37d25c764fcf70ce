// The catalogue of customer-facing e-mails (domain.md: Spanish and English are both first-class). Each
// template names its variables once, in MailVars; the catalogue's type then requires both languages of
// every template and lets a template use only the variables it declares, and renderMail requires the
// caller to pass every one of them: a missing language or variable is a compile error, not a blank line.
// Pure: rendering reads no clock and no configuration (links arrive complete in the variables).
import type { Language } from '@candela/contract';
import { renderHtml, renderText } from './mail-layout.js';
import type { MailBody } from './mail-layout.js';

export interface MailVars {
  readonly invitation: {
    readonly displayName: string;
    readonly inviterName: string;
    readonly organisation: string;
    readonly link: string;
    readonly expiresInHours: number;
  };
  readonly 'password-reset': {
    readonly displayName: string;
    readonly link: string;
    readonly expiresInMinutes: number;
  };
  readonly 'account-locked': {
    readonly displayName: string;
    readonly minutes: number;
    readonly resetLink: string;
  };
  readonly 'api-key-expiry-warning': {
    readonly keyName: string;
    readonly accessGroupName: string;
    /** Already formatted for the reader, e.g. "2026-03-01". */
    readonly disableOn: string;
    readonly link: string;
  };
  /** domain.md §3 "notify when complete": to each address of the request's notify list. */
  readonly 'invalidation-complete': {
    readonly scid: string;
    readonly requestId: string;
    /** The first few paths, tags or properties, already joined. */
    readonly itemsSummary: string;
    readonly itemCount: number;
    readonly edgesDone: number;
    readonly objectsMatched: number;
    /** Already formatted for the reader, e.g. "2026-11-28 12:00 UTC". */
    readonly requestedAt: string;
    readonly link: string;
  };
  /** domain.md §3: still open 12 hours after it was made; to the requester (staff are alerted too). */
  readonly 'invalidation-alert': {
    readonly scid: string;
    readonly requestId: string;
    readonly itemsSummary: string;
    readonly itemCount: number;
    readonly hoursOpen: number;
    readonly edgesDone: number;
    readonly edgesTotal: number;
    readonly link: string;
  };
}

export type MailTemplate = keyof MailVars;

/** A template with its variables, as one value; the union keeps each template paired with its own vars. */
export type MailRequest = { readonly [T in MailTemplate]: { readonly template: T; readonly vars: MailVars[T] } }[MailTemplate];

export interface LanguageTemplate<V> {
  subject(vars: V): string;
  body(vars: V): MailBody;
}

export type TemplateCatalogue = {
  readonly [T in MailTemplate]: Readonly<Record<Language, LanguageTemplate<MailVars[T]>>>;
};

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** "1 hora", "48 horas"; both languages put the singular at exactly one. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const hours = { es: (n: number) => count(n, 'hora', 'horas'), en: (n: number) => count(n, 'hour', 'hours') };
const servers = { es: (n: number) => count(n, 'servidor de borde', 'servidores de borde'), en: (n: number) => count(n, 'edge server', 'edge servers') };
const items = { es: (n: number) => count(n, 'elemento', 'elementos'), en: (n: number) => count(n, 'item', 'items') };
const minutes = { es: (n: number) => count(n, 'minuto', 'minutos'), en: (n: number) => count(n, 'minute', 'minutes') };

export const TEMPLATES: TemplateCatalogue = {
  invitation: {
    es: {
      subject: (v) => `Invitación para unirse a ${v.organisation} en Candela`,
      body: (v) => ({
        greeting: `Hola, ${v.displayName}:`,
        paragraphs: [
          `${v.inviterName} le envió una invitación para unirse a ${v.organisation} en Candela, el portal desde el que se configuran y supervisan los servicios de CDN.`,
          'Para activar su cuenta, defina su contraseña en el siguiente enlace.',
        ],
        action: { label: 'Activar mi cuenta', url: v.link },
        closing: [
          `El enlace vence en ${hours.es(v.expiresInHours)}. Si vence, pida a ${v.inviterName} que le envíe una nueva invitación.`,
          'Si no esperaba esta invitación, puede ignorar este mensaje.',
        ],
      }),
    },
    en: {
      subject: (v) => `Invitation to join ${v.organisation} on Candela`,
      body: (v) => ({
        greeting: `Hello ${v.displayName},`,
        paragraphs: [
          `${v.inviterName} has invited you to join ${v.organisation} on Candela, the portal where CDN services are configured and monitored.`,
          'To activate your account, set your password using the link below.',
        ],
        action: { label: 'Activate my account', url: v.link },
        closing: [
          `The link expires in ${hours.en(v.expiresInHours)}. If it expires, ask ${v.inviterName} to send you a new invitation.`,
          'If you were not expecting this invitation, you can ignore this message.',
        ],
      }),
    },
  },
  'password-reset': {
    es: {
      subject: () => 'Restablezca su contraseña de Candela',
      body: (v) => ({
        greeting: `Hola, ${v.displayName}:`,
        paragraphs: [
          'Recibimos una solicitud para restablecer la contraseña de su cuenta de Candela.',
          'Para elegir una contraseña nueva, use el siguiente enlace.',
        ],
        action: { label: 'Restablecer mi contraseña', url: v.link },
        closing: [
          `El enlace vence en ${minutes.es(v.expiresInMinutes)} y solo puede usarse una vez.`,
          'Si usted no solicitó este cambio, ignore este mensaje: su contraseña actual sigue siendo válida.',
        ],
      }),
    },
    en: {
      subject: () => 'Reset your Candela password',
      body: (v) => ({
        greeting: `Hello ${v.displayName},`,
        paragraphs: [
          'We received a request to reset the password of your Candela account.',
          'To choose a new password, use the link below.',
        ],
        action: { label: 'Reset my password', url: v.link },
        closing: [
          `The link expires in ${minutes.en(v.expiresInMinutes)} and can be used only once.`,
          'If you did not make this request, ignore this message: your current password remains valid.',
        ],
      }),
    },
  },
  'account-locked': {
    es: {
      subject: () => 'Su cuenta de Candela fue bloqueada temporalmente',
      body: (v) => ({
        greeting: `Hola, ${v.displayName}:`,
        paragraphs: [
          `Bloqueamos el acceso a su cuenta de Candela durante ${minutes.es(v.minutes)} porque se registraron varios intentos fallidos de inicio de sesión.`,
          'Podrá iniciar sesión de nuevo cuando termine ese plazo. Si olvidó su contraseña, puede restablecerla ahora.',
        ],
        action: { label: 'Restablecer mi contraseña', url: v.resetLink },
        closing: [
          'Si usted no hizo esos intentos, le recomendamos restablecer su contraseña e informar al administrador de su organización.',
        ],
      }),
    },
    en: {
      subject: () => 'Your Candela account has been temporarily locked',
      body: (v) => ({
        greeting: `Hello ${v.displayName},`,
        paragraphs: [
          `We have locked your Candela account for ${minutes.en(v.minutes)} after several failed sign-in attempts.`,
          'You can sign in again once that time has passed. If you have forgotten your password, you can reset it now.',
        ],
        action: { label: 'Reset my password', url: v.resetLink },
        closing: [
          'If you did not make these attempts, we recommend that you reset your password and inform your organisation’s administrator.',
        ],
      }),
    },
  },
  'api-key-expiry-warning': {
    es: {
      subject: (v) => `La clave de API "${v.keyName}" se desactivará el ${v.disableOn}`,
      body: (v) => ({
        greeting: 'Hola:',
        paragraphs: [
          `La clave de API "${v.keyName}" del grupo de acceso ${v.accessGroupName} no registra uso reciente y se desactivará por inactividad el ${v.disableOn}.`,
          'Si todavía la necesita, basta con usarla antes de esa fecha para que siga activa. También puede revisarla en el portal.',
        ],
        action: { label: 'Ver la clave de API', url: v.link },
        closing: ['Si ya no la necesita, no es necesario que haga nada.'],
      }),
    },
    en: {
      subject: (v) => `The API key "${v.keyName}" will be disabled on ${v.disableOn}`,
      body: (v) => ({
        greeting: 'Hello,',
        paragraphs: [
          `The API key "${v.keyName}" of the access group ${v.accessGroupName} has not been used recently and will be disabled for inactivity on ${v.disableOn}.`,
          'If you still need it, simply use it before that date to keep it active. You can also review it in the portal.',
        ],
        action: { label: 'View the API key', url: v.link },
        closing: ['If you no longer need it, no action is required.'],
      }),
    },
  },
  'invalidation-complete': {
    es: {
      subject: (v) => `Invalidación de contenido completada en el servicio ${v.scid}`,
      body: (v) => ({
        greeting: 'Hola:',
        paragraphs: [
          `La solicitud de invalidación ${v.requestId} del servicio ${v.scid}, creada el ${v.requestedAt}, se completó: ${servers.es(v.edgesDone)} la aplicaron.`,
          `${items.es(v.itemCount)}: ${v.itemsSummary}. Objetos en caché afectados: ${v.objectsMatched}.`,
        ],
        action: { label: 'Ver la invalidación', url: v.link },
        closing: ['Recibe este mensaje porque su dirección figura en la lista de aviso de la solicitud.'],
      }),
    },
    en: {
      subject: (v) => `Content invalidation complete for service ${v.scid}`,
      body: (v) => ({
        greeting: 'Hello,',
        paragraphs: [
          `The invalidation request ${v.requestId} of service ${v.scid}, made on ${v.requestedAt}, is complete: ${servers.en(v.edgesDone)} applied it.`,
          `${items.en(v.itemCount)}: ${v.itemsSummary}. Cached objects affected: ${v.objectsMatched}.`,
        ],
        action: { label: 'View the invalidation', url: v.link },
        closing: ['You are receiving this message because your address is on the request’s notify list.'],
      }),
    },
  },
  'invalidation-alert': {
    es: {
      subject: (v) => `La invalidación ${v.requestId} del servicio ${v.scid} sigue sin completarse`,
      body: (v) => ({
        greeting: 'Hola:',
        paragraphs: [
          `La solicitud de invalidación ${v.requestId} del servicio ${v.scid} lleva ${hours.es(v.hoursOpen)} abierta: la aplicaron ${v.edgesDone} de ${v.edgesTotal} servidores de borde.`,
          `${items.es(v.itemCount)}: ${v.itemsSummary}.`,
          'Nuestro equipo de soporte técnico ya recibió un aviso y lo está revisando: no necesita abrir un ticket.',
        ],
        action: { label: 'Ver la invalidación', url: v.link },
        closing: ['Puede seguir el estado de la solicitud en el portal.'],
      }),
    },
    en: {
      subject: (v) => `Invalidation ${v.requestId} of service ${v.scid} has not completed yet`,
      body: (v) => ({
        greeting: 'Hello,',
        paragraphs: [
          `The invalidation request ${v.requestId} of service ${v.scid} has been open for ${hours.en(v.hoursOpen)}: ${v.edgesDone} of ${v.edgesTotal} edge servers have applied it.`,
          `${items.en(v.itemCount)}: ${v.itemsSummary}.`,
          'Our technical support team has already been alerted and is looking into it: you do not need to open a ticket.',
        ],
        action: { label: 'View the invalidation', url: v.link },
        closing: ['You can follow the request’s status in the portal.'],
      }),
    },
  },
};

/**
 * A header field cannot hold a line break (RFC 5322 §2.2), so a variable that carries one (a name typed
 * with a trailing newline) is folded into spaces rather than breaking or injecting a header.
 */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Action links go into an href: only web links, so a bad variable cannot become a javascript: link. */
function assertWebLink(url: string, template: MailTemplate): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`mail template ${template}: the action link is not a URL`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(`mail template ${template}: the action link must be http(s), got ${protocol}`);
  }
}

export function renderMail<T extends MailTemplate>(template: T, language: Language, vars: MailVars[T]): RenderedMail {
  const entry: LanguageTemplate<MailVars[T]> = TEMPLATES[template][language];
  const subject = oneLine(entry.subject(vars));
  const body = entry.body(vars);
  assertWebLink(body.action.url, template);
  return { subject, text: renderText(language, body), html: renderHtml(language, subject, body) };
}
