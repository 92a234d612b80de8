import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import { useKiosk } from './kiosk-context';

export interface CallState<T> {
  data: T | null;
  error: KioskError | null;
  /** True until the answer for the current input (and the latest reload) has arrived. */
  loading: boolean;
  /** When `data` arrived (Date.now()), for displays that run on from it, like the clock. */
  receivedAt: number;
  reload(): void;
}

/** Anything thrown below the client that is not already typed becomes an `internal` KioskError. */
export function asKioskError(error: unknown): KioskError {
  if (error instanceof KioskError) return error;
  return new KioskError('internal', message('contract.unexpected', { problem: error instanceof Error ? error.message : String(error) }));
}

interface Settled<T> {
  request: string;
  data: T | null;
  error: KioskError | null;
  receivedAt: number;
}

/**
 * Runs a read call when mounted and whenever its input changes (compared by value), and again
 * on reload(). Pass null to wait (e.g. until a session exists). A stale answer never
 * overwrites a newer one; the last good data stays visible while a refresh runs.
 */
export function useCall<K extends CallName>(name: K, input: CallInput<K> | null): CallState<CallOutput<K>> {
  const kiosk = useKiosk();
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<CallOutput<K>>>({ request: '', data: null, error: null, receivedAt: 0 });
  const inputKey = input === null ? null : JSON.stringify(input);
  const request = inputKey === null ? null : `${generation}:${inputKey}`;
  const latest = useRef<string | null>(null);

  useEffect(() => {
    latest.current = request;
    if (request === null || inputKey === null) return;
    kiosk
      .call(name, JSON.parse(inputKey) as CallInput<K>)
      .then((data) => {
        if (latest.current === request) setSettled({ request, data, error: null, receivedAt: Date.now() });
      })
      .catch((caught: unknown) => {
        if (latest.current === request) setSettled((old) => ({ ...old, request, error: asKioskError(caught) }));
      });
  }, [kiosk, name, inputKey, request]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    data: settled.data,
    error: settled.error,
    loading: request !== null && settled.request !== request,
    receivedAt: settled.receivedAt,
    reload,
  };
}

export interface ActionState<K extends CallName> {
  run(input: CallInput<K>): Promise<CallOutput<K> | null>;
  pending: boolean;
  error: KioskError | null;
  clearError(): void;
}

/** A call made on purpose (a button): resolves to the result, or null with `error` set. */
export function useAction<K extends CallName>(name: K): ActionState<K> {
  const kiosk = useKiosk();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<KioskError | null>(null);

  const run = useCallback(
    async (input: CallInput<K>) => {
      setPending(true);
      setError(null);
      try {
        return await kiosk.call(name, input);
      } catch (caught) {
        setError(asKioskError(caught));
        return null;
      } finally {
        setPending(false);
      }
    },
    [kiosk, name],
  );

  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
