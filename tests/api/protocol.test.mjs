// protocol.test.mjs - what every route does before any login: 401 with the
// error shape on each non-public route of `msup routes`, 405, 404 for
// unknown /api paths, 413 at the body limit, 415 and 400 on public JSON
// routes, and the security headers on every kind of reply.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, assertError, fillPattern } from './lib/client.mjs';
import { msupRoutes, startServer, testBackend } from './lib/server.mjs';
import { validateResponse } from './lib/spec.mjs';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CJK = /[\u4e00-\u9fff]/;

/** A sample path for PATTERN: every {param} is 1. */
function samplePath(pattern) {
  return fillPattern(pattern, new Proxy({}, { get: () => 1 }));
}

/** A JSON text of exactly N bytes (N >= 10): {"pad":"aaa…"}. */
function jsonOfSize(n) {
  const s = `{"pad":"${'a'.repeat(n - 10)}"}`;
  assert.equal(Buffer.byteLength(s), n);
  return s;
}

describe(`protocol without login [${testBackend()}]`, { timeout: 60000 }, () => {
  let server;
  let api;
  const routes = msupRoutes();
  const protectedRoutes = routes.filter((r) => !r.public);
  const bodyRoutes = routes.filter((r) => r.body !== 'none');
  const publicJson = routes.filter((r) => r.public && r.body === 'json');
  const noPublicJson = publicJson.length
    ? false
    : 'no public JSON route is routed yet (POST /api/v1/session is pending)';

  before(async () => {
    server = await startServer();
    api = new Client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  test('the route table has protected routes to check', () => {
    assert.ok(protectedRoutes.length >= 20, `only ${protectedRoutes.length} protected routes`);
    assert.ok(routes.some((r) => r.public && r.pattern === '/healthz'));
  });

  test('401 with the error shape on every non-public route', async () => {
    for (const r of protectedRoutes) {
      const res = await api.call(r.method, r.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        json: r.body === 'json' ? {} : undefined,
      });
      assertError(res, 401, 'unauthenticated', null);
      assert.equal(res.headers.get('set-cookie'), null, `${r.method} ${r.pattern}: no cookie on 401`);
    }
  });

  test('401 for a forged session cookie or bearer token', async () => {
    const forged = [
      { cookie: `msup_session=${'0'.repeat(64)}` },
      { authorization: `Bearer msup_${'0'.repeat(64)}` },
      { authorization: 'Bearer ' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
    ];
    for (const headers of forged) {
      for (const r of protectedRoutes.filter((x) => x.method === 'GET').slice(0, 3)) {
        const res = await api.call('GET', r.pattern, { params: new Proxy({}, { get: () => 1 }), headers });
        assertError(res, 401, 'unauthenticated');
      }
      const post = protectedRoutes.find((x) => x.method === 'POST' && x.body === 'json');
      const res = await api.call('POST', post.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        json: {},
        headers: { ...headers, 'x-csrf-token': '0'.repeat(64) },
      });
      assertError(res, 401, 'unauthenticated');
    }
  });

  test('error messages follow Accept-Language (zh-CN by default, en on request)', async () => {
    const pattern = protectedRoutes.find((r) => r.method === 'GET').pattern;
    const zh = await api.call('GET', pattern, { params: { id: 1 } });
    const en = await new Client(server.url, { lang: 'en-US,en;q=0.9' }).call('GET', pattern, { params: { id: 1 } });
    const zhCN = await new Client(server.url, { lang: 'zh-CN,zh;q=0.9' }).call('GET', pattern, { params: { id: 1 } });
    assert.match(assertError(zh, 401).message, CJK);
    assert.match(assertError(zhCN, 401).message, CJK);
    const enMsg = assertError(en, 401).message;
    assert.doesNotMatch(enMsg, CJK);
    assert.match(enMsg, /[a-z]{3}/i);
    assert.equal(en.body.error.code, zh.body.error.code, 'the code does not depend on the language');
  });

  test('405 for a method a known path does not take (even before login)', async () => {
    const byPath = new Map();
    for (const r of routes) byPath.set(r.pattern, [...(byPath.get(r.pattern) ?? []), r.method]);
    let n = 0;
    for (const [pattern, methods] of byPath) {
      for (const m of METHODS.filter((x) => !methods.includes(x))) {
        const res = await api.request(m, samplePath(pattern), {
          json: m === 'GET' ? undefined : {},
        });
        validateResponse(m, pattern, res.status, res.body);
        assertError(res, 405, 'method_not_allowed');
        assert.ok(res.body.error.message.includes(m), `the message names ${m}`);
        n++;
      }
    }
    assert.ok(n >= byPath.size, 'every path was tried');
  });

  test('404 for unknown /api paths, whatever the method', async () => {
    const unknown = [
      ['GET', '/api/v1/no-such-thing'],
      ['GET', '/api/v1/units/1/no-such-child'],
      ['GET', '/api/v1/'],
      ['GET', '/api/v2/units'],
      ['GET', '/api/'],
      ['POST', '/api/v1/no-such-thing'],
      ['DELETE', '/api/v1/no-such-thing/1'],
      ['PUT', '/api/v1/units/1/2/3'],
    ];
    for (const [m, p] of unknown) {
      const res = await api.request(m, p, { json: m === 'GET' ? undefined : {} });
      validateResponse(m, null, res.status, res.body);
      assertError(res, 404, 'not_found');
    }
  });

  test('413 for a body of limit+1 bytes on every route that takes one; limit bytes pass', async () => {
    assert.ok(bodyRoutes.length >= 10);
    for (const r of bodyRoutes) {
      assert.ok(Number.isInteger(r.limit) && r.limit > 10, `${r.method} ${r.pattern}: limit ${r.limit}`);
      const type = r.body === 'json' ? 'application/json' : 'multipart/form-data; boundary=x';
      const over = await api.call(r.method, r.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        body: jsonOfSize(r.limit + 1),
        headers: { 'content-type': type },
      });
      const e = assertError(over, 413, 'body_too_large');
      assert.ok(e.message.includes(String(r.limit)), `the message gives the limit ${r.limit}: ${e.message}`);
      const at = await api.call(r.method, r.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        body: jsonOfSize(r.limit),
        headers: { 'content-type': type },
      });
      assert.notEqual(at.status, 413, `${r.method} ${r.pattern}: exactly ${r.limit} bytes is allowed`);
      if (!r.public) assertError(at, 401, 'unauthenticated');
    }
  });

  test('413 also for a chunked body (no Content-Length) over the limit', async () => {
    const r = bodyRoutes.find((x) => x.body === 'json');
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const total = r.limit + 1;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent >= total) return controller.close();
        const n = Math.min(chunk.length, total - sent);
        controller.enqueue(chunk.subarray(0, n));
        sent += n;
      },
    });
    const res = await api.call(r.method, r.pattern, {
      params: new Proxy({}, { get: () => 1 }),
      body: stream,
      headers: { 'content-type': 'application/json' },
    });
    assertError(res, 413, 'body_too_large');
  });

  test('415 for a body that is not application/json', { skip: noPublicJson }, async () => {
    for (const r of publicJson) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
        const res = await api.call(r.method, r.pattern, {
          params: new Proxy({}, { get: () => 1 }),
          body: '{}',
          headers: { 'content-type': type },
        });
        assertError(res, 415, 'unsupported_media_type', 'Content-Type');
      }
      const ok = await api.call(r.method, r.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        body: '{}',
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      assert.ok(![400, 413, 415].includes(ok.status), `JSON with a charset is accepted: ${ok.status} ${ok.text}`);
    }
  });

  test('400 for malformed JSON, with line:column in the message', { skip: noPublicJson }, async () => {
    for (const r of publicJson) {
      const send = (body, lang) =>
        new Client(server.url, { lang }).call(r.method, r.pattern, {
          params: new Proxy({}, { get: () => 1 }),
          body,
          headers: { 'content-type': 'application/json' },
        });
      // The error is on line 3.
      const bad = '{\n  "username": "a",\n  "password": "b",,\n  "x": 1\n}';
      const zh = assertError(await send(bad), 400, 'malformed_json');
      assert.match(zh.message, /\b3:\d+\b/, `line:column in "${zh.message}"`);
      assert.match(zh.message, CJK);
      const en = assertError(await send(bad, 'en'), 400, 'malformed_json');
      assert.match(en.message, /\b3:\d+\b/, `line:column in "${en.message}"`);
      assertError(await send('{"username": "a"'), 400, 'malformed_json');
      assertError(await send('{"a": 1, "a": 2}'), 400, 'malformed_json');
      assertError(await send('[1, 2]'), 400, 'json_not_object');
      assertError(await send('"text"'), 400);
    }
  });

  test('422 unknown_field names a member the route does not know', { skip: noPublicJson }, async () => {
    for (const r of publicJson) {
      const res = await api.call(r.method, r.pattern, {
        params: new Proxy({}, { get: () => 1 }),
        json: { no_such_member: 1 },
      });
      assertError(res, 422, 'unknown_field', 'no_such_member');
    }
  });

  test('security headers on every kind of reply', async () => {
    const post = protectedRoutes.find((x) => x.method === 'POST' && x.body === 'json');
    const replies = [
      ['200 healthz', await api.call('GET', '/healthz'), true],
      ['200 metrics', await api.call('GET', '/metrics'), true],
      ['200 openapi', await api.call('GET', '/api/v1/openapi.yaml'), true],
      ['401', await api.call('GET', '/api/v1/units'), true],
      ['404 api', await api.call('GET', '/api/v1/nowhere'), true],
      ['405', await api.call('DELETE', '/healthz'), true],
      [
        '413',
        await api.call(post.method, post.pattern, {
          params: new Proxy({}, { get: () => 1 }),
          body: jsonOfSize(post.limit + 1),
          headers: { 'content-type': 'application/json' },
        }),
        true,
      ],
      ['web UI', await api.request('GET', '/'), false],
    ];
    for (const [name, res, isApi] of replies) {
      const h = res.headers;
      const csp = h.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, `${name}: CSP default-src`);
      assert.match(csp, /frame-ancestors 'none'/, `${name}: CSP frame-ancestors`);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/, `${name}: no unsafe scripts`);
      assert.equal(h.get('x-frame-options'), 'DENY', `${name}: X-Frame-Options`);
      assert.equal(h.get('x-content-type-options'), 'nosniff', `${name}: nosniff`);
      assert.ok(
        ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(
          h.get('referrer-policy'),
        ),
        `${name}: Referrer-Policy ${h.get('referrer-policy')}`,
      );
      if (isApi) assert.match(h.get('cache-control') ?? '', /no-store/, `${name}: Cache-Control no-store`);
    }
  });
});
