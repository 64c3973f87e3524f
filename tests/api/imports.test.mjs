// imports.test.mjs - POST /api/v1/imports (multipart: kind, file) on the
// demo registry (北京市): a good CSV of units is written; one bad USCC and
// all or nothing writes no unit (422 with the row errors and the error
// naming the first), ?partial=1 keeps the good rows; an XLSX from
// `msup export` imports back; a bad form is 415/422/413; roles and the
// jurisdiction of each row follow the service (unit users: apparatus and
// personnel of their own standards only).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { dbInt } from './lib/db.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli, uscc } from './lib/users.mjs';

let serial = 0;
const newUscc = () => uscc(`91110101MA${String(810000 + ++serial).slice(-6)}X`.slice(0, 17));
const badUscc = () => {
  const u = newUscc();
  return u.slice(0, 17) + (u[17] === '0' ? '1' : '0'); // a wrong check character
};
const unitRow = (u, authority = '110101') => `${u},导入测试单位${++serial},110101,enterprise,${authority}`;
const unitsCsv = (rows) => `\uFEFFuscc,name,division_code,kind,authority_code\n${rows.join('\n')}\n`;

function form(kind, file, name = 'units.csv', type = 'text/csv') {
  const fd = new FormData();
  if (kind !== undefined) fd.append('kind', kind);
  if (file !== undefined) fd.append('file', new Blob([file], { type }), name);
  return fd;
}

