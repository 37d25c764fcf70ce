// Access groups and services (domain.md §1): the tree a customer's users and keys live in.
import { z } from 'zod';

/** domain.md §1: a service component ID is 9 upper-case alphanumerics. */
export const scidSchema = z.string().regex(/^[A-Z0-9]{9}$/, 'scid.format');

export const serviceSchema = z.object({
  scid: scidSchema,
  name: z.string(),
  product: z.string(),
  /** The group the service belongs to. */
  accessGroupId: z.string(),
});
export type Service = z.output<typeof serviceSchema>;

export interface AccessGroupNode {
  id: string;
  name: string;
  parentId: string | null;
  customerNumber: string | null;
  scids: string[];
  children: AccessGroupNode[];
}

export const accessGroupNodeSchema: z.ZodType<AccessGroupNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    /** Only top-level groups carry the customer number (the billing entity). */
    customerNumber: z.string().nullable(),
    /** The services the group holds: its own, or for a child the subset it was given. */
    scids: z.array(scidSchema),
    children: z.array(accessGroupNodeSchema),
  }),
).meta({ id: 'AccessGroupNode' }); // recursive: OpenAPI needs it as a named component

export const accessGroupListSchema = z.object({ items: z.array(accessGroupNodeSchema) });
export const serviceListSchema = z.object({ items: z.array(serviceSchema) });

export const groupNameSchema = z.string().trim().min(1).max(120);

export const createChildGroupBodySchema = z.strictObject({
  name: groupNameSchema,
  scids: z.array(scidSchema).max(1000).default([]),
});

export const setGroupServicesBodySchema = z.strictObject({ scids: z.array(scidSchema).max(1000) });

export const idParamsSchema = z.object({ id: z.string().min(1).max(100) });
