// limits.test.mjs - the server's limits (issue 9) at their edges, each set
// through its `msup serve` option or environment variable (docs/limits.md):
// a JSON body of exactly --body-limit bytes passes, one more byte is 413
// naming "body"; an evidence file of exactly --upload-limit bytes is stored,
// one more is 413 naming "file"; --max-connections N: N connections are
// served, the N+1-th is not (closed or left waiting) until one ends;
// --per-ip-connections likewise per client address; an idle connection is
// closed after --timeout-s; the N-th login / complaint of a window passes
// and the N+1-th is 429 with Retry-After; with --db-pool 1 and 4 threads,
// 24 concurrent requests all succeed (they queue) on one database
// connection; a bad value stops `msup serve` with the option named, in
// zh-CN and en.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, assertError, rawConnect } from './lib/client.mjs';
import { msupBinary, startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser } from './lib/users.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const GET = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';

/** A raw connection that got its answer to GET /healthz (kept open). */
async function served(port) {
  const c = await rawConnect(port);
  await c.write(GET);
  const r = await c.response();
  assert.equal(r.status, 200);
  return c;
}

/** 'served' | 'closed' | 'waiting' for a new connection within MS. */
async function fate(port, ms = 1500) {
  let c;
  try {
    c = await rawConnect(port);
  } catch {
    return { what: 'closed' };
  }
  await c.write(GET).catch(() => {});
  const res = await Promise.race([
    c.response().then(
      (r) => (r.status === 200 ? 'served' : `status ${r.status}`),
      () => 'closed',
    ),
    sleep(ms).then(() => 'waiting'),
  ]);
  return { what: res, conn: c };
}

/** `msup serve ARGS` with ENV; resolves {code, stderr} (it must not start). */
function serveFails(args, env = {}) {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'msup-limits-'));
    execFile(
      msupBinary(),
      ['--db', `sqlite:${join(dir, 'x.db')}`, 'serve', '--listen', '127.0.0.1:1', ...args],
      { env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...env }, timeout: 10000 },
      (error, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        resolve({ code: error ? error.code : 0, stderr });
      },
    );
  });
}

