import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIndexHtml } from './page-config.js';
import { createStaticFiles, resolveRequestPath } from './static-files.js';

/** A raw GET (fetch would normalise `..` away before it reaches the server). */
function get(port: number, rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files of the built front end', () => {
  let dir: string;
  let outside: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'monitor-static-'));
    outside = await mkdtemp(path.join(tmpdir(), 'monitor-outside-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<html><head><meta property="csp-nonce" nonce="AGENTOS_CSP_NONCE"></head><body></body></html>');
    await writeFile(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'assets', 'app-1a2b.css'), 'body{}');
    await writeFile(path.join(dir, 'favicon.svg'), '<svg/>');
    await writeFile(path.join(dir, '.env'), 'SECRET=1');
    await writeFile(path.join(outside, 'secret.txt'), 'top secret');
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    const files = createStaticFiles({ root: dir, renderIndex: (html) => renderIndexHtml(html, { token: 'tok"<en>', nonce: 'n0nce' }) });
    server = createServer(files);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves assets with their content types, hashed ones cached for good', async () => {
    const js = await get(port, '/assets/app-1a2b.js');
    expect(js).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(port, '/assets/app-1a2b.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await get(port, '/favicon.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('fills in index.html (escaped token, nonce, CSP) and never lets it be cached', async () => {
    for (const p of ['/', '/index.html', '/some/client/route']) {
      const r = await get(port, p);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body).toContain('<meta name="agentos-token" content="tok&quot;&lt;en&gt;">');
      expect(r.body).toContain('nonce="n0nce"');
      expect(r.body).not.toContain('AGENTOS_CSP_NONCE');
      expect(r.headers['content-security-policy']).toContain("style-src 'self' 'nonce-n0nce'");
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('refuses traversal, encoded traversal, dotfiles and symlinks that lead outside', async () => {
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/.env', '/assets%5c..%5c.env', '/%00', '/link.txt']) {
      const r = await get(port, p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
      expect(r.body).not.toContain('SECRET');
    }
  });

  it('answers 404 for missing assets and 405 for other methods', async () => {
    expect((await get(port, '/assets/missing.js')).status).toBe(404);
    const post = await get(port, '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('maps request paths inside the root only', () => {
    expect(resolveRequestPath('/srv/dist', '/assets/a.js')).toBe(path.resolve('/srv/dist/assets/a.js'));
    expect(resolveRequestPath('/srv/dist', '/a/../../x')).toBeNull();
    expect(resolveRequestPath('/srv/dist', '/%E0%A4%A')).toBeNull();
  });
});
