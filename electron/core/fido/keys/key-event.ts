import type { ErrorCode } from '../../../../shared/contract/errors';

/** What the log learns about a key: which key and what came of an operation, never a PIN. */
export type KeyEvent =
  | { event: 'attached'; path: string; product: string | null; training: boolean }
  | { event: 'detached'; path: string }
  | { event: KeyOperation; path: string; outcome: 'ok' | ErrorCode };

export type KeyOperation = 'pinSet' | 'pinChanged' | 'pinVerified' | 'registered' | 'testSignIn';
