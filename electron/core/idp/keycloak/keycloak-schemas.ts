import { z } from 'zod';

/** The parts of Keycloak's admin representations the connector reads (admin OpenAPI 26.6.2). */
export const keycloakUserSchema = z
  .object({
    id: z.string().min(1),
    username: z.string().optional(),
    email: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    enabled: z.boolean().optional(),
    attributes: z.record(z.string(), z.array(z.string())).optional(),
    requiredActions: z.array(z.string()).optional(),
  })
  .passthrough();
export type KeycloakUser = z.infer<typeof keycloakUserSchema>;

export const keycloakCredentialSchema = z
  .object({
    id: z.string().min(1),
    type: z.string(),
    userLabel: z.string().optional(),
    createdDate: z.number().optional(),
    credentialData: z.string().optional(),
  })
  .passthrough();
export type KeycloakCredential = z.infer<typeof keycloakCredentialSchema>;

export const keycloakUsersSchema = z.array(keycloakUserSchema);
export const keycloakCredentialsSchema = z.array(keycloakCredentialSchema);
export const keycloakCountSchema = z.number().int();
