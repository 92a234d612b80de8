// Child process of fido.bench.ts: the virtual authenticator server in its own process, so the
// bench's CPU figures are the client's alone. Prints {"port": N} and runs until stdin closes.
import { startVirtualAuthenticatorServer, VirtualAuthenticator } from '../../electron/core/fido/virtual';

const server = await startVirtualAuthenticatorServer({
  authenticator: new VirtualAuthenticator({ maxDiscoverableCredentials: 1000, resetWindowMs: null }),
});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