describe(`limits [${testBackend()}]`, { timeout: 120000 }, () => {
  test('bad values stop the start, naming the option or variable (zh-CN and en)', async () => {
    for (const [args, env, name] of [
      [['--threads', '0'], {}, '--threads'],
      [['--threads', '65'], {}, '--threads'],
      [['--max-connections', 'x'], {}, '--max-connections'],
      [['--body-limit', '1023'], {}, '--body-limit'],
      [['--upload-limit', '-1'], {}, '--upload-limit'],
      [['--row-cache', '1048577'], {}, '--row-cache'],
      [[], { MSUP_ROW_CACHE: '-5' }, 'MSUP_ROW_CACHE'],
      [['--db-pool', '99999999999999999999999'], {}, '--db-pool'],
      [['--timeout-s', ''], {}, '--timeout-s'],
      [['--login-limit', '0'], {}, '--login-limit'],
      [[], { MSUP_COMPLAINT_WINDOW_S: '1e3' }, 'MSUP_COMPLAINT_WINDOW_S'],
      [[], { MSUP_PER_IP_CONNECTIONS: '70000' }, 'MSUP_PER_IP_CONNECTIONS'],
      [['--threads', '4', '--max-connections', '2'], {}, '--max-connections'],
    ]) {
      const zh = await serveFails(args, env);
      assert.notEqual(zh.code, 0, `${args} ${JSON.stringify(env)}: must not start`);
      assert.ok(zh.stderr.includes(`${name}:`) && zh.stderr.includes('取值无效'), `zh: ${zh.stderr}`);
      const en = await serveFails(args, { ...env, LANG: 'en_US.UTF-8' });
      assert.notEqual(en.code, 0);
      assert.ok(en.stderr.includes(`${name}:`) && en.stderr.includes('invalid value'), `en: ${en.stderr}`);
    }
    // The option wins over its variable.
    const ok = await serveFails(['--threads', '0'], { MSUP_THREADS: '2' });
    assert.ok(ok.stderr.includes('--threads:'), ok.stderr);
  });

  test('--help lists every limit with its variable and default', async () => {
    const out = await new Promise((resolve) =>
      execFile(msupBinary(), ['serve', '--help'], (e, stdout) => resolve({ code: e ? e.code : 0, stdout })),
    );
    assert.equal(out.code, 0);
    for (const o of ['threads', 'db-pool', 'max-connections', 'per-ip-connections', 'timeout-s', 'body-limit', 'upload-limit', 'row-cache', 'login-limit', 'login-window-s', 'complaint-limit', 'complaint-window-s', 'complaint-lookup-limit', 'complaint-lookup-window-s']) {
      const env = `MSUP_${o.toUpperCase().replace(/-/g, '_')}`;
      assert.match(out.stdout, new RegExp(`--${o}\\s+${env}\\s`), `--help shows --${o} ${env}`);
    }
  });

  describe('connections, body, timeout, login rate', () => {
    let server;
    before(async () => {
      server = await startServer({
        args: ['--threads', '1', '--max-connections', '3', '--body-limit', '2048', '--timeout-s', '3'],
        env: { ...ENV, MSUP_LOGIN_LIMIT: '3', MSUP_LOGIN_WINDOW_S: '600' },
      });
    });
    after(async () => server && (await server.stop()));

    test('a JSON body of exactly --body-limit bytes passes, one more is 413 naming "body"', async () => {
      const api = new Client(server.url);
      const body = (n) => `{"name":"${'x'.repeat(n - 11)}"}`;
      assert.equal(body(2048).length, 2048);
      const at = await api.call('POST', '/api/v1/units', { body: body(2048), headers: { 'content-type': 'application/json' } });
      assertError(at, 401, 'unauthenticated'); // read, parsed: past the limit check
      const over = await api.call('POST', '/api/v1/units', { body: body(2049), headers: { 'content-type': 'application/json' } });
      const e = assertError(over, 413, 'body_too_large', 'body');
      assert.match(e.message, /2048/);
      // A route with its own smaller limit keeps it (login: 4096).
      const login = await api.call('POST', '/api/v1/session', { body: `{"username":"${'u'.repeat(4097 - 15)}"}`, headers: { 'content-type': 'application/json' } });
      assertError(login, 413, 'body_too_large', 'body');
    });

    test('--max-connections 3: three connections are served, a fourth only once one ends', async () => {
      await sleep(3500); // the idle connections of the tests before (and of fetch) time out
      const held = [await served(server.port), await served(server.port), await served(server.port)];
      const fourth = await fate(server.port, 1000);
      assert.notEqual(fourth.what, 'served', 'the fourth connection is not served while three are open');
      held[0].end();
      await held[0].closed;
      await sleep(200);
      if (fourth.what === 'waiting') {
        // queued in the listen backlog: it is answered now
        const r = await fourth.conn.response();
        assert.equal(r.status, 200);
      } else {
        const again = await fate(server.port, 3000);
        assert.equal(again.what, 'served');
        again.conn.end();
      }
      fourth.conn?.end();
      for (const c of held.slice(1)) c.end();
      await sleep(200);
    });

    test('an idle connection is closed after --timeout-s 3', async () => {
      const c = await served(server.port);
      const t0 = Date.now();
      const closed = await Promise.race([c.closed, sleep(8000).then(() => false)]);
      assert.equal(closed, true, 'closed by the server');
      const s = (Date.now() - t0) / 1000;
      assert.ok(s >= 2.5 && s < 7, `closed after ${s} s`);
    });

    test('--login-limit 3: the third login of the window is answered, the fourth is 429 with Retry-After', async () => {
      const api = new Client(server.url);
      for (let i = 1; i <= 3; i++) {
        const r = await api.call('POST', '/api/v1/session', { json: { username: 'nobody', password: 'Wrong-pass-123' } });
        assert.equal(r.status, 401, `login ${i}: ${r.text}`);
      }
      const r = await api.call('POST', '/api/v1/session', { json: { username: 'nobody', password: 'Wrong-pass-123' } });
      assertError(r, 429, 'rate_limited');
      const after = Number(r.headers.get('retry-after'));
      assert.ok(after > 0 && after <= 600, `Retry-After ${r.headers.get('retry-after')}`);
    });
  });

  describe('per-address connections', () => {
    let server;
    before(async () => {
      server = await startServer({ args: ['--threads', '1', '--per-ip-connections', '2', '--timeout-s', '3'], env: ENV });
    });
    after(async () => server && (await server.stop()));

    test('--per-ip-connections 2: two connections of 127.0.0.1 are served, a third is not', async () => {
      await sleep(3500); // the readiness probe's idle connection times out
      const held = [await served(server.port), await served(server.port)];
      const third = await fate(server.port, 1000);
      assert.notEqual(third.what, 'served');
      third.conn?.end();
      held[0].end();
      await held[0].closed;
      await sleep(200);
      const again = await fate(server.port, 3000);
      assert.equal(again.what, 'served');
      again.conn.end();
      held[1].end();
    });
  });

  describe('uploads, pool, complaint rate', () => {
    let server;
    let dc;
    let inspection;
    let evDir;
    before(async () => {
      evDir = mkdtempSync(join(tmpdir(), 'msup-limits-ev-'));
      server = await startServer({
        seed: true,
        args: ['--upload-limit', '4096', '--threads', '4', '--db-pool', '1', '--complaint-limit', '2', '--evidence-dir', evDir],
        env: { ...ENV, MSUP_NOW: '2021-06-15T02:00:00Z' },
      });
      dc = await makeUser(server, 'limdc', 'authority', ['--authority', '110101']);
      const me = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
      const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '限制测试', year: 2021 } });
      assert.equal(c.status, 201, c.text);
      const d = await dc.call('POST', '/api/v1/campaigns/{id}/draws', { params: { id: c.body.id }, json: { authority_id: me, kind: 'units', seed: '限制测试' } });
      assert.equal(d.status, 201, d.text);
      const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: d.body.id } });
      inspection = l.body.items[0].id;
    });
    after(async () => {
      if (server) await server.stop();
      rmSync(evDir, { recursive: true, force: true });
    });

    const png = (n) => {
      const head = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      return Buffer.concat([head, Buffer.alloc(n - head.length, n & 0xff)]);
    };
    const upload = (bytes) => {
      const fd = new FormData();
      fd.append('file', new Blob([bytes], { type: 'image/png' }), 'limit.png');
      return dc.call('POST', '/api/v1/inspections/{id}/evidence', { params: { id: inspection }, body: fd });
    };

    test('an evidence file of exactly --upload-limit bytes is stored, one more byte is 413 naming "file"', async () => {
      const at = await upload(png(4096));
      assert.equal(at.status, 201, at.text);
      assert.equal(at.body.size, 4096);
      const over = await upload(png(4097));
      const e = assertError(over, 413, 'evidence_too_large', 'file');
      assert.match(e.message, /4096/);
      // a body past the limit and its form allowance is refused unread
      const huge = await upload(png(4096 + 64 * 1024 + 1));
      assertError(huge, 413, 'body_too_large', 'body');
      const list = await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: inspection } });
      assert.equal(list.status, 200);
    });

    test('--db-pool 1 with 4 threads: 24 concurrent requests all succeed on one connection', async () => {
      const reqs = [];
      for (let i = 0; i < 24; i++)
        reqs.push(i % 3 === 0
          ? dc.call('GET', '/api/v1/standards', { query: { per_page: 50, page: 1 + (i % 4) } })
          : i % 3 === 1
            ? dc.call('GET', '/api/v1/inspections/{id}', { params: { id: inspection } })
            : dc.call('PUT', '/api/v1/inspections/{id}/results', { params: { id: inspection }, json: [{ item_no: 1, verdict: 'conform', note: `pool ${i}` }] }));
      const res = await Promise.all(reqs);
      for (const r of res) assert.equal(r.status, 200, r.text);
      const m = await fetch(`${server.url}/metrics`).then((x) => x.text());
      assert.match(m, /^msup_db_connections 1$/m, 'one database connection');
    });

    test('--complaint-limit 2: the second complaint is filed, the third is 429 with Retry-After', async () => {
      const unit = (await dc.call('GET', '/api/v1/units', { query: { per_page: 1 } })).body.items[0];
      const anon = new Client(server.url);
      for (let i = 1; i <= 2; i++) {
        const r = await anon.call('POST', '/api/v1/public/complaints', { json: { unit_uscc: unit.uscc, summary: `限流测试 ${i}` } });
        assert.equal(r.status, 201, `complaint ${i}: ${r.text}`);
      }
      const r = await anon.call('POST', '/api/v1/public/complaints', { json: { unit_uscc: unit.uscc, summary: '限流测试 3' } });
      assertError(r, 429, 'rate_limited');
      assert.ok(Number(r.headers.get('retry-after')) > 0, `Retry-After ${r.headers.get('retry-after')}`);
    });
  });
});
