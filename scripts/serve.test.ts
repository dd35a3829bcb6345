// The classroom server (scripts/serve.mjs): it hands out files from its folder and nothing else, and a
// port already taken moves it to the next free one instead of failing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInside, serveSite } from './serve.mjs';

const root = mkdtempSync(join(tmpdir(), 'serve-test-'));
const dist = join(root, 'dist');
mkdirSync(join(dist, 'chapter'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<h1>front</h1>');
writeFileSync(join(dist, 'chapter', 'index.html'), '<h1>chapter</h1>');
writeFileSync(join(dist, '404.html'), '<h1>not found</h1>');
// A sibling whose name starts with the served folder's: the case a prefix test without a separator lets through.
mkdirSync(join(root, 'dist-secret'));
writeFileSync(join(root, 'dist-secret', 'key.txt'), 'SECRET');
writeFileSync(join(root, 'outside.txt'), 'SECRET');

/** A raw GET that sends the path exactly as written (fetch would normalise dot segments). */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(['/', '/courses/ml/aside/'])('serving under the base %s', (base) => {
  let server: { url: string; close(): Promise<void> };
  let port: number;
  beforeAll(async () => {
    server = await serveSite({ dir: dist, base, port: 0 });
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.close());

  it('serves pages from its folder', async () => {
    await expect(get(port, `${base}chapter/`)).resolves.toEqual({ status: 200, body: '<h1>chapter</h1>' });
  });

  it.each([
    '..%2fdist-secret/key.txt',
    '..%2F..%2Fdist-secret%2Fkey.txt',
    '%2e%2e/dist-secret/key.txt',
    '..%2foutside.txt',
    '%2e%2e%2f%2e%2e%2foutside.txt',
    '..%5cdist-secret%5ckey.txt',
    'chapter/..%2f..%2fdist-secret/key.txt',
  ])('never serves a file outside it: %s', async (path) => {
    const { status, body } = await get(port, base + path);
    expect(body).not.toContain('SECRET');
    expect(status).toBe(404);
  });
});

describe('fileInside', () => {
  it('keeps paths inside the folder and refuses the rest', () => {
    expect(fileInside(dist, 'chapter/index.html')).toBe(join(dist, 'chapter', 'index.html'));
    expect(fileInside(dist, '')).toBe(dist);
    expect(fileInside(dist, '/etc/passwd')).toBe(join(dist, 'etc', 'passwd'));
    expect(fileInside(dist, '..foo')).toBe(join(dist, '..foo'));
    expect(fileInside(dist, '../dist-secret/key.txt')).toBeNull();
    expect(fileInside(dist, 'a/../../dist-secret')).toBeNull();
    expect(fileInside(dist, 'index.html\0.png')).toBeNull();
  });
});

describe('a port already in use', () => {
  let blocker: Server;
  let taken: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('is an error without nextFreePort', async () => {
    await expect(serveSite({ dir: dist, port: taken })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('moves to a following free port with nextFreePort', async () => {
    const server = await serveSite({ dir: dist, port: taken, nextFreePort: true });
    try {
      expect(server.port).toBeGreaterThan(taken);
      expect(server.port).toBeLessThanOrEqual(taken + 20);
      await expect(get(server.port, '/')).resolves.toMatchObject({ status: 200, body: '<h1>front</h1>' });
    } finally {
      await server.close();
    }
  });
});

describe('closing', () => {
  it('stops at once, even while a client holds a request open', async () => {
    const server = await serveSite({ dir: dist, base: '/', port: 0 });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // The server may drop us with a reset (ECONNRESET): expected here, and unhandled it would fail the run.
    socket.on('error', () => {});
    // Half a request: without dropping connections, close would wait for the headers timeout (60 s).
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const dropped = new Promise((resolve) => socket.once('close', resolve));
    await server.close();
    await dropped;
    expect(socket.destroyed).toBe(true);
  }, 10_000);
});
