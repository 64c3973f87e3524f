// crash.mjs - crash safety (issue 9): SIGKILL `msup serve` at random moments
// under a concurrent write load, restart it on the same database, and check
// after every restart that
//   - every acknowledged write (2xx received) is fully there: its rows and
//     its audit row (and, for evidence, its file with the right bytes);
//   - every unacknowledged write is either fully there or fully absent;
//   - no row exists that no request asked for;
// and that `msup audit verify` passes (every VERIFY_EVERY restarts and at
// the end). Writers, each a serial loop, all at once:
//   unit    POST /units            (unit row + audit row)
//   std     POST /standards        (standard row, its event + audit row)
//   resN    PUT /inspections/{id}/results, every checklist item with a
//           note naming the save: the rows of one inspection always carry
//           the note of one save (never a mix) and the number of audit rows
//           equals the number of saves that landed
//   ev      POST /inspections/{id}/evidence (file + row + audit row)
// Evidence files without a row (the process died between the file's rename
// and the commit) and .tmp- files are garbage by design (docs/limits.md,
// "Crash safety"): counted and reported, not an error. A row without its
// file is an error, and so is a file under its final name whose bytes do
// not hash to that name (the rename must publish whole files only).
//   node tests/crash/crash.mjs [KILLS]    (MSUP, MSUP_TEST_BACKEND, MSUP_PG_STATE)
// Prints the seed; CRASH_SEED=N replays the same random delays.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { Client } from '../api/lib/client.mjs';
import { msupBinary, testBackend } from '../api/lib/server.mjs';
import { ENV, PW, PW0, login, uscc } from '../api/lib/users.mjs';

const run = promisify(execFile);
const KILLS = Number(process.argv[2] || process.env.CRASH_KILLS || 100);
const VERIFY_EVERY = 10;
const NOW = '2021-06-15T02:00:00Z';
const sm3 = (b) => createHash('sm3').update(b).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A small seeded PRNG (mulberry32), so a failing run can be replayed.
const seed = Number(process.env.CRASH_SEED || Date.now() % 1000000007);
let rs = seed >>> 0;
function rand() {
  rs = (rs + 0x6d2b79f5) >>> 0;
  let t = rs;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const bin = msupBinary();
const backend = testBackend();
const dir = mkdtempSync(path.join(os.tmpdir(), 'msup-crash-'));
const evDir = path.join(dir, 'evidence');
const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...ENV, MSUP_NOW: NOW };
delete env.MSUP_DB;
delete env.MSUP_LISTEN;
let dbUrl;
let dropDb = async () => {};

