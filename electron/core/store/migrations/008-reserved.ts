import type { Migration } from '../migrate';

/**
 * Version 8 is reserved for the access branch of issue 14 (its number was handed out before
 * this branch's 009). Migrations must be numbered without gaps, so this branch carries a step
 * that changes nothing; at the merge the access branch's own 008 replaces it, or, if that
 * branch needed none, this one stays.
 */
export const reserved008: Migration = {
  version: 8,
  name: 'reserved',
  up() {},
};
