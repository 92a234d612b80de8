import type { IdpUser, UserQuery } from './idp-connector';
import { message } from '../../../shared/contract/messages';
import { IdpError } from './idp-error';

/**
 * Decides who a user search found, from the whole result the IdP returned (every page):
 * - An IdP's search may be looser than equality (a substring or prefix index, a federated
 *   directory), so only a hit whose badge equals the query exactly counts; a search for
 *   40021 that returns 400211 found nobody. Email addresses and usernames are compared
 *   ignoring case, as the IdPs themselves treat them.
 * - A total the IdP reports (Graph's @odata.count, authentik's pagination.count) that is
 *   larger than what it sent means people the kiosk did not see: it cannot know that the
 *   one it saw is the only one, so those count as further matches.
 * More than one match is an error: enrolling the wrong person's key is worse than stopping.
 */
export function theOneMatch(idpLabel: string, query: UserQuery, hits: IdpUser[], reportedTotal: number | null): IdpUser | null {
  const matches = hits.filter((user) => matchesQuery(user, query));
  const unseen = reportedTotal !== null && reportedTotal > hits.length ? reportedTotal - hits.length : 0;
  const count = matches.length + unseen;
  if (count > 1) {
    const search = { idp: idpLabel, count, ...searchOf(query) };
    throw new IdpError('permanent', unseen > 0 ? message('idp.manyUsersUnseen', { ...search, reported: reportedTotal ?? count, sent: hits.length }) : message('idp.manyUsers', search));
  }
  return matches[0] ?? null;
}

function matchesQuery(user: IdpUser, query: UserQuery): boolean {
  if (query.badgeId) return user.badgeId === query.badgeId;
  if (query.email) return sameIgnoringCase(user.email, query.email);
  return query.username !== undefined && sameIgnoringCase(user.username, query.username);
}

function sameIgnoringCase(value: string | null, wanted: string): boolean {
  return value !== null && value.toLowerCase() === wanted.toLowerCase();
}

/** What the search looked for, for IT to find the duplicate: the field (a word the screen translates) and its value. */
function searchOf(query: UserQuery): { searchField: 'badgeId' | 'email' | 'username'; searchValue: string } {
  if (query.badgeId) return { searchField: 'badgeId', searchValue: query.badgeId };
  return query.email ? { searchField: 'email', searchValue: query.email } : { searchField: 'username', searchValue: query.username ?? '' };
}
