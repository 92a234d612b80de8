import type { z } from 'zod';
import { accessCalls } from './access-calls';
import { appCalls } from './app-calls';
import { auditCalls } from './audit-calls';
import { custodyCalls } from './custody-calls';
import { fleetCalls } from './fleet-calls';
import { fleetReportCalls } from './fleet-report-calls';
import { idpCalls } from './idp-calls';
import { journeyCalls } from './journey-calls';
import { keysCalls } from './keys-calls';
import { outboxCalls } from './outbox-calls';
import { printersCalls } from './printers-calls';
import { recoveryCalls } from './recovery-calls';
import { recoveryCodesCalls } from './recovery-codes-calls';
import { sessionCalls } from './session-calls';
import { stationsCalls } from './stations-calls';
import { stockCalls } from './stock-calls';

/** The whole contract: every call the renderer can make, by name. */
export const calls = {
  ...appCalls,
  ...auditCalls,
  ...accessCalls,
  ...sessionCalls,
  ...outboxCalls,
  ...keysCalls,
  ...idpCalls,
  ...printersCalls,
  ...journeyCalls,
  ...custodyCalls,
  ...stockCalls,
  ...fleetCalls,
  ...stationsCalls,
  ...fleetReportCalls,
  ...recoveryCalls,
  ...recoveryCodesCalls,
};

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What the renderer passes (before parsing). */
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}
