// One message, two renderings: a template describes the content once (greeting, paragraphs, one action
// link, closing lines) and this file turns it into the plain-text part and the HTML part, so the two can
// never say different things and the HTML is escaped by construction (safe-html.ts).
import type { Language } from '@candela/contract';
import { html } from './safe-html.js';
import type { SafeHtml } from './safe-html.js';

/** The content of one message in one language, before it is rendered. */
export interface MailBody {
  /** e.g. "Hola, Ana:" / "Hello Ana,". */
  readonly greeting: string;
  /** What happened and what to do, before the action link. */
  readonly paragraphs: readonly string[];
  /** The one thing the reader should do; every Candela message has exactly one. */
  readonly action: { readonly label: string; readonly url: string };
  /** Expiry notes and "if this was not you" lines, after the action link. */
  readonly closing: readonly string[];
}

interface Signature {
  readonly signOff: string;
  readonly team: string;
  readonly automated: string;
  /** Shown under the HTML button for mail clients that do not follow it. */
  readonly copyLink: string;
}

const SIGNATURES: Readonly<Record<Language, Signature>> = {
  es: {
    signOff: 'Saludos cordiales,',
    team: 'El equipo de Candela',
    automated: 'Este es un mensaje automático; por favor no responda a este correo.',
    copyLink: 'Si el botón no funciona, copie y pegue este enlace en su navegador:',
  },
  en: {
    signOff: 'Kind regards,',
    team: 'The Candela team',
    automated: 'This is an automated message; please do not reply to this e-mail.',
    copyLink: 'If the button does not work, copy and paste this link into your browser:',
  },
};

/**
 * The plain-text part: paragraphs separated by blank lines, the link on a line of its own so that mail
 * clients make it clickable and long URLs are not broken by wrapping.
 */
export function renderText(language: Language, body: MailBody): string {
  const s = SIGNATURES[language];
  const blocks = [
    body.greeting,
    ...body.paragraphs,
    `${body.action.label}:\n${body.action.url}`,
    ...body.closing,
    `${s.signOff}\n${s.team}`,
    `-- \n${s.automated}`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328';
const BUTTON =
  'display:inline-block;padding:10px 20px;background:#c2410c;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';
const SMALL = 'font-size:12px;color:#57606a';

/**
 * The HTML part: deliberately plain (inline styles, no images, no external resources) because mail
 * clients strip <style> blocks and block remote content.
 */
export function renderHtml(language: Language, subject: string, body: MailBody): string {
  const s = SIGNATURES[language];
  const paragraphs = (lines: readonly string[]): SafeHtml[] => lines.map((line) => html`<p>${line}</p>\n`);
  const document = html`<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="margin:0;padding:24px;background:#ffffff">
<div style="max-width:560px;${FONT}">
<p>${body.greeting}</p>
${paragraphs(body.paragraphs)}<p><a href="${body.action.url}" style="${BUTTON}">${body.action.label}</a></p>
<p style="${SMALL}">${s.copyLink}<br><a href="${body.action.url}">${body.action.url}</a></p>
${paragraphs(body.closing)}<p>${s.signOff}<br>${s.team}</p>
<hr style="border:none;border-top:1px solid #d0d7de">
<p style="${SMALL}">${s.automated}</p>
</div>
</body>
</html>
`;
  return document.toString();
}
