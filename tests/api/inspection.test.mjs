// inspection.test.mjs - on-site inspection work over HTTP on the demo
// registry as of 2021-06-15 (MSUP_NOW): 东城 runs a draw; a team of two is
// assigned; an inspector user linked to a team member saves answers
// (idempotent: the same save twice writes nothing), uploads evidence
// (content-sniffed: a PE file named .jpg and an HTML file named .png are
// refused, path tricks in names never reach the disk, oversize -> 413, each
// with nothing written), completes (every item answered, a team of two,
// the server's conclusion wins) and findings are created; a completed
// inspection is immutable; not performed -> tracking list with reminders ->
// started -> tracking closed; a unit user sees only its own inspections
// and evidence.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli } from './lib/users.mjs';

const sm3 = (b) => createHash('sm3').update(b).digest('hex');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from('test png body 现场照片')]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.from('jpeg body')]);
const PE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64, 1)]);
const HTML = Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>');

/** Every file under DIR (recursively). */
function filesUnder(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe(`inspection work [${testBackend()}]`, { timeout: 120000 }, () => {
  let server;
  let dc; // authority 东城
  let xc; // authority 西城
  let insp; // inspector user linked to a team member of I
  let other; // inspector user of 东城 in no team
  let unitA; // the unit of I
  let unitB; // another unit
  let campaign;
  let draw;
  let I; // the inspection worked on (team of two)
  let I0; // answered before the teams were drawn
  let noTeam; // its completion, tried before the teams were drawn
  let NP; // not performed
  let evDir;
  let cl; // checklist A1

  const auditRows = async () => {
    const r = await runCli(server, ['audit', 'export']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.trim()).length;
  };
  const upload = (api, id, { file, name, type, item, captured, path = 'inspections' } = {}) => {
    const fd = new FormData();
    fd.append('file', new Blob([file], type ? { type } : {}), name);
    if (item !== undefined) fd.append('item_no', String(item));
    if (captured) fd.append('captured_at', captured);
    return api.call('POST', `/api/v1/${path}/{id}/evidence`, { params: { id }, body: fd });
  };
  const rawGet = async (api, path) => {
    const h = { cookie: [...api.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const r = await fetch(server.url + path, { headers: h });
    return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
  };
  const save = (api, id, results) => api.call('PUT', '/api/v1/inspections/{id}/results', { params: { id }, json: results });
  const get = (api, id) => api.call('GET', '/api/v1/inspections/{id}', { params: { id } });

  before(async () => {
    evDir = mkdtempSync(join(tmpdir(), 'msup-evidence-'));
    server = await startServer({
      seed: true,
      args: ['--evidence-dir', evDir],
      env: { ...ENV, MSUP_NOW: '2021-06-15T02:00:00Z' },
    });
    dc = await makeUser(server, 'h12dc', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'h12xc', 'authority', ['--authority', '110102']);
    const me = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    cl = (await dc.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } })).body;
    for (let k = 0; k < 4; k++) {
      const p = await dc.call('POST', '/api/v1/inspectors', {
        json: { authority_id: me, name: `现场检查员${k}`, kind: 'enforcement', fields: ['01', '04', '12', '15', '23', '25', '28', '33', '37', '46'] },
      });
      assert.equal(p.status, 201, p.text);
    }
    const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区现场检查', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    campaign = c.body.id;
    const d = await dc.call('POST', '/api/v1/campaigns/{id}/draws', { params: { id: campaign }, json: { authority_id: me, kind: 'units', seed: '现场检查测试' } });
    assert.equal(d.status, 201, d.text);
    draw = d.body;
    const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: draw.id, per_page: 500 } });
    assert.ok(l.body.items.length >= 3, 'three inspections at least');
    I0 = l.body.items[0].id;
    NP = l.body.items[l.body.items.length - 1].id;
    // I0: every item answered before any team exists
    const all = cl.items.map((it) => ({ item_no: it.no, verdict: 'conform' }));
    assert.equal((await save(dc, I0, all)).status, 200);
    noTeam = await dc.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I0 }, json: {} });
    const a = await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: draw.id }, json: { seed: '现场检查 S2', team_size: 2 } });
    assert.equal(a.status, 200, a.text);
    const staffed = a.body.assignment.result.teams.filter((t) => t.assigned && t.inspection_id !== I0 && t.inspection_id !== NP);
    assert.ok(staffed.length >= 1, 'a staffed inspection');
    I = staffed[0].inspection_id;
    const det = (await get(dc, I)).body;
    assert.equal(det.team.length, 2);
    insp = await makeUser(server, 'h12insp', 'inspector', ['--authority', '110101', '--inspector', String(det.team[0].inspector_id)]);
    other = await makeUser(server, 'h12other', 'inspector', ['--authority', '110101']);
    unitA = await makeUser(server, 'h12ua', 'unit', ['--unit', det.target.id]);
    const otherInsp = l.body.items.find((x) => x.unit_id !== det.unit_id);
    unitB = await makeUser(server, 'h12ub', 'unit', ['--unit', otherInsp.target.id]);
  });
  after(async () => {
    await server?.stop();
    if (evDir) rmSync(evDir, { recursive: true, force: true });
  });

  test('who may save: the team member and the authority, not another inspector', async () => {
    const before0 = await auditRows();
    assertError(await save(other, I, [{ item_no: 1, verdict: 'conform' }]), 403, 'insp_not_in_team', 'team');
    assertError(await save(unitA, I, [{ item_no: 1, verdict: 'conform' }]), 403, 'forbidden');
    assertError(await save(xc, I, [{ item_no: 1, verdict: 'conform' }]), 404, 'not_found', 'id');
    assertError(await save(insp, I, [{ item_no: 99, verdict: 'conform' }]), 422, 'insp_unknown_item', 'results[0].item_no');
    assertError(await save(insp, I, [{ item_no: 1, verdict: 'ok' }]), 422, 'invalid_enum', 'results[0].verdict');
    assertError(await save(insp, I, [{ item_no: 1, verdict: 'conform', note: 'x'.repeat(2001) }]), 422, 'too_long', 'results[0].note');
    assertError(await save(insp, I, [{ item_no: 1, verdict: 'conform' }, { item_no: 1, verdict: 'na' }]), 422, 'insp_duplicate_item', 'results[1].item_no');
    assertError(await save(insp, I, []), 422, 'required', 'results');
    assert.equal(await auditRows(), before0, 'nothing written by refused saves');
    assert.equal((await get(dc, I)).body.status, 'planned');
  });

  test('a partial save starts the inspection; the same save twice writes nothing', async () => {
    const first = [
      { item_no: 1, verdict: 'conform' },
      { item_no: 4, verdict: 'nonconform', note: '标准器检定证书已过期' },
    ];
    const r = await save(insp, I, first);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.changed, 2);
    let d = (await get(dc, I)).body;
    assert.equal(d.status, 'in_progress');
    assert.ok(d.started_at);
    const stamp = d.results.find((x) => x.item_no === 4).updated_at;
    const before0 = await auditRows();
    const again = await save(insp, I, { results: first });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.changed, 0);
    assert.equal(await auditRows(), before0, 'an idempotent save adds no audit row');
    d = (await get(dc, I)).body;
    assert.equal(d.results.find((x) => x.item_no === 4).updated_at, stamp);
    assert.equal(d.results.length, 2);
  });

  test('completion needs every item answered, and a team of two', async () => {
    const before0 = await auditRows();
    const r = await dc.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I }, json: {} });
    assertError(r, 422, 'insp_unanswered', 'results');
    assert.match(r.body.error.message, /\b2\b.*\b3\b/, 'the missing item numbers are listed');
    assertError(noTeam, 409, 'insp_team_too_small', 'team');
    assert.equal((await get(dc, I0)).body.status, 'in_progress', 'not completed without a team');
    assert.equal(await auditRows(), before0);
  });

  test('evidence: sniffed, content-addressed, refused when disguised or too big', async () => {
    const before0 = await auditRows();
    const files0 = filesUnder(evDir).length;
    const count = async () => (await get(dc, I)).body.evidence.length;
    assertError(await upload(insp, I, { file: PE, name: 'photo.jpg', type: 'image/jpeg' }), 422, 'evidence_disguised', 'file');
    assertError(await upload(insp, I, { file: HTML, name: 'photo.png', type: 'image/png' }), 422, 'evidence_disguised', 'file');
    assertError(await upload(insp, I, { file: PNG, name: 'photo.jpg' }), 422, 'evidence_disguised', 'file');
    assertError(await upload(insp, I, { file: PNG, name: 'photo.png', type: 'application/pdf' }), 422, 'evidence_disguised', 'file');
    assertError(await upload(insp, I, { file: Buffer.from('just text'), name: 'a.txt' }), 422, 'evidence_type_unsupported', 'file');
    assertError(await upload(insp, I, { file: PNG, name: 'p.png', item: 99 }), 422, 'insp_unknown_item', 'item_no');
    assertError(await upload(insp, I, { file: PNG, name: 'p.png', captured: 'yesterday' }), 422, 'evidence_bad_time', 'captured_at');
    assertError(await upload(other, I, { file: PNG, name: 'p.png' }), 403, 'insp_not_in_team', 'team');
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0);
    PNG.copy(big);
    const tooBig = await upload(insp, I, { file: big, name: 'big.png' });
    assert.equal(tooBig.status, 413, tooBig.text);
    const huge = Buffer.alloc(21 * 1024 * 1024, 0);
    PNG.copy(huge);
    assert.equal((await upload(insp, I, { file: huge, name: 'huge.png' })).status, 413);
    assert.equal(await auditRows(), before0, 'refused uploads write no audit row');
    assert.equal(filesUnder(evDir).length, files0, 'and leave no file');
    assert.equal(await count(), 0);

    const r = await upload(insp, I, { file: PNG, name: '../../etc/passwd.png', type: 'image/png', item: 4, captured: '2021-06-15T09:30:00+08:00' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.sm3, sm3(PNG));
    assert.equal(r.body.size, PNG.length);
    assert.equal(r.body.media_type, 'image/png');
    assert.equal(r.body.filename, 'passwd.png');
    assert.equal(r.body.captured_at, '2021-06-15T09:30:00+08:00');
    assert.equal(r.body.item_no, 4);
    const again = await upload(dc, I, { file: PNG, name: 'same.png' });
    assert.equal(again.status, 201);
    assert.equal(again.body.sm3, r.body.sm3);
    const j = await upload(insp, I, { file: JPEG, name: 'C:\\fakepath\\a\\b.jpg' });
    assert.equal(j.status, 201, j.text);
    assert.equal(j.body.filename, 'b.jpg');
    assert.equal(j.body.media_type, 'image/jpeg');
    const files = filesUnder(evDir).filter((p) => !p.includes('.tmp-'));
    assert.equal(files.length, files0 + 2, 'the same bytes share one file');
    assert.ok(files.some((p) => p.endsWith(join(r.body.sm3.slice(0, 2), r.body.sm3))));
    assert.ok(!filesUnder(evDir).some((p) => /passwd|b\.jpg/.test(p)), 'names never reach the disk');
    assert.equal(await count(), 3);

    // reading the bytes back
    const b = await rawGet(dc, `/api/v1/evidence/${r.body.id}`);
    assert.equal(b.status, 200);
    assert.ok(b.bytes.equals(PNG));
    assert.equal(b.headers.get('content-type'), 'image/png');
    assert.equal(b.headers.get('etag'), `"${r.body.sm3}"`);
    assert.equal(b.headers.get('x-content-type-options'), 'nosniff');
    assert.match(b.headers.get('content-disposition'), /filename\*=UTF-8''passwd\.png/);
    assert.equal((await rawGet(insp, `/api/v1/evidence/${r.body.id}`)).status, 200);
    assert.equal((await rawGet(unitA, `/api/v1/evidence/${r.body.id}`)).status, 200, 'the unit of the inspection');
    assert.equal((await rawGet(unitB, `/api/v1/evidence/${r.body.id}`)).status, 404, 'another unit');
    assert.equal((await rawGet(xc, `/api/v1/evidence/${r.body.id}`)).status, 404, 'another district');
    assert.equal((await rawGet(other, `/api/v1/evidence/${r.body.id}`)).status, 404, 'an inspector of no team');
    const aud = await runCli(server, ['audit', 'export']);
    assert.ok(aud.stdout.split('\n').some((l) => l.includes('"action":"read"') && l.includes('"entity":"evidence"')), 'authority reads are audited');
  });

  test('complete: the server computes the conclusion; findings are created; then immutable', async () => {
    const rest = cl.items.filter((it) => it.no !== 1 && it.no !== 4).map((it) => ({ item_no: it.no, verdict: it.no === 7 ? 'defect' : 'conform' }));
    assert.equal((await save(insp, I, rest)).status, 200);
    const before0 = await auditRows();
    const key4 = cl.items.find((it) => it.no === 4).key;
    assert.ok(key4, 'item 4 is a key item of A1');
    assertError(
      await insp.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I }, json: { conclusion: 'pass' } }),
      409,
      'insp_conclusion_differs',
      'conclusion',
    );
    assert.equal(await auditRows(), before0, 'nothing written');
    assert.equal((await dc.call('GET', '/api/v1/findings', { query: { inspection_id: I } })).body.total, 0);
    const r = await insp.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I }, json: { conclusion: 'fail' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'completed');
    assert.equal(r.body.conclusion, 'fail');
    assert.ok(r.body.completed_at);
    assert.equal(r.body.findings.length, 2);
    const [f4, f7] = r.body.findings;
    assert.equal(f4.item_no, 4);
    assert.equal(f4.severity, 'key');
    assert.equal(f4.deadline, '2021-08-31');
    assert.equal(f4.status, 'open');
    assert.match(f4.description, /标准器检定证书已过期/);
    assert.equal(f7.severity, 'defect');
    assert.equal(f4.unit_id, r.body.unit_id);
    assert.equal(f4.standard_id, r.body.standards[0].id);
    // immutable
    assertError(await insp.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I }, json: {} }), 409, 'insp_closed', 'status');
    assertError(await save(insp, I, [{ item_no: 1, verdict: 'na' }]), 409, 'insp_closed', 'status');
    assertError(await upload(insp, I, { file: PNG, name: 'late.png' }), 409, 'insp_closed', 'status');
    assertError(await dc.call('POST', '/api/v1/inspections/{id}/not-performed', { params: { id: I }, json: { reason: 'x', follow_up_on: '2021-07-01' } }), 409, 'insp_closed', 'status');
  });

  test('not performed: tracking list with a reminder, started later, closed with a reason', async () => {
    assertError(await dc.call('POST', '/api/v1/inspections/{id}/not-performed', { params: { id: NP }, json: { reason: '单位停产' } }), 422, 'required', 'follow_up_on');
    assertError(await dc.call('POST', '/api/v1/inspections/{id}/not-performed', { params: { id: NP }, json: { reason: '单位停产', follow_up_on: '2021-02-30' } }), 422, 'invalid_date_value', 'follow_up_on');
    assertError(await dc.call('POST', '/api/v1/inspections/{id}/close-tracking', { params: { id: NP }, json: { reason: '无' } }), 409, 'insp_no_tracking', 'tracking');
    const r = await dc.call('POST', '/api/v1/inspections/{id}/not-performed', { params: { id: NP }, json: { reason: '单位停产搬迁', follow_up_on: '2021-06-10' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'not_performed');
    assert.equal(r.body.tracking, 'open');
    assert.equal(r.body.reminder, 'overdue', 'the follow-up date is before today (2021-06-15)');
    assertError(await dc.call('POST', '/api/v1/inspections/{id}/not-performed', { params: { id: NP }, json: { reason: 'x', follow_up_on: '2021-07-01' } }), 409, 'insp_not_planned', 'status');
    const t = await dc.call('GET', '/api/v1/inspections', { query: { tracking: 'open' } });
    assert.equal(t.status, 200);
    assert.deepEqual(t.body.items.map((x) => x.id), [NP]);
    assertError(await dc.call('GET', '/api/v1/inspections', { query: { tracking: 'maybe' } }), 422, 'invalid_enum', 'tracking');
    // started later: results saved -> in_progress, still tracked
    assert.equal((await save(dc, NP, [{ item_no: 1, verdict: 'conform' }])).status, 200);
    let d = (await get(dc, NP)).body;
    assert.equal(d.status, 'in_progress');
    assert.equal(d.tracking, 'open');
    const c = await dc.call('POST', '/api/v1/inspections/{id}/close-tracking', { params: { id: NP }, json: { reason: '已于6月20日补查' } });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.tracking, 'closed');
    assert.equal(c.body.reminder, null);
    assert.equal((await dc.call('GET', '/api/v1/inspections', { query: { tracking: 'open' } })).body.total, 0);
  });

  test('a unit user sees only its own inspections', async () => {
    assert.equal((await get(unitA, I)).status, 200);
    assertError(await get(unitB, I), 404, 'not_found', 'id');
    const l = await unitB.call('GET', '/api/v1/inspections', { query: { per_page: 500 } });
    assert.ok(!l.body.items.some((x) => x.id === I));
  });

  test('every write is in the audit trail, and the chain verifies', async () => {
    const r = await runCli(server, ['audit', 'export']);
    const actions = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).action);
    for (const a of ['inspection.results', 'evidence.upload', 'inspection.complete', 'inspection.not_performed', 'inspection.close_tracking'])
      assert.ok(actions.includes(a), a);
    assert.equal(actions.filter((a) => a === 'evidence.upload').length, 3);
    const v = await runCli(server, ['audit', 'verify']);
    assert.equal(v.code, 0, v.stderr);
  });
});
