import { createSocket, type RemoteInfo } from 'node:dgram';
import { HID_REPORT_SIZE } from '../hid/hid-connection';
import type { ReportSink } from './ctaphid-responder';
import { VirtualAuthenticator } from './virtual-authenticator';

export interface VirtualAuthenticatorServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  authenticator?: VirtualAuthenticator;
}

export interface VirtualAuthenticatorServer {
  port: number;
  authenticator: VirtualAuthenticator;
  close(): Promise<void>;
}

/** UDP peers remembered at once; the oldest is forgotten first. */
const MAX_PEERS = 256;

/**
 * Serves a virtual authenticator on 127.0.0.1 over UDP: one datagram carries exactly one
 * 64-byte HID report (no report id), both ways. Each sender address is one open handle, and
 * replies go back to the address the request came from. Datagrams of any other size are
 * dropped, as a HID device drops malformed reports.
 */
export async function startVirtualAuthenticatorServer(
  options: VirtualAuthenticatorServerOptions = {},
): Promise<VirtualAuthenticatorServer> {
  const authenticator = options.authenticator ?? new VirtualAuthenticator();
  const socket = createSocket({ type: 'udp4' });
  const peers = new Map<string, ReportSink>();
  let closed = false;

  const sinkFor = (remote: RemoteInfo): ReportSink => {
    const key = `${remote.address}:${remote.port}`;
    let sink = peers.get(key);
    if (!sink) {
      // A keepalive timer may still fire after close(); a closed socket would throw.
      sink = (report) => {
        if (!closed) socket.send(report, remote.port, remote.address);
      };
      peers.set(key, sink);
      if (peers.size > MAX_PEERS) {
        const [oldestKey, oldest] = peers.entries().next().value as [string, ReportSink];
        peers.delete(oldestKey);
        authenticator.detach(oldest);
      }
    }
    return sink;
  };

  socket.on('message', (message, remote) => {
    if (message.length !== HID_REPORT_SIZE) return;
    authenticator.receive(new Uint8Array(message), sinkFor(remote));
  });
  // A peer that vanished makes sends fail with ICMP errors; the server keeps serving others.
  socket.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });

  return {
    port: socket.address().port,
    authenticator,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        for (const sink of peers.values()) authenticator.detach(sink);
        peers.clear();
        socket.close(() => resolve());
      }),
  };
}
