// shutdown.test.mjs - SIGTERM stops the server gracefully: requests in
// flight are answered in full, idle keep-alive connections do not hold the
// stop, and the exit code is 0.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { rawConnect } from './lib/client.mjs';
import { msupRoutes, startServer, testBackend } from './lib/server.mjs';
import { validateResponse } from './lib/spec.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe(`graceful stop [${testBackend()}]`, { timeout: 60000 }, () => {
  test('requests in flight when SIGTERM arrives are answered in full', async () => {
    const server = await startServer();
    const conns = [];
    try {
      // Requests whose body is still arriving when the signal comes: the
      // server has their headers, so they are in flight.
      const targets = msupRoutes()
        .filter((r) => r.body === 'json' && !r.public)
        .slice(0, 4);
      assert.ok(targets.length >= 2);
      const body = '{"name":"in flight"}';
      for (const r of targets) {
        const c = await rawConnect(server.port);
        const path = r.pattern.replace(/\{[^}]+\}/g, '1');
        await c.write(
          `${r.method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 8)}`,
        );
        conns.push({ c, r });
      }
      // A complete request on a keep-alive connection, then idle.
      const idle = await rawConnect(server.port);
      await idle.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal((await within(idle.response(), 5000, 'healthz')).status, 200);
      await sleep(200);

      server.proc.kill('SIGTERM');
      await sleep(300);
      assert.equal(server.proc.exitCode, null, 'the server waits for the requests in flight');

      for (const { c } of conns) await c.write(body.slice(8));
      for (const { c, r } of conns) {
        const res = await within(c.response(), 5000, `${r.method} ${r.pattern}`);
        const json = JSON.parse(res.body);
        validateResponse(r.method, r.pattern, res.status, json, res.headers['content-type']);
        assert.equal(res.status, 401, `${r.method} ${r.pattern} answered`);
        assert.equal(json.error.code, 'unauthenticated');
      }
      const { code } = await within(server.exited, 10000, 'exit after SIGTERM');
      assert.equal(code, 0, `exit code:\n${server.output()}`);
      await within(idle.closed, 1000, 'idle connection closed');
    } finally {
      for (const { c } of conns) c.end();
      await server.stop();
    }
  });

  test('an idle keep-alive connection does not delay the stop', async () => {
    const server = await startServer();
    const idle = await rawConnect(server.port);
    try {
      await idle.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
      const res = await within(idle.response(), 5000, 'healthz');
      assert.equal(res.status, 200);
      validateResponse('GET', '/healthz', res.status, JSON.parse(res.body), res.headers['content-type']);
      const t0 = Date.now();
      server.proc.kill('SIGTERM');
      const { code } = await within(server.exited, 5000, 'exit with an idle connection open');
      assert.equal(code, 0, server.output());
      assert.ok(Date.now() - t0 < 5000);
      await within(idle.closed, 1000, 'idle connection closed');
      assert.match(server.output(), /stopping/, 'the stop is logged');
    } finally {
      idle.end();
      await server.stop();
    }
  });

  test('no new connection is served after SIGTERM', async () => {
    const server = await startServer();
    try {
      server.proc.kill('SIGTERM');
      const { code } = await within(server.exited, 5000, 'exit after SIGTERM');
      assert.equal(code, 0, server.output());
      await assert.rejects(fetch(`${server.url}/healthz`), 'the port is closed');
    } finally {
      await server.stop();
    }
  });
});