async function freshDb() {
  if (backend === 'sqlite') {
    dbUrl = `sqlite:${path.join(dir, 'msup.db')}`;
    return;
  }
  const state = process.env.MSUP_PG_STATE;
  assert.ok(state, 'MSUP_PG_STATE must name the throwaway cluster');
  const admin = readFileSync(path.join(state, 'url'), 'utf8').trim();
  const m = /^(postgres(?:ql)?:\/\/[^/?]*\/)([^?]*)(\?.*)?$/.exec(admin);
  const name = `msup_crash_${process.pid}`;
  await run('psql', [admin, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
  dbUrl = `${m[1]}${name}${m[3] ?? ''}`;
  dropDb = () => run('psql', [admin, '-X', '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(() => {});
}

async function cli(args) {
  try {
    const { stdout, stderr } = await run(bin, ['--db', dbUrl, ...args], { env, cwd: dir, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (typeof e.code !== 'number') throw e;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function rows(sql) {
  let out;
  if (backend === 'sqlite')
    ({ stdout: out } = await run('sqlite3', ['-readonly', '-noheader', '-separator', '\t', dbUrl.slice(7), sql], { maxBuffer: 64 << 20 }));
  else
    ({ stdout: out } = await run('psql', [dbUrl, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { maxBuffer: 64 << 20 }));
  return out.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Start `msup serve` on the database; resolves {url, proc, exited, output()}. */
async function start() {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(bin, ['--db', dbUrl, 'serve', '--listen', `127.0.0.1:${port}`, '--evidence-dir', evDir], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let out = '';
    proc.stderr.on('data', (d) => {
      out = (out + d).slice(-8192);
    });
    const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
    const until = Date.now() + 20000;
    while (Date.now() < until && proc.exitCode === null && proc.signalCode === null) {
      try {
        const r = await fetch(`${url}/healthz`);
        await r.arrayBuffer();
        if (r.status === 200) return { url, proc, exited, output: () => out };
      } catch {
        /* not yet */
      }
      await sleep(10);
    }
    proc.kill('SIGKILL');
    await exited;
    if (attempt >= 3 || !/listen/i.test(out)) throw new Error(`msup serve did not start:\n${out}`);
  }
}

// ------------------------------------------------------------------ setup

let api; // bearer-token client of an authority of 东城 (110101)
let dongcheng;
let unitId;
let items; // checklist A1 item numbers
const inspections = []; // results writers' inspections, then the evidence one
let serial = 0;
const next = () => ++serial;

async function setup(server) {
  const u = await cli(['user', 'add', 'crash', '--role', 'authority', '--authority', '110101', '--password', PW0]);
  assert.equal(u.code, 0, u.stderr);
  const c = new Client(server.url);
  assert.equal((await login(c, 'crash', PW0)).status, 200);
  let r = await c.request('POST', `/api/v1/users/${c.user.id}/password`, { json: { old_password: PW0, new_password: PW } });
  assert.equal(r.status, 204, r.text);
  assert.equal((await login(c, 'crash', PW)).status, 200);
  r = await c.request('POST', '/api/v1/tokens', { json: { name: 'crash' } });
  assert.equal(r.status, 201, r.text);
  api = new Client(server.url);
  api.useToken(r.body.token);
  dongcheng = (await api.request('GET', '/api/v1/me')).body.user.authority_id;
  r = await api.request('POST', '/api/v1/units', { json: unitBody() });
  assert.equal(r.status, 201, r.text);
  unitId = r.body.id;
  items = (await api.request('GET', '/api/v1/checklists/A1')).body.items.map((it) => it.no);
  r = await api.request('POST', '/api/v1/campaigns', { json: { name: '崩溃测试检查', year: 2021 } });
  assert.equal(r.status, 201, r.text);
  r = await api.request('POST', `/api/v1/campaigns/${r.body.id}/draws`, {
    json: { authority_id: dongcheng, kind: 'units', seed: '崩溃测试' },
  });
  assert.equal(r.status, 201, r.text);
  r = await api.request('GET', '/api/v1/inspections', { query: { draw_id: r.body.id, per_page: 500 } });
  assert.ok(r.body.items.length >= 3, 'three inspections at least');
  for (const it of r.body.items.slice(0, 3)) inspections.push(it.id);
}

function unitBody() {
  const n = next();
  return { uscc: uscc(`91110101MC${String(100000 + n).slice(-6)}X`), name: `崩溃测试单位${n}`, division_code: '110101', kind: 'enterprise', authority_id: dongcheng };
}

// ---------------------------------------------------------------- writers

// Every request: {writer, key, acked, id?}. acked: 2xx received. A request
// answered with another status is a test failure (the load is valid).
const log = { unit: [], std: [], res0: [], res1: [], ev: [] };
const resSaves = { res0: 0, res1: 0 }; // saves that landed, acked or found
let failures = 0;
function fail(msg) {
  failures++;
  console.error(`FAIL: ${msg}`);
}

async function send(entry, fn) {
  try {
    const r = await fn();
    if (r.status >= 200 && r.status < 300) {
      entry.acked = true;
      entry.id = r.body?.id;
    } else {
      entry.landed = false; // refused: must have left nothing
      fail(`${entry.writer} ${entry.key}: status ${r.status} ${r.text.slice(0, 200)}`);
    }
  } catch {
    /* connection reset by the kill: unacknowledged */
  }
}

async function writer(name, stop) {
  while (!stop.now) {
    const entry = { writer: name, acked: false };
    if (name === 'unit') {
      const body = unitBody();
      entry.key = body.uscc;
      log.unit.push(entry);
      await send(entry, () => api.request('POST', '/api/v1/units', { json: body }));
    } else if (name === 'std') {
      const body = {
        unit_id: unitId,
        name: '崩溃测试标准装置',
        code: '12310200',
        category: 'enterprise_highest',
        cert_no: `[2024]京量标东城证字第${50000 + next()}号`,
        cert_authority_id: dongcheng,
        cert_issued_on: '2024-01-01',
        cert_expires_on: '2099-12-31',
      };
      entry.key = body.cert_no;
      log.std.push(entry);
      await send(entry, () => api.request('POST', '/api/v1/standards', { json: body }));
    } else if (name === 'ev') {
      const n = next();
      const png = Buffer.concat([
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        Buffer.from(`crash evidence ${seed} ${n} `),
        Buffer.alloc(1000 + Math.floor(rand() * 60000), n & 0xff),
      ]);
      entry.key = sm3(png);
      entry.size = png.length;
      log.ev.push(entry);
      const fd = new FormData();
      fd.append('file', new Blob([png], { type: 'image/png' }), `现场${n}.png`);
      await send(entry, () => api.request('POST', `/api/v1/inspections/${inspections[2]}/evidence`, { body: fd }));
    } else {
      const k = name === 'res0' ? 0 : 1;
      const n = next();
      entry.key = `v${n}`;
      log[name].push(entry);
      const body = items.map((no) => ({ item_no: no, verdict: (no + n) % 3 === 0 ? 'na' : 'conform', note: `v${n}` }));
      await send(entry, () => api.request('PUT', `/api/v1/inspections/${inspections[k]}/results`, { json: body }));
    }
  }
}

// ----------------------------------------------------------------- checks

const q = (s) => `'${s.replace(/'/g, "''")}'`;

/** Check a create writer: rows keyed by KEYCOL (SQL giving key, id, audit count). */
function checkCreates(name, found) {
  const byKey = new Map(found.map(([key, id, audits]) => [key, { id: Number(id), audits: Number(audits) }]));
  const sent = new Set();
  for (const e of log[name]) {
    sent.add(e.key);
    const row = byKey.get(e.key);
    if (e.acked && !row) fail(`${name} ${e.key}: acknowledged (id ${e.id}) but missing`);
    if (e.acked && row && row.id !== e.id) fail(`${name} ${e.key}: acknowledged id ${e.id}, row id ${row.id}`);
    if (row && row.audits !== 1) fail(`${name} ${e.key} (id ${row.id}): ${row.audits} audit rows, not 1${e.acked ? '' : ' (unacknowledged)'}`);
    if (row && e.landed === false) fail(`${name} ${e.key}: refused, yet its row ${row.id} exists`);
    if (row) e.landed = true;
  }
  for (const key of byKey.keys()) if (!sent.has(key)) fail(`${name} ${key}: a row nobody asked for`);
}

function filesUnder(d) {
  let out = [];
  if (!existsSync(d)) return out;
  for (const e of readdirSync(d)) {
    const p = path.join(d, e);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else out.push(p);
  }
  return out;
}

const stats = { garbageFiles: 0, tmpFiles: 0, unackedLanded: 0, unackedAbsent: 0 };

async function check() {
  // units and standards: keyed by USCC / certificate number
  checkCreates(
    'unit',
    await rows(`SELECT u.uscc, u.id, (SELECT count(*) FROM audit a WHERE a.action = 'unit.create' AND a.entity = 'unit' AND a.entity_id = u.id)
                FROM units u WHERE u.name LIKE '崩溃测试单位%' AND u.id <> ${unitId}`),
  );
  checkCreates(
    'std',
    await rows(`SELECT s.cert_no, s.id, (SELECT count(*) FROM audit a WHERE a.action = 'standard.create' AND a.entity = 'standard' AND a.entity_id = s.id)
                FROM standards s WHERE s.unit_id = ${unitId}`),
  );
  // results: one save's note on every row; audit rows = saves landed
  for (const [k, name] of [[0, 'res0'], [1, 'res1']]) {
    const id = inspections[k];
    const notes = await rows(`SELECT DISTINCT note FROM inspection_results WHERE inspection_id = ${id}`);
    const n = (await rows(`SELECT count(*) FROM inspection_results WHERE inspection_id = ${id}`))[0][0];
    const audits = Number((await rows(`SELECT count(*) FROM audit WHERE action = 'inspection.results' AND entity = 'inspection' AND entity_id = ${id}`))[0][0]);
    const l = log[name];
    if (!l.length) continue;
    if (notes.length > 1) {
      fail(`${name}: inspection ${id} mixes saves: ${notes.map((x) => x[0]).join(', ')}`);
      continue;
    }
    const acked = l.filter((e) => e.acked);
    const lastAcked = l.lastIndexOf(acked.at(-1));
    const note = notes[0]?.[0];
    const at = l.findIndex((e) => e.key === note);
    if (acked.length && Number(n) !== items.length) fail(`${name}: ${n} result rows, ${items.length} items`);
    if (acked.length && at < lastAcked) fail(`${name}: rows hold ${note}, older than acknowledged ${acked.at(-1).key}`);
    if (note && at < 0) fail(`${name}: rows hold ${note}, never sent`);
    // Every save but the last of each run was answered before the next
    // was sent, so the unanswered ones are the last of a run (one per kill):
    // those at or before the current rows' save landed, later ones did not.
    for (let i = 0; i < l.length; i++) if (!l[i].acked && l[i].landed === undefined) l[i].landed = i <= at;
    const landed = l.filter((e) => e.acked || e.landed).length;
    if (audits !== landed) fail(`${name}: ${audits} audit rows for ${landed} saves that landed (${acked.length} acknowledged)`);
  }
  // evidence: row -> file with its bytes and one audit row
  const ev = await rows(`SELECT e.sm3, e.id, (SELECT count(*) FROM audit a WHERE a.action = 'evidence.upload' AND a.entity = 'evidence' AND a.entity_id = e.id), e.size
                         FROM evidence e WHERE e.inspection_id = ${inspections[2]}`);
  checkCreates('ev', ev);
  const named = new Set();
  for (const [hash, id, , size] of ev) {
    named.add(hash);
    const f = path.join(evDir, hash.slice(0, 2), hash);
    if (!existsSync(f)) {
      fail(`evidence ${id}: row without its file ${f}`);
      continue;
    }
    const bytes = readFileSync(f);
    if (bytes.length !== Number(size) || sm3(bytes) !== hash) fail(`evidence ${id}: file ${f} does not hold its bytes`);
  }
  stats.garbageFiles = 0;
  stats.tmpFiles = 0;
  for (const f of filesUnder(evDir)) {
    const b = path.basename(f);
    if (b.startsWith('.tmp-')) stats.tmpFiles++;
    else if (!named.has(b)) stats.garbageFiles++;
    // temp + fsync + rename: a file under its final name is always whole
    if (!b.startsWith('.tmp-') && !named.has(b) && sm3(readFileSync(f)) !== b) fail(`evidence file ${f} is not whole`);
  }
}

async function verifyAudit(when) {
  const r = await cli(['audit', 'verify']);
  if (r.code !== 0) fail(`audit verify ${when}: exit ${r.code}: ${r.stdout}${r.stderr}`);
}

// ------------------------------------------------------------------- main

const t0 = Date.now();
let server;
try {
  await freshDb();
  const seedRun = await cli(['demo', '--scale', 'small', '--seed', '1']);
  assert.equal(seedRun.code, 0, seedRun.stderr);
  server = await start();
  await setup(server);
  console.log(`crash [${backend}]: seed ${seed}, ${KILLS} kills, setup ${Date.now() - t0} ms`);
  for (let k = 1; k <= KILLS && !failures; k++) {
    if (k > 1) server = await start();
    api.base = server.url;
    const stop = { now: false };
    const ws = ['unit', 'std', 'res0', 'res1', 'ev'].map((w) => writer(w, stop));
    await sleep(20 + Math.floor(rand() * 400));
    server.proc.kill('SIGKILL');
    stop.now = true;
    await Promise.all(ws);
    const ex = await server.exited;
    assert.equal(ex.signal, 'SIGKILL', `the server was killed, not exited ${ex.code}: ${server.output()}`);
    await check();
    if (k % VERIFY_EVERY === 0) await verifyAudit(`after kill ${k}`);
  }
  // A last clean run: the server starts, everything is still consistent.
  server = await start();
  server.proc.kill('SIGTERM');
  await server.exited;
  await check();
  await verifyAudit('at the end');
  for (const name of Object.keys(log)) {
    const l = log[name];
    const un = l.filter((e) => !e.acked);
    stats.unackedLanded += un.filter((e) => e.landed).length;
    stats.unackedAbsent += un.filter((e) => !e.landed).length;
  }
  const total = Object.values(log).reduce((s, l) => s + l.length, 0);
  const acked = Object.values(log).reduce((s, l) => s + l.filter((e) => e.acked).length, 0);
  console.log(
    `crash [${backend}]: ${KILLS} kills in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${total} writes sent, ${acked} acknowledged, ` +
      `unacknowledged: ${stats.unackedLanded} fully there, ${stats.unackedAbsent} fully absent; ` +
      `garbage evidence files ${stats.garbageFiles}, temp files ${stats.tmpFiles}; ${failures} failures`,
  );
} catch (e) {
  failures++;
  console.error(e);
  if (server) console.error(server.output());
} finally {
  if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
    server.proc.kill('SIGKILL');
    await server.exited;
  }
  await dropDb();
  if (!failures) rmSync(dir, { recursive: true, force: true });
  else console.error(`crash: kept ${dir} (seed ${seed})`);
}
process.exit(failures ? 1 : 0);
