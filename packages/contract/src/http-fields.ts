// HTTP field names and values as configuration documents accept them: a name is an RFC 9110 §5.1 token;
// a value is visible ASCII, spaces, tabs and obs-text (RFC 9110 §5.5), never CR, LF or NUL, so nothing a
// customer writes can split a header. One definition for the edge document, the customer's document and
// generated responses.
import { z } from 'zod';

export const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'header.name' });
export const headerValueSchema = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, { message: 'header.value' });

/** Request or response header edits: fields to set (replacing any of the same name) and to remove. */
export const headerEditsSchema = z.strictObject({
  set: z.record(headerNameSchema, headerValueSchema).default({}),
  remove: z.array(headerNameSchema).default([]),
});
