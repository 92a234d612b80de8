import { message } from '../../../../shared/contract/messages';
import { IdpError } from '../idp-error';

/**
 * More pages than this is far more than one person or one person's sign-in methods: a search
 * much broader than intended, or an IdP that keeps pointing to another page.
 */
export const MAX_PAGES = 50;

export interface Page<T, C> {
  items: T[];
  /** Where the next page is (a link, a page number, an offset), or null after the last. */
  next: C | null;
}

/**
 * Every item of a list the IdP hands out page by page, following the IdP's own "next", and
 * stopping with an error after MAX_PAGES rather than reading without end.
 */
export async function readAllPages<T, C>(
  where: { idpLabel: string; what: string },
  readPage: (next: C | null) => Promise<Page<T, C>>,
): Promise<T[]> {
  const items: T[] = [];
  let next: C | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: Page<T, C> = await readPage(next);
    items.push(...result.items);
    if (result.next === null) return items;
    next = result.next;
  }
  throw new IdpError('permanent', message('idp.tooManyPages', { idp: where.idpLabel, pages: MAX_PAGES }), { during: where.what });
}
