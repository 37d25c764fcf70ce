// A customer's account team and support contacts (domain.md §8): a named account manager, a named sales
// engineer per product area (Data, Data Center, Voice), the BCC contact, and TSC contacts per country with
// a 24×7 phone and e-mail. Shown in the portal; tickets and billing requests are routed to them.
import { z } from 'zod';
import { COUNTRY_CODES, countryCodeSchema } from './country-codes.js';
import { emailSchema } from './session.js';

export { COUNTRY_CODES, countryCodeSchema, isCountryCode } from './country-codes.js';

/**
 * E.164-ish: a leading "+", country code and number, 7 to 15 digits in all (ITU-T E.164 §6 allows 15).
 * Spaces, dots, hyphens and parentheses are accepted for readability and dropped, so "+54 11 4000-1234"
 * is stored as "+541140001234" and the portal formats it one way for everyone.
 */
export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+[0-9 ().-]+$/, { message: 'phone.format', abort: true })
  .overwrite((value) => value.replace(/[ ().-]/g, ''))
  .refine((value) => /^\+[1-9][0-9]{6,14}$/.test(value), 'phone.e164');

const personNameSchema = z.string().trim().min(1).max(120);
/** Free text such as "24×7" or "Lun–Vie 9–18 (GMT-3)". */
const hoursSchema = z.string().trim().min(1).max(120);

export const TSC_DEFAULT_HOURS = '24×7';

// ---- what the API answers -------------------------------------------------------------------------

export const teamMemberSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  hours: z.string().nullable(),
});
export type TeamMember = z.output<typeof teamMemberSchema>;

export const tscContactSchema = z.object({
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  hours: z.string(),
});
export type TscContact = z.output<typeof tscContactSchema>;

export const accountTeamSchema = z.object({
  /** The customer's top-level access group: the team belongs to the customer, not to a child group. */
  customerId: z.string(),
  accountManager: teamMemberSchema.nullable(),
  salesEngineers: z.object({
    data: teamMemberSchema.nullable(),
    dataCenter: teamMemberSchema.nullable(),
    voice: teamMemberSchema.nullable(),
  }),
  bcc: teamMemberSchema.nullable(),
  /** One per country, ordered by country code. */
  tsc: z.array(tscContactSchema),
});
export type AccountTeam = z.output<typeof accountTeamSchema>;

// ---- what staff send (PUT replaces the whole set) ------------------------------------------------

export const teamMemberBodySchema = z.strictObject({
  name: personNameSchema,
  email: emailSchema,
  phone: phoneSchema.nullable().default(null),
  hours: hoursSchema.nullable().default(null),
});

export const tscContactBodySchema = z.strictObject({
  country: countryCodeSchema,
  name: personNameSchema,
  email: emailSchema,
  /** domain.md §8: TSC contacts always have a phone. */
  phone: phoneSchema,
  hours: hoursSchema.default(TSC_DEFAULT_HOURS),
});

/**
 * Every role is named explicitly (null for "nobody"), so a forgotten key is an error rather than a silent
 * removal. One person per role by construction; the TSC list has at most one contact per country.
 */
export const accountTeamBodySchema = z
  .strictObject({
    accountManager: teamMemberBodySchema.nullable(),
    salesEngineers: z.strictObject({
      data: teamMemberBodySchema.nullable(),
      dataCenter: teamMemberBodySchema.nullable(),
      voice: teamMemberBodySchema.nullable(),
    }),
    bcc: teamMemberBodySchema.nullable(),
    tsc: z.array(tscContactBodySchema).max(COUNTRY_CODES.size),
  })
  .superRefine((team, ctx) => {
    const seen = new Set<string>();
    team.tsc.forEach((contact, index) => {
      if (seen.has(contact.country)) {
        ctx.addIssue({ code: 'custom', path: ['tsc', index, 'country'], message: 'contact.tscCountryTaken', params: { country: contact.country } });
      }
      seen.add(contact.country);
    });
  });
export type AccountTeamBody = z.output<typeof accountTeamBodySchema>;
