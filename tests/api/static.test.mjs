// static.test.mjs - the built web UI as msup serves it from --web DIR: files
// with their types, the SPA fallback to index.html for client-side routes,
// ETag revalidation (304), precompressed .gz when the client accepts gzip,
// long caching only for hashed assets, and no way out of the folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { startServer, testBackend } from './lib/server.mjs';

describe(`static files of the web UI [${testBackend()}]`, () => {
  let server;
  let dir;
  const index = '<!doctype html><title>计量标准监督检查系统</title><div id="app"></div>';
  const js = 'console.log("msup");\n'.repeat(200);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'msup-web-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), index);
    writeFileSync(path.join(dir, 'assets', 'app.3f2a1b.js'), js);
    writeFileSync(path.join(dir, 'assets', 'app.3f2a1b.js.gz'), gzipSync(js));
    writeFileSync(path.join(dir, 'assets', 'style.css'), 'body{margin:0}');
    server = await startServer({ args: ['--web', dir] });
  });

  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (p, headers = {}) => fetch(server.url + p, { headers, redirect: 'manual' });

  test('index.html at / with no-cache and the security headers', async () => {
    const r = await get('/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(await r.text(), index);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.ok(r.headers.get('content-security-policy'));
  });

  test('client-side routes fall back to index.html', async () => {
    for (const p of ['/registry/standards', '/campaigns/3/draws', '/login?next=%2F']) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.equal(await r.text(), index, p);
    }
  });

  test('assets with their type, long caching for hashed files, 304 on a matching ETag', async () => {
    const r = await get('/assets/app.3f2a1b.js');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/javascript/);
    assert.match(r.headers.get('cache-control'), /immutable/);
    assert.equal(await r.text(), js);
    const etag = r.headers.get('etag');
    assert.ok(etag && etag.startsWith('"'), 'an ETag');
    assert.ok(r.headers.get('last-modified'), 'a Last-Modified');
    const again = await get('/assets/app.3f2a1b.js', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    const css = await get('/assets/style.css');
    assert.match(css.headers.get('content-type'), /^text\/css/);
  });

  test('the precompressed file when the client accepts gzip', async () => {
    // fetch decompresses transparently; the header and the length tell.
    const r = await get('/assets/app.3f2a1b.js', { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-encoding'), 'gzip');
    assert.equal(r.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await r.text(), js);
    const plain = await get('/assets/app.3f2a1b.js', { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers.get('content-encoding'), null);
  });

  test('a missing file with an extension is a 404, not the app', async () => {
    const r = await get('/assets/missing.3f2a1b.js');
    assert.equal(r.status, 404);
  });

  test('no way out of the folder', async () => {
    for (const p of ['/../../etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd']) {
      const r = await get(p);
      const body = await r.text();
      assert.ok(!body.includes('root:'), `${p} leaked a file`);
      assert.ok(r.status === 404 || (r.status === 200 && body === index), `${p}: ${r.status}`);
    }
  });

  test('unknown /api paths stay JSON 404s', async () => {
    const r = await get('/api/v1/nothing-here');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /application\/json/);
  });
});
