/** How a person's name is shown everywhere in the kiosk: given name, then family name. */
export function fullName(person: { givenName: string; familyName: string }): string {
  return [person.givenName, person.familyName].filter((part) => part.length > 0).join(' ');
}