describe(`registry import over HTTP [${testBackend()}]`, { timeout: 180000 }, () => {
  let server;
  let dc; // authority 东城
  let unitApi; // a unit of 东城 with a standard
  let inspector;
  let own; // a standard of unitApi's unit
  let other; // a standard of another unit
  let tmp;

  const post = (api, body, query) => api.call('POST', '/api/v1/imports', { body, query });
  const unitTotal = async () => {
    const r = await dc.call('GET', '/api/v1/units', { query: { per_page: 1 } });
    assert.equal(r.status, 200, r.text);
    return r.body.total;
  };
  const auditLines = async () => {
    const r = await runCli(server, ['audit', 'export']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.trim());
  };

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'msup-imports-'));
    server = await startServer({ seed: true, env: ENV });
    dc = await makeUser(server, 'h20dc', 'authority', ['--authority', '110101']);
    inspector = await makeUser(server, 'h20insp', 'inspector', ['--authority', '110101']);
    const stds = await dc.call('GET', '/api/v1/standards', { query: { per_page: 500 } });
    assert.equal(stds.status, 200, stds.text);
    own = stds.body.items[0];
    other = stds.body.items.find((s) => s.unit_id !== own.unit_id);
    assert.ok(own && other, 'two units of 东城 with standards');
    const u = await dc.call('GET', '/api/v1/units/{id}', { params: { id: own.unit_id } });
    unitApi = await makeUser(server, 'h20unit', 'unit', ['--unit', u.body.uscc]);
  });
  after(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('a good CSV of units: every row written, one audit row', async () => {
    const n0 = await unitTotal();
    const a0 = (await auditLines()).length;
    const rows = [unitRow(newUscc()), unitRow(newUscc()), unitRow(newUscc())];
    const r = await post(dc, form('units', unitsCsv(rows)));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.accepted, 3);
    assert.equal(r.body.rejected, 0);
    assert.equal(r.body.rows, 3);
    assert.equal(r.body.written, true);
    assert.equal(r.body.format, 'csv');
    assert.deepEqual(r.body.errors, []);
    assert.ok(r.body.id > 0);
    assert.equal(await unitTotal(), n0 + 3);
    const lines = await auditLines();
    assert.equal(lines.length, a0 + 1, 'one audit row per batch');
    assert.match(lines.at(-1), /import\.units/);
  });

  test('one bad USCC, all or nothing: 422 with the row errors, no unit written', async () => {
    const n0 = await unitTotal();
    const rows = [unitRow(newUscc()), unitRow(badUscc()), unitRow(newUscc())];
    const r = await post(dc, form('units', unitsCsv(rows)));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.error.field, 'uscc');
    assert.equal(r.body.accepted, 0);
    assert.equal(r.body.rejected, 1);
    assert.equal(r.body.written, false);
    assert.equal(r.body.errors.length, 1);
    assert.equal(r.body.errors[0].row, 3, 'the header is row 1');
    assert.equal(r.body.errors[0].field, 'uscc');
    assert.match(r.body.errors[0].message, /[\u4e00-\u9fff]/, 'zh-CN by default');
    assert.equal(await unitTotal(), n0, 'nothing written');
    // the refused batch is on record (as the CLI's), marked not written
    const last = (await auditLines()).at(-1);
    assert.match(last, /import\.units/);
    assert.match(last, /"written":\s*false/);

    const en = await dc.call('POST', '/api/v1/imports', { body: form('units', unitsCsv(rows)), headers: { 'accept-language': 'en' } });
    assert.equal(en.status, 422, en.text);
    assert.doesNotMatch(en.body.errors[0].message, /[\u4e00-\u9fff]/, 'English on request');
  });

  test('?partial=1 keeps the good rows and lists the bad one', async () => {
    const n0 = await unitTotal();
    const good = [newUscc(), newUscc()];
    const rows = [unitRow(good[0]), unitRow(badUscc()), unitRow(good[1])];
    const r = await post(dc, form('units', unitsCsv(rows)), { partial: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.accepted, 2);
    assert.equal(r.body.rejected, 1);
    assert.equal(r.body.partial, true);
    assert.equal(r.body.written, true);
    assert.deepEqual(
      r.body.errors.map((e) => [e.row, e.field]),
      [[3, 'uscc']],
    );
    assert.equal(await unitTotal(), n0 + 2);
    const list = await dc.call('GET', '/api/v1/units', { query: { q: good[1] } });
    assert.equal(list.status, 200, list.text);
  });

  test('rows outside the jurisdiction are refused by the service', async () => {
    const n0 = await unitTotal();
    const r = await post(dc, form('units', unitsCsv([unitRow(newUscc()), unitRow(newUscc(), '110102')])));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(
      r.body.errors.map((e) => [e.row, e.field]),
      [[3, 'authority_code']],
    );
    assert.equal(await unitTotal(), n0);
    // a unit user: apparatus of its own standard yes, of another unit's no
    const csv = `cert_no,name,model,serial\n${own.cert_no},导入标准器,M-1,S-1\n${other.cert_no},导入标准器,M-2,S-2\n`;
    const u = await post(unitApi, form('apparatus', csv), { partial: 1 });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.accepted, 1);
    assert.deepEqual(
      u.body.errors.map((e) => [e.row, e.field]),
      [[3, 'cert_no']],
    );
  });

  test('an XLSX from `msup export` imports back', async () => {
    const file = join(tmp, 'apparatus.xlsx');
    const ex = await runCli(server, ['export', 'apparatus', '--format', 'xlsx', '-o', file]);
    assert.equal(ex.code, 0, ex.stderr);
    const total = await dbInt(server, 'SELECT count(*) FROM apparatus');
    const xlsx = readFileSync(file);
    assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const r = await post(dc, form('apparatus', xlsx, 'apparatus.xlsx', type), { partial: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.format, 'xlsx');
    assert.equal(r.body.rows, total, 'every exported row read');
    assert.ok(r.body.accepted > 0, "东城's apparatus import back");
    assert.equal(r.body.accepted + r.body.rejected, total);
    // the other districts' standards read as missing (cert_no)
    assert.ok(r.body.errors.every((e) => e.field === 'cert_no'), JSON.stringify(r.body.errors[0]));
    assert.equal(await dbInt(server, 'SELECT count(*) FROM apparatus'), total + r.body.accepted);
  });

  test('bad forms: kind, file, not multipart, too big', async () => {
    const n0 = await unitTotal();
    const csv = unitsCsv([unitRow(newUscc())]);
    assertError(await post(dc, form('widgets', csv)), 422, 'import_kind', 'kind');
    assertError(await post(dc, form(undefined, csv)), 422, 'required', 'kind');
    assertError(await post(dc, form('units', undefined)), 422, 'required', 'file');
    assertError(await post(dc, form('units', '')), 422, 'required', 'file');
    const extra = form('units', csv);
    extra.append('owner', 'x');
    assertError(await post(dc, extra), 422, 'unknown_field', 'owner');
    assertError(await post(dc, form('units', csv), { partial: 'maybe' }), 422, 'invalid_type', 'partial');
    const js = await dc.call('POST', '/api/v1/imports', { json: { kind: 'units' } });
    assertError(js, 415, 'unsupported_media_type', 'Content-Type');
    const raw = await dc.call('POST', '/api/v1/imports', { body: csv, headers: { 'content-type': 'text/csv' } });
    assertError(raw, 415, 'unsupported_media_type', 'Content-Type');
    const big = await post(dc, form('units', Buffer.alloc(33 * 1024 * 1024, 0x41)));
    assertError(big, 413, 'body_too_large');
    assert.equal(await unitTotal(), n0, 'nothing written');
  });

  test('roles: unit users may not import units or standards; inspectors nothing', async () => {
    const n0 = await unitTotal();
    const a0 = (await auditLines()).length;
    const csv = unitsCsv([unitRow(newUscc())]);
    assertError(await post(unitApi, form('units', csv)), 403, 'forbidden');
    assertError(await post(unitApi, form('standards', 'unit_uscc\n')), 403, 'forbidden');
    assertError(await post(inspector, form('units', csv)), 403, 'forbidden');
    assertError(await post(inspector, form('apparatus', 'cert_no,name\n')), 403, 'forbidden');
    assert.equal(await unitTotal(), n0);
    assert.equal((await auditLines()).length, a0, 'refusals write nothing');
  });
});
