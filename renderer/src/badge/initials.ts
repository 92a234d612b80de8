/** "Ada", "Lovelace" → "AL"; used for the avatar when the roster has no photo. */
export function initialsOf(givenName: string, familyName: string): string {
  const first = (name: string) => Array.from(name.trim())[0]?.toLocaleUpperCase() ?? '';
  return first(givenName) + first(familyName);
}
