import { z } from 'zod';

/** Badge ids are letters and digits only; compared and stored upper-case so "ab12" and "AB12" are one badge. */
export const BADGE_ID_PATTERN = /^[A-Za-z0-9]+$/;
export const BADGE_MIN_LENGTH = 3;
export const BADGE_MAX_LENGTH = 32;

const required = (max: number) =>
  z.string().trim().min(1, { error: 'is missing' }).max(max, { error: `is longer than ${max} characters` });

/**
 * One roster row after the columns were mapped. Messages complete a sentence that starts with
 * the column's name ("email is not a valid address"), so a rejection reads like a person wrote it.
 */
export const rosterCellsSchema = z.object({
  badgeId: z
    .string()
    .trim()
    .min(1, { error: 'is missing' })
    .regex(BADGE_ID_PATTERN, { error: 'may only hold letters and digits' })
    .min(BADGE_MIN_LENGTH, { error: `must have at least ${BADGE_MIN_LENGTH} characters` })
    .max(BADGE_MAX_LENGTH, { error: `must have at most ${BADGE_MAX_LENGTH} characters` })
    .transform((value) => value.toUpperCase()),
  givenName: required(120),
  familyName: required(120),
  email: z
    .string()
    .trim()
    .min(1, { error: 'is missing' })
    .max(254, { error: 'is longer than 254 characters' })
    .pipe(z.email({ error: 'is not a valid address' })),
  department: z.string().trim().max(120, { error: 'is longer than 120 characters' }),
  manager: z.string().trim().max(120, { error: 'is longer than 120 characters' }),
  photo: z
    .string()
    .trim()
    .max(255, { error: 'is longer than 255 characters' })
    .refine((value) => !/[/\\]/.test(value) && value !== '.' && value !== '..', { error: 'must be a file name, not a path' }),
});
export type RosterCells = z.infer<typeof rosterCellsSchema>;
