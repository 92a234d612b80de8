/** A roster as German HR exports look: semicolons, a BOM, CRLF, quoted values with separators and doubled quotes. */
export function rosterCsv(count: number): string {
  const lines = ['Badge ID;Vorname;Nachname;E-Mail;Abteilung;Vorgesetzte(r)'];
  for (let i = 0; i < count; i += 1) {
    lines.push(`${300000 + i};Given${i};"Müller, ${i}";person${i}@example.com;Research;"Manager ""${i % 40}"""`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
