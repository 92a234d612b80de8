// The hyphen package ships no types; these are the two languages the printed documents use.
declare module 'hyphen/de/index.js' {
  const language: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export = language;
}

declare module 'hyphen/en-gb/index.js' {
  const language: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export = language;
}
