import { z } from 'zod';

/** The languages the kiosk speaks: its screens, its printed documents, its messages and its reports. */
export const locales = ['en', 'de'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** For values from outside the contract (a stored setting, a browser's language). */
export function isLocale(value: string | null | undefined): value is Locale {
  return (locales as readonly (string | null | undefined)[]).includes(value);
}
