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
    const sent = unseen > 0 ? ` (it reports ${reportedTotal} hits for the search but sent only ${hits.length})` : '';
    throw new IdpError('permanent', `${idpLabel} has ${count} users matching ${describeQuery(query)}${sent}; the kiosk needs exactly one. Ask IT to fix the duplicate.`, {
      says: message('idp.manyUsers', { idp: idpLabel, count }),
    });
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

function describeQuery(query: UserQuery): string {
  if (query.badgeId) return `badge ${query.badgeId}`;
  return query.email ? `email ${query.email}` : `username ${query.username ?? ''}`;
}
