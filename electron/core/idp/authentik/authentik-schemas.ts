import { z } from 'zod';

/** The parts of authentik's API v3 the connector reads (schema.yml of 2026.2.2). */
export const authentikUserSchema = z
  .object({
    pk: z.number().int(),
    username: z.string(),
    name: z.string(),
    email: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type AuthentikUser = z.infer<typeof authentikUserSchema>;

/** `next` is the next page's number (0 after the last); `count` the hits on all pages together. */
const paginationSchema = z.object({ next: z.number().int().min(0), count: z.number().int().min(0) }).passthrough();

export const paginatedUsersSchema = z.object({ pagination: paginationSchema, results: z.array(authentikUserSchema) }).passthrough();

export const linkSchema = z.object({ link: z.string().min(1) });

export const deviceSchema = z
  .object({
    pk: z.string(),
    name: z.string(),
    type: z.string(),
    meta_model_name: z.string(),
    created: z.string().nullable().optional(),
    confirmed: z.boolean(),
  })
  .passthrough();
export type AuthentikDevice = z.infer<typeof deviceSchema>;
export const deviceListSchema = z.array(deviceSchema);

const errorDetail = z.object({ string: z.string(), code: z.string() });

/** A flow executor challenge; `component` says which stage it is. */
export const challengeSchema = z
  .object({
    component: z.string(),
    response_errors: z.record(z.string(), z.array(errorDetail)).optional(),
    registration: z.record(z.string(), z.unknown()).optional(),
    codes: z.array(z.string()).optional(),
    to: z.string().optional(),
    error: z.string().optional(),
    error_message: z.string().optional(),
  })
  .passthrough();
export type Challenge = z.infer<typeof challengeSchema>;

/** What the WebAuthn stage offers, checked before it goes to the key service. */
export const registrationOptionsSchema = z
  .object({
    challenge: z.string().min(16),
    rp: z.object({ id: z.string().min(1), name: z.string() }).passthrough(),
    user: z.object({ id: z.string().min(1), name: z.string(), displayName: z.string() }).passthrough(),
    pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number() })).min(1),
  })
  .passthrough();
