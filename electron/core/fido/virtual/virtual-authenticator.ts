import { HID_REPORT_SIZE, type HidConnection } from '../hid/hid-connection';
import { resolveOptions, type ResolvedOptions, type VirtualAuthenticatorOptions } from './authenticator-options';
import { freshState, stateFromJson, stateToJson, type AuthenticatorStateJson } from './authenticator-state';
import { Ctap2Authenticator } from './ctap2-authenticator';
import { CtapHidResponder, type Fault, type ReportSink } from './ctaphid-responder';
import { ReportQueue } from './report-queue';
import type { UserPresenceScript } from './user-presence';
import { VIRTUAL_AUTHENTICATOR_AAGUID } from './virtual-aaguid';

export interface VirtualAuthenticatorInit extends VirtualAuthenticatorOptions {
  /** Saved state (from toJSON) to resume with; a fresh, PIN-less key otherwise. */
  state?: unknown;
}

/**
 * A CTAP 2.1 security key in plain Node: the CTAPHID device side and the CTAP2 commands, with
 * scripted user presence and fault injection. Reach it through connect() (in memory) or
 * startVirtualAuthenticatorServer (UDP on the loopback); both are a HidConnection to the client.
 */
export class VirtualAuthenticator {
  readonly aaguid = VIRTUAL_AUTHENTICATOR_AAGUID;
  private readonly options: ResolvedOptions;
  private readonly ctap2: Ctap2Authenticator;
  private readonly responder: CtapHidResponder;

  constructor(init: VirtualAuthenticatorInit = {}) {
    this.options = resolveOptions(init);
    const state = init.state === undefined ? freshState(this.options.minPinLength) : stateFromJson(init.state);
    this.ctap2 = new Ctap2Authenticator(this.options, state);
    this.responder = new CtapHidResponder(
      this.ctap2,
      () => this.options.messageTimeoutMs,
      () => this.options.firmwareVersion,
    );
  }

  static fromJSON(state: unknown, options: VirtualAuthenticatorOptions = {}): VirtualAuthenticator {
    return new VirtualAuthenticator({ ...options, state });
  }

  /** The persistent state; it holds private keys and the PIN hash: store it protected, never log it. */
  toJSON(): AuthenticatorStateJson {
    return stateToJson(this.ctap2.state);
  }

  /** An in-memory HidConnection: the client's reports go straight to the device and back. */
  connect(): HidConnection {
    const queue = new ReportQueue();
    const sink: ReportSink = (report) => queue.push(report);
    let open = true;
    return {
      write: async (report) => {
        if (!open) throw new Error('the HID connection is closed');
        if (report.length !== HID_REPORT_SIZE) throw new Error(`a HID report is ${HID_REPORT_SIZE} bytes, got ${report.length}`);
        this.receive(new Uint8Array(report), sink);
      },
      read: (timeoutMs) => queue.read(timeoutMs),
      close: async () => {
        if (!open) return;
        open = false;
        this.detach(sink);
        queue.close();
      },
    };
  }

  /** One 64-byte report from a handle; replies go to that handle's sink. */
  receive(report: Uint8Array, sink: ReportSink): void {
    this.responder.receive(report, sink);
  }

  detach(sink: ReportSink): void {
    this.responder.detach(sink);
  }

  /** Unplug and replug: PIN-mismatch block, tokens and key agreement keys go; credentials stay. */
  powerCycle(): void {
    this.ctap2.powerCycle();
  }

  /** What the simulated person does from now on whenever a touch is needed. */
  setUserPresence(script: UserPresenceScript): void {
    this.ctap2.setDefaultUserPresence(script);
  }

  /** What the simulated person does at the next touch only (queued in order). */
  queueUserPresence(script: UserPresenceScript): void {
    this.ctap2.queueUserPresence(script);
  }

  injectFault(fault: Fault): void {
    this.responder.injectFault(fault);
  }

  get winkCount(): number {
    return this.responder.winks;
  }

  /** Read-only facts for tests and the training banner; no secrets. */
  describe(): { pinSet: boolean; pinRetries: number; powerCycleRequired: boolean; discoverableCredentials: number; signCount: number } {
    const state = this.ctap2.state;
    return {
      pinSet: state.pinHash !== null,
      pinRetries: state.pinRetries,
      powerCycleRequired: this.ctap2.clientPin.powerCycleRequired,
      discoverableCredentials: state.credentials.length,
      signCount: state.signCount,
    };
  }
}
