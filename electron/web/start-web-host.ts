import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { serveBridgeConnection, type BridgeCore } from './bridge-connection';
import { bridgePath } from './bridge-protocol';
import { securityHeaders } from '../host/content-security-policy';
import { readRendererFile, type RendererFile } from '../host/renderer-files';
import { checkBridgeUpgrade, hostMatches } from './upgrade-check';
import { injectWebBridge } from './web-bridge-script';

export interface WebHostOptions {
  core: BridgeCore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks any free port. */
  port?: number;
  /** Normally a fresh random token per start; kept across restarts with --keep-token (and fixed by tests). */
  token?: string;
}

export interface WebHost {
  /** What a person opens: the page, with the token as a query parameter. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * A roster file may be large: the contract allows 8 Mi characters of CSV text, which UTF-8 and
 * JSON escaping can grow up to six-fold. Only a page holding the token can send at all.
 */
const maxMessageBytes = 64 * 1024 * 1024;
const loopback = '127.0.0.1';

/**
 * The browser host: the built renderer over HTTP and the contract over a WebSocket, bound to
 * 127.0.0.1 only, with a per-start token and Origin checks on the bridge.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  let origin = '';

  const server = createServer((request, response) => {
    serveStatic(request, response, options.rendererDir, origin).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('The kiosk could not read its own files. Rebuild it with `npm run build`.');
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkBridgeUpgrade(request, { origin, token });
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveBridgeConnection(ws, options.core));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, loopback, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The web host did not get a TCP port.');
  origin = `http://${loopback}:${address.port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: address.port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolveClose) => wss.close(() => resolveClose()));
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

async function serveStatic(request: IncomingMessage, response: ServerResponse, rendererDir: string, origin: string): Promise<void> {
  const wsOrigin = origin.replace(/^http:/, 'ws:');
  // 'self' too: a page whose bridge was lost asks its own host whether it is up (web-bridge.ts).
  const headers = securityHeaders(`'self' ${wsOrigin}${bridgePath}`);
  if (!hostMatches(request.headers.host, origin)) {
    response.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`Open the kiosk at ${origin}/ (the address printed when it started).`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
    response.end();
    return;
  }
  const path = new URL(request.url ?? '/', origin).pathname;
  const file = await rendererFileWithBridge(rendererDir, path);
  if (!file && path === '/favicon.ico') {
    // Browsers ask for it unprompted; an empty answer keeps a 404 out of the console.
    response.writeHead(204, headers);
    response.end();
    return;
  }
  if (!file) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Not found.');
    return;
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': file.contentType,
    'Content-Length': String(file.body.length),
    // index.html is rewritten per start and web-bridge.js has no content hash: never cache.
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

/** A file of the built renderer; the app's page with the browser bridge in front of its own script. */
async function rendererFileWithBridge(rendererDir: string, path: string): Promise<RendererFile | null> {
  const file = await readRendererFile(rendererDir, path);
  return file?.index ? { ...file, body: Buffer.from(injectWebBridge(file.body.toString('utf8')), 'utf8') } : file;
}
