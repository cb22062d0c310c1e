import { z } from 'zod';
import { ROLES } from './auth/roles.ts';

// Shared response schemas: they filter what leaves the server and feed OpenAPI.

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('kebab-case machine code'),
    message: z.string().describe('human sentence'),
    details: z.unknown().optional(),
  }),
});

export const errorResponses = {
  400: errorSchema.describe('Invalid input; details name the fields'),
  401: errorSchema.describe('Not logged in'),
  403: errorSchema.describe('Not allowed'),
  404: errorSchema.describe('Not found'),
  409: errorSchema.describe('Not allowed in the current state'),
  413: errorSchema.describe('Too large'),
  429: errorSchema.describe('Rate limited'),
} as const;

export const roleSchema = z.enum(ROLES);

export const membershipSchema = z.object({
  organisationId: z.string(),
  organisationName: z.string(),
  role: roleSchema,
  teamId: z.string().nullable(),
});

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  active: z.boolean(),
  platformAdmin: z.boolean(),
  memberships: z.array(membershipSchema),
  createdAt: z.string(),
});

/** Optional free text from a form: trimmed, and '' counts as absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullish();

export const idParams = z.object({ id: z.string().min(1).max(64) });
