import { CtapHidCommand, KeepaliveStatus, TYPE_INIT } from '../../../electron/core/fido/ctaphid/ctaphid-constants';
import { VirtualAuthenticator } from '../../../electron/core/fido/virtual';

type ReportSink = Parameters<VirtualAuthenticator['receive']>[1];

/**
 * A virtual authenticator that tells the test whenever it asks the person for a touch (its
 * CTAPHID KEEPALIVE "user presence needed"), so a crash test can kill the kiosk while the key
 * waits for the finger: the moment a kiosk cannot know whether the key will go on.
 */
export class TouchWatchingKey extends VirtualAuthenticator {
  private readonly listeners = new Set<() => void>();
  /** One wrapper per handle: the responder knows a handle by its sink's identity. */
  private readonly wrapped = new WeakMap<ReportSink, ReportSink>();

  onTouchRequest(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  override receive(report: Uint8Array, sink: ReportSink): void {
    super.receive(report, this.watched(sink));
  }

  override detach(sink: ReportSink): void {
    super.detach(this.watched(sink));
  }

  private watched(sink: ReportSink): ReportSink {
    let watched = this.wrapped.get(sink);
    if (!watched) {
      watched = (report) => {
        if (report[4] === (TYPE_INIT | CtapHidCommand.KEEPALIVE) && report[7] === KeepaliveStatus.UPNEEDED) for (const listener of [...this.listeners]) listener();
        sink(report);
      };
      this.wrapped.set(sink, watched);
    }
    return watched;
  }
}
