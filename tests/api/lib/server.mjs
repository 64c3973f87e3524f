// server.mjs - the real msup server for black-box tests: the binary from
// $MSUP on a free 127.0.0.1 port over a fresh database (a temporary SQLite
// file, or a new database in the throwaway PostgreSQL cluster named by
// $MSUP_PG_STATE/url), optionally seeded with the demo data set. Nothing is
// built here.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { specPath } from './spec.mjs';

const run = promisify(execFile);

/** Absolute path of the msup binary ($MSUP). */
export function msupBinary() {
  const bin = process.env.MSUP;
  assert.ok(bin, 'set MSUP to the absolute path of the msup binary');
  return path.resolve(bin);
}

/** The backend under test: $MSUP_TEST_BACKEND, "sqlite" (default) or "pg". */
export function testBackend() {
  const b = process.env.MSUP_TEST_BACKEND || 'sqlite';
  assert.ok(b === 'sqlite' || b === 'pg', `MSUP_TEST_BACKEND must be sqlite or pg, not ${b}`);
  return b;
}

let routesCache;
/**
 * The route table as printed by `msup routes`: [{method, pattern, roles,
 * public, audit, body, limit}], in table order.
 */
export function msupRoutes() {
  if (!routesCache) {
    const out = execFileSync(msupBinary(), ['routes'], { encoding: 'utf8' });
    routesCache = out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    assert.ok(routesCache.length > 0, '`msup routes` printed no route');
  }
  return routesCache;
}

/** Whether the binary has the `demo` command (seeding is optional). */
export function demoAvailable() {
  const r = execFileSync(msupBinary(), ['--help'], { encoding: 'utf8' });
  return /^\s+demo\s/m.test(r);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let dbCounter = 0;

/** A fresh database of BACKEND: {url, drop()}. */
async function freshDatabase(backend) {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'msup-api-'));
    return {
      url: `sqlite:${path.join(dir, 'msup.db')}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const state = process.env.MSUP_PG_STATE;
  assert.ok(state, 'MSUP_PG_STATE must name the throwaway cluster (scripts/pg-cluster start DIR)');
  const admin = readFileSync(path.join(state, 'url'), 'utf8').trim();
  const m = /^(postgres(?:ql)?:\/\/[^/?]*\/)([^?]*)(\?.*)?$/.exec(admin);
  assert.ok(m, `unexpected cluster URL ${admin}`);
  const name = `msup_api_${process.pid}_${++dbCounter}_${Math.random().toString(36).slice(2, 8)}`;
  await run('psql', [admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'msup-api-'));
  return {
    url: `${m[1]}${name}${m[3] ?? ''}`,
    dir,
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await run('psql', [admin, '-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(
        () => {},
      );
    },
  };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Start `msup serve` and wait until /healthz answers 200.
 *   backend: "sqlite" | "pg" (default: $MSUP_TEST_BACKEND)
 *   seed:    run `msup --db URL demo --scale small --seed 1` first (throws
 *            when the binary has no demo command: check demoAvailable())
 *   args:    extra `serve` options; env: extra environment
 * Returns {url, port, backend, dbUrl, proc, output(), cli(), stop()}. stop() sends
 * SIGTERM, waits for the exit and throws unless the exit code is 0; it also
 * removes the database. Call it in after().
 */
export async function startServer({ backend = testBackend(), seed = false, args = [], env = {} } = {}) {
  const bin = msupBinary();
  const db = await freshDatabase(backend);
  const childEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...env };
  delete childEnv.MSUP_DB;
  delete childEnv.MSUP_LISTEN;
  try {
    if (seed) {
      assert.ok(demoAvailable(), 'this msup has no `demo` command yet: cannot seed');
      await run(bin, ['--db', db.url, 'demo', '--scale', 'small', '--seed', '1'], {
        cwd: db.dir,
        env: childEnv,
        maxBuffer: 64 << 20,
      });
    }
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = launch(bin, db, port, backend, args, childEnv);
      const ready = await server.ready();
      if (ready === true) return server;
      await server.kill();
      // Another process may have taken the port between probe and bind.
      if (attempt >= 3 || !/listen/i.test(server.output()))
        throw new Error(`msup serve did not become ready (${ready}):\n${server.output()}`);
    }
  } catch (e) {
    await db.drop();
    throw e;
  }
}

function launch(bin, db, port, backend, args, env) {
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(
    bin,
    ['--db', db.url, 'serve', '--listen', `127.0.0.1:${port}`, '--openapi', specPath, ...args],
    { cwd: db.dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const keep = (d) => {
    out += d.toString();
    if (out.length > 65536) out = out.slice(-65536);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let stopped;

  const server = {
    url,
    port,
    backend,
    dbUrl: db.url,
    proc,
    exited,
    output: () => out,
    /** Resolves true once /healthz says 200, else a reason. */
    async ready(timeoutMs = 20000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (proc.exitCode !== null || proc.signalCode !== null) return `exited ${proc.exitCode ?? proc.signalCode}`;
        try {
          const r = await fetch(`${url}/healthz`);
          await r.arrayBuffer();
          if (r.status === 200) return true;
        } catch {
          /* not listening yet */
        }
        await sleep(50);
      }
      return 'timeout';
    },
    /** SIGTERM, wait (at most TIMEOUT_MS), drop the database; throws unless exit code 0. */
    async stop(timeoutMs = 15000) {
      if (!stopped) {
        stopped = (async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          let timer;
          const res = await Promise.race([
            exited,
            new Promise((r) => {
              timer = setTimeout(() => r(null), timeoutMs);
            }),
          ]);
          clearTimeout(timer);
          if (!res) {
            proc.kill('SIGKILL');
            await exited;
          }
          await db.drop();
          return res;
        })();
      }
      const res = await stopped;
      assert.ok(res, `msup did not exit within ${timeoutMs} ms of SIGTERM:\n${out}`);
      assert.equal(res.code, 0, `msup exited with ${res.code ?? res.signal} on SIGTERM:\n${out}`);
      return res;
    },
    /**
     * Run `msup --db <this database> ARGS...` (e.g. ['user', 'add', 'sec1',
     * '--role', 'secadmin', '--password', P]); INPUT goes to stdin.
     * Resolves {code, stdout, stderr}; never rejects on a non-zero exit.
     */
    cli(cliArgs, { input } = {}) {
      return new Promise((resolve, reject) => {
        const child = execFile(
          bin,
          ['--db', db.url, ...cliArgs],
          { cwd: db.dir, env, maxBuffer: 64 << 20 },
          (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') reject(error);
            else resolve({ code: error ? error.code : 0, stdout, stderr });
          },
        );
        child.stdin.end(input ?? '');
      });
    },
    /**
     * Stop this server (SIGTERM, exit code 0 required) and start a new one
     * on the same database and port with ENV added to the environment (a new
     * MSUP_TODAY for the next phase of a scenario). Resolves the new server
     * object; this one must not be used any more.
     */
    async restart(extra = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const res = await exited;
      assert.equal(res.code, 0, `msup exited with ${res.code ?? res.signal} on SIGTERM:\n${out}`);
      const next = launch(bin, db, port, backend, args, { ...env, ...extra });
      const ready = await next.ready();
      if (ready !== true) {
        await next.kill();
        throw new Error(`msup serve did not come back (${ready}):\n${next.output()}`);
      }
      return next;
    },
    /** Kill without checks (start-up failures). */
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
  return server;
}
