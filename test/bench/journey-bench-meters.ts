import { performance } from 'node:perf_hooks';
import { CtapHidCommand, TYPE_INIT } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual';
import type { IdpConnector } from '../../electron/core/idp/idp-connector';

type ReportSink = Parameters<VirtualAuthenticator['receive']>[1];

/**
 * A virtual authenticator that adds up the time it spends on requests: from a request report
 * arriving (before it is processed, so the synchronous CTAP work counts) to the first report
 * of the answer, keepalives aside. On a real key this is the key's own time; the UDP hop to
 * it is the kiosk's HID I/O and is not counted here.
 */
export class MeteredKey extends VirtualAuthenticator {
  busyMs = 0;
  private requestAt: number | null = null;
  private readonly wrapped = new WeakMap<ReportSink, ReportSink>();

  override receive(report: Uint8Array, sink: ReportSink): void {
    this.requestAt = performance.now();
    super.receive(report, this.metered(sink));
  }

  override detach(sink: ReportSink): void {
    super.detach(this.metered(sink));
  }

  private metered(sink: ReportSink): ReportSink {
    let metered = this.wrapped.get(sink);
    if (!metered) {
      metered = (report) => {
        if (this.requestAt !== null && report[4] !== (TYPE_INIT | CtapHidCommand.KEEPALIVE)) {
          this.busyMs += performance.now() - this.requestAt;
          this.requestAt = null;
        }
        sink(report);
      };
      this.wrapped.set(sink, metered);
    }
    return metered;
  }
}

const IDP_CALLS = ['findUser', 'platformPasskeyLink', 'listAuthenticators', 'beginKeyRegistration', 'finishKeyRegistration', 'wasKeyRegistrationApplied'] as const;

/**
 * Wraps the connector's calls on the instance the core uses, adding up the time spent inside
 * the IdP (for the in-process training IdP: its directory, link, challenge and verification).
 */
export function meterIdp(idp: IdpConnector): { ms(): number } {
  let total = 0;
  const methods = idp as unknown as Record<(typeof IDP_CALLS)[number], (...args: unknown[]) => Promise<unknown>>;
  for (const name of IDP_CALLS) {
    const original = methods[name].bind(idp);
    methods[name] = async (...args) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        total += performance.now() - started;
      }
    };
  }
  return { ms: () => total };
}
