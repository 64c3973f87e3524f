// findings.test.mjs - findings and rectification over HTTP, the clock
// pinned at 2021-08-31T15:00:00Z (MSUP_NOW): the last hour of the campaign's
// rectification deadline (2021-08-31 24:00 Beijing time = 16:00Z). An
// inspection is completed with three findings; the unit submits with
// evidence (on the deadline day: accepted); the submitter may never decide
// (four-eyes, also an authority user who submitted on the unit's behalf);
// a rejection lets the unit resubmit; wrong-order transitions are 409; the
// sweep at 15:59:59Z fails nothing, at 16:00:00Z fails what was not
// submitted, and a failed finding takes no more submissions; a unit user
// sees only its own findings and evidence.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli } from './lib/users.mjs';

const PDF = Buffer.from('%PDF-1.4\n% 整改报告\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

describe(`findings and rectification [${testBackend()}]`, { timeout: 120000 }, () => {
  let server;
  let dc; // authority 东城, the submitter on the unit's behalf
  let dc2; // another 东城 authority user, the decider
  let xc; // 西城
  let insp; // inspector in the team
  let other; // inspector in no team
  let unitA;
  let unitB;
  let I;
  let F; // [F2, F5, F7]: the findings of items 2, 5, 7
  let evDir;

  const auditRows = async () => {
    const r = await runCli(server, ['audit', 'export']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.trim()).length;
  };
  const submit = (api, id, json) => api.call('POST', '/api/v1/findings/{id}/rectifications', { params: { id }, json });
  const decide = (api, id, json) => api.call('POST', '/api/v1/rectifications/{id}/decision', { params: { id }, json });
  const finding = (api, id) => api.call('GET', '/api/v1/findings/{id}', { params: { id } });

  before(async () => {
    evDir = mkdtempSync(join(tmpdir(), 'msup-evidence-'));
    server = await startServer({ seed: true, args: ['--evidence-dir', evDir], env: { ...ENV, MSUP_NOW: '2021-08-31T15:00:00Z' } });
    dc = await makeUser(server, 'h13dc', 'authority', ['--authority', '110101']);
    dc2 = await makeUser(server, 'h13dc2', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'h13xc', 'authority', ['--authority', '110102']);
    const me = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    const cl = (await dc.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } })).body;
    for (let k = 0; k < 4; k++) {
      const p = await dc.call('POST', '/api/v1/inspectors', {
        json: { authority_id: me, name: `整改检查员${k}`, kind: 'enforcement', fields: ['01', '04', '12', '15', '23', '25', '28', '33', '37', '46'] },
      });
      assert.equal(p.status, 201, p.text);
    }
    const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区整改', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.rectify_to, '2021-08-31');
    const d = await dc.call('POST', '/api/v1/campaigns/{id}/draws', { params: { id: c.body.id }, json: { authority_id: me, kind: 'units', seed: '整改测试' } });
    assert.equal(d.status, 201, d.text);
    const a = await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: d.body.id }, json: { seed: '整改 S2', team_size: 2 } });
    assert.equal(a.status, 200, a.text);
    I = a.body.assignment.result.teams.find((t) => t.assigned).inspection_id;
    const det = (await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: I } })).body;
    insp = await makeUser(server, 'h13insp', 'inspector', ['--authority', '110101', '--inspector', String(det.team[0].inspector_id)]);
    other = await makeUser(server, 'h13other', 'inspector', ['--authority', '110101']);
    unitA = await makeUser(server, 'h13ua', 'unit', ['--unit', det.target.id]);
    const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: d.body.id, per_page: 500 } });
    unitB = await makeUser(server, 'h13ub', 'unit', ['--unit', l.body.items.find((x) => x.unit_id !== det.unit_id).target.id]);
    const answers = cl.items.map((it) => ({
      item_no: it.no,
      verdict: it.no === 2 ? 'nonconform' : it.no === 5 || it.no === 7 ? 'defect' : 'conform',
      note: it.no === 2 ? '标准器序列号与证书不符' : undefined,
    }));
    assert.equal(cl.items.find((it) => it.no === 2).key, false);
    assert.equal((await insp.call('PUT', '/api/v1/inspections/{id}/results', { params: { id: I }, json: answers })).status, 200);
    const done = await insp.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: I }, json: { conclusion: 'rectify' } });
    assert.equal(done.status, 200, done.text);
    F = done.body.findings.map((f) => f.id);
    assert.equal(F.length, 3);
  });
  after(async () => {
    await server?.stop();
    if (evDir) rmSync(evDir, { recursive: true, force: true });
  });

  test('who sees which findings', async () => {
    const mine = await unitA.call('GET', '/api/v1/findings', { query: {} });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.items.map((f) => f.id), F);
    assert.equal((await unitB.call('GET', '/api/v1/findings')).body.total, 0);
    assert.equal((await xc.call('GET', '/api/v1/findings')).body.total, 0);
    assert.equal((await insp.call('GET', '/api/v1/findings')).body.total, 3, 'an inspector of the team');
    assert.equal((await other.call('GET', '/api/v1/findings')).body.total, 0, 'an inspector of no team');
    assert.equal((await dc.call('GET', '/api/v1/findings', { query: { status: 'open', inspection_id: I } })).body.total, 3);
    assertError(await dc.call('GET', '/api/v1/findings', { query: { status: 'closed' } }), 422, 'invalid_enum', 'status');
    assertError(await finding(unitB, F[0]), 404, 'not_found', 'id');
    assertError(await finding(xc, F[0]), 404, 'not_found', 'id');
    const f = await finding(unitA, F[0]);
    assert.equal(f.status, 200);
    assert.equal(f.body.severity, 'nonconform');
    assert.equal(f.body.deadline, '2021-08-31');
    assert.match(f.body.description, /标准器序列号与证书不符/);
  });

  test('the unit submits with evidence on the deadline day; the authority accepts', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([PDF], { type: 'application/pdf' }), '整改报告.pdf');
    const ev = await unitA.call('POST', '/api/v1/findings/{id}/evidence', { params: { id: F[0] }, body: fd });
    assert.equal(ev.status, 201, ev.text);
    assert.equal(ev.body.media_type, 'application/pdf');
    assert.equal(ev.body.finding_id, F[0]);
    const fd2 = new FormData();
    fd2.append('file', new Blob([PDF]), 'x.pdf');
    assertError(await unitB.call('POST', '/api/v1/findings/{id}/evidence', { params: { id: F[0] }, body: fd2 }), 404, 'not_found', 'id');
    assertError(await submit(unitA, F[0], { text: '' }), 422, 'required', 'text');
    assertError(await submit(unitA, F[0], { text: '已更换', evidence_ids: [999999] }), 422, 'evidence_not_attachable', 'evidence_ids');
    assertError(await submit(unitB, F[0], { text: '已更换' }), 404, 'not_found', 'id');
    const r = await submit(unitA, F[0], { text: '已更换标准器并重新建标', evidence_ids: [ev.body.id] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.submitted_at, '2021-08-31T15:00:00Z');
    assert.equal(r.body.late, false);
    assertError(await submit(unitA, F[0], { text: '再交一次' }), 409, 'finding_pending', 'status');
    const f = await finding(dc, F[0]);
    assert.equal(f.body.status, 'submitted');
    assert.equal(f.body.evidence[0].rectification_id, r.body.id);
    // unit B cannot fetch unit A's evidence; unit A can
    const h = (api) => ({ cookie: [...api.cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
    assert.equal((await fetch(`${server.url}/api/v1/evidence/${ev.body.id}`, { headers: h(unitB) })).status, 404);
    const mine = await fetch(`${server.url}/api/v1/evidence/${ev.body.id}`, { headers: h(unitA) });
    assert.equal(mine.status, 200);
    assert.ok(Buffer.from(await mine.arrayBuffer()).equals(PDF));
    assertError(await decide(dc, r.body.id, { decision: 'maybe' }), 422, 'invalid_enum', 'decision');
    const ok = await decide(dc, r.body.id, { decision: 'accept', comment: '同意' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, 'accepted');
    assert.ok(ok.body.closed_at);
    assertError(await decide(dc2, r.body.id, { decision: 'reject', comment: '不同意' }), 409, 'rect_decided', 'id');
    assertError(await submit(unitA, F[0], { text: '再交一次' }), 409, 'finding_closed', 'status');
  });

  test('four-eyes: who submitted on the unit\'s behalf cannot decide; reject, then resubmit', async () => {
    const r = await submit(dc, F[1], { text: '纸质整改报告（代录入）' });
    assert.equal(r.status, 201, r.text);
    const before0 = await auditRows();
    assertError(await decide(dc, r.body.id, { decision: 'accept' }), 403, 'four_eyes', 'decided_by');
    assertError(await decide(dc2, r.body.id, { decision: 'reject' }), 422, 'required', 'comment');
    assertError(await decide(unitA, r.body.id, { decision: 'accept' }), 403, 'forbidden');
    assertError(await decide(xc, r.body.id, { decision: 'accept' }), 404, 'not_found', 'id');
    assert.equal(await auditRows(), before0, 'nothing written');
    const rej = await decide(dc2, r.body.id, { decision: 'reject', comment: '缺少检定证书' });
    assert.equal(rej.status, 200, rej.text);
    assert.equal(rej.body.status, 'rejected');
    const again = await submit(unitA, F[1], { text: '补充检定证书' });
    assert.equal(again.status, 201, again.text);
    assertError(await decide(dc2, r.body.id, { decision: 'accept' }), 409, 'rect_decided', 'id');
    const f = await finding(dc, F[1]);
    assert.equal(f.body.status, 'submitted');
    assert.equal(f.body.rectifications.length, 2);
  });

  test('the deadline sweep: 15:59:59Z fails nothing, 16:00:00Z fails what was not submitted', async () => {
    const early = await runCli(server, ['findings', 'sweep', '--as-of', '2021-08-31T15:59:59Z']);
    assert.equal(early.code, 0, early.stderr);
    assert.equal((await finding(dc, F[2])).body.status, 'open');
    assert.equal((await runCli(server, ['findings', 'sweep', '--as-of', 'yesterday'])).code, 1);
    const late = await runCli(server, ['findings', 'sweep', '--as-of', '2021-08-31T16:00:00Z']);
    assert.equal(late.code, 0, late.stderr);
    assert.match(late.stdout, /\b1\b/);
    const f = (await finding(dc, F[2])).body;
    assert.equal(f.status, 'failed');
    assert.equal(f.failed_at, '2021-08-31T16:00:00Z');
    assert.equal((await finding(dc, F[1])).body.status, 'submitted', 'a submission made in time waits for its decision');
    assert.equal((await finding(dc, F[0])).body.status, 'accepted');
    assertError(await submit(unitA, F[2], { text: '晚了一天' }), 409, 'deadline_passed', 'deadline');
    const again = await runCli(server, ['findings', 'sweep', '--as-of', '2021-09-01T16:00:00Z']);
    assert.match(again.stdout, /\b0\b/, 'a second sweep changes nothing');
    const ex = await runCli(server, ['audit', 'export']);
    const fails = ex.stdout.split('\n').filter((l) => l.includes('"action":"finding.fail"'));
    assert.equal(fails.length, 1);
    assert.ok(fails[0].includes('"actor":"system"'));
    const overdue = await dc.call('GET', '/api/v1/findings', { query: { overdue: '1' } });
    assert.equal(overdue.status, 200);
    const show = await runCli(server, ['findings', 'list', '--status', 'failed']);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`^${F[2]}\\tfailed`, 'm'));
  });

  test('every write is audited and the chain verifies', async () => {
    const ex = await runCli(server, ['audit', 'export']);
    const actions = ex.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).action);
    assert.equal(actions.filter((a) => a === 'rectification.submit').length, 3);
    assert.equal(actions.filter((a) => a === 'rectification.decide').length, 2);
    assert.equal((await runCli(server, ['audit', 'verify'])).code, 0);
  });
});
