import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { KioskError, type ErrorCode } from '../../../../shared/contract/errors';
import type { AssertionCheckResult } from './assertion-check';
import type { KeyEvent, KeyOperation } from './key-event';
import { KeyService, type KeyServiceOptions } from './key-service';
import type { RegistrationOptionsJSON } from './registration-plan';

/**
 * The KeyService that also tells how each PIN and registration operation on a key ended, for
 * the log. Only the operation's name, the key's path and the outcome leave here: the PIN stays
 * in the arguments.
 */
export class ReportingKeyService extends KeyService {
  constructor(
    options: KeyServiceOptions,
    private readonly onKeyEvent: (event: KeyEvent) => void,
  ) {
    super(options);
  }

  override setPin(path: string, newPin: string): Promise<void> {
    return this.reported('pinSet', path, super.setPin(path, newPin));
  }

  override changePin(path: string, currentPin: string, newPin: string): Promise<void> {
    return this.reported('pinChanged', path, super.changePin(path, currentPin, newPin));
  }

  override verifyPin(path: string, pin: string): Promise<{ retries: number }> {
    return this.reported('pinVerified', path, super.verifyPin(path, pin));
  }

  override registerOnBehalf(input: { path: string; options: RegistrationOptionsJSON; origin: string; pin: string }): Promise<RegistrationResponseJSON> {
    return this.reported('registered', input.path, super.registerOnBehalf(input));
  }

  override testAssertion(path: string, input: Parameters<KeyService['testAssertion']>[1]): Promise<AssertionCheckResult> {
    return this.reported('testSignIn', path, super.testAssertion(path, input));
  }

  private async reported<T>(event: KeyOperation, path: string, work: Promise<T>): Promise<T> {
    let outcome: 'ok' | ErrorCode = 'ok';
    try {
      return await work;
    } catch (error) {
      outcome = error instanceof KioskError ? error.code : 'internal';
      throw error;
    } finally {
      this.onKeyEvent({ event, path, outcome });
    }
  }
}
