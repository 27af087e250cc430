/**
 * A static file server on loopback for the demo article and test pages. It
 * answers every host name, so a browser told to resolve a news domain to
 * 127.0.0.1 gets these pages under that domain.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  port: number;
  /** Every request received, as `host/path?query`, in order (the privacy test reads it). */
  requests: string[];
  close: () => Promise<void>;
}

/**
 * Answers a request in its own way, or returns false to let the files answer
 * (the tests' faulty subscription server).
 */
export type Intercept = (path: string, request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Serves folders on 127.0.0.1: `mounts` maps a URL prefix ending in `/` to a
 * folder; `/` itself is `index` in the `/` folder. Port 0 picks a free port.
 */
export async function serveDirectories(
  mounts: Record<string, string>,
  { index = 'article.html', port = 0, intercept }: { index?: string; port?: number; intercept?: Intercept } = {},
): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    requests.push(`${request.headers.host ?? ''}${request.url ?? ''}`);
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (intercept?.(path, request, response)) return;
    const prefix = prefixes.find((p) => path.startsWith(p));
    const root = prefix === undefined ? undefined : normalize(mounts[prefix]!);
    const file = root && normalize(join(root, path === '/' ? index : path.slice(prefix!.length)));
    if (!root || !file || !file.startsWith(root + sep)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        // Loopback only: lets the extension fetch a set served here as a subscription.
        'access-control-allow-origin': '*',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  // An https request (every host maps here in the tests) arrives as a TLS
  // handshake the HTTP parser refuses: its host is read from the handshake's
  // server name, so the log misses no request, encrypted or not.
  // A browser told to use this server as its proxy asks for https hosts with CONNECT.
  server.on('connect', (request, socket) => {
    requests.push(`https://${(request.url ?? '').replace(/:443$/, '')}`);
    socket.destroy();
  });
  server.on('clientError', (error: Error & { rawPacket?: Buffer }, socket) => {
    const name = error.rawPacket && serverNameOf(error.rawPacket);
    if (name) requests.push(`https://${name}`);
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no port.');
  return {
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server name (SNI) a TLS ClientHello asks for, or null when `packet` is not one. */
export function serverNameOf(packet: Buffer): string | null {
  try {
    if (packet[0] !== 0x16 || packet[5] !== 0x01) return null;
    let at = 9 + 2 + 32; // record and handshake headers, version, random
    at += 1 + packet[at]!; // session id
    at += 2 + packet.readUInt16BE(at); // cipher suites
    at += 1 + packet[at]!; // compression methods
    const end = at + 2 + packet.readUInt16BE(at);
    at += 2;
    while (at + 4 <= end) {
      const type = packet.readUInt16BE(at);
      const length = packet.readUInt16BE(at + 2);
      if (type === 0) return packet.toString('latin1', at + 9, at + 9 + packet.readUInt16BE(at + 7));
      at += 4 + length;
    }
  } catch {
    // A packet cut short is not a ClientHello we can read.
  }
  return null;
}
