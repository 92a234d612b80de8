import type { HidBackend } from '../hid/hid-connection';
import { createNodeHidBackend } from '../hid/node-hid-backend';
import { createSocketBackend } from '../hid/socket-backend';
import { startVirtualAuthenticatorServer, type VirtualAuthenticatorServer } from '../virtual';

export interface KeyBackend {
  backend: HidBackend;
  close(): Promise<void>;
  /**
   * Training only: swaps the built-in virtual key for a fresh one, as if the next attendee
   * plugged in their own key from the kit. Null for real keys.
   */
  freshTrainingKey: (() => Promise<void>) | null;
}

/**
 * `hid`: real keys through node-hid. `virtual` (training): an in-process virtual authenticator
 * behind the loopback socket backend, so training runs the same client code as real keys.
 * The server starts on first use, so a core that never touches keys opens no socket.
 */
export function createKeyBackend(kind: HidBackend['kind']): KeyBackend {
  if (kind === 'hid') return { backend: createNodeHidBackend(), close: async () => undefined, freshTrainingKey: null };
  let server: Promise<VirtualAuthenticatorServer> | null = null;
  let socketBackend: Promise<HidBackend> | null = null;
  const ready = () => {
    server ??= startVirtualAuthenticatorServer();
    socketBackend ??= server.then((s) => createSocketBackend({ port: s.port }));
    return socketBackend;
  };
  return {
    backend: {
      kind: 'virtual',
      list: async () => (await ready()).list(),
      open: async (path) => (await ready()).open(path),
    },
    async close() {
      if (server) await (await server).close();
      server = null;
      socketBackend = null;
    },
    async freshTrainingKey() {
      // A new server on a new port: the old key's path disappears and a new one appears.
      const old = server;
      server = null;
      socketBackend = null;
      if (old) await (await old).close();
      await ready();
    },
  };
}
