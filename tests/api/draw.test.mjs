// draw.test.mjs - the double-random draw over HTTP on the demo registry, as
// of 2021-06-15 (MSUP_TODAY): 东城 publishes a seed commitment, a wrong seed
// is refused (409, nothing written), the draw is run and its stored roster
// verifies online and offline (`msup draw verify` on the exported roster,
// same result); a second draw is refused until the first is voided; the
// inspections created (one per drawn standard, planned, A1); inspectors
// assigned (a team of two or flagged unassigned, never a conflicted person);
// void cancels the planned inspections and keeps both draws; a sibling
// district reads none of it; the audit trail of it all.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli } from './lib/users.mjs';

const SEED = '2021-06-15 东城区 第1轮';
const sm3 = (s) => createHash('sm3').update(s, 'utf8').digest('hex');

describe(`draws and inspections [${testBackend()}]`, { timeout: 90000 }, () => {
  let server;
  let dc; // authority, 东城 (110101)
  let xc; // authority, 西城 (110102)
  let aud; // auditor
  let dongcheng; // its id
  let campaign; // 东城's 2021 campaign
  let draw; // the first draw
  let tmp;

  before(async () => {
    server = await startServer({ seed: true, env: { ...ENV, MSUP_TODAY: '2021-06-15' } });
    dc = await makeUser(server, 'h11dc', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'h11xc', 'authority', ['--authority', '110102']);
    aud = await makeUser(server, 'h11aud', 'auditor');
    dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区双随机抽查', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    campaign = c.body.id;
    tmp = mkdtempSync(join(tmpdir(), 'msup-draw-'));
  });
  after(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const run = (seed, kind = 'units', api = dc) =>
    api.call('POST', '/api/v1/campaigns/{id}/draws', { params: { id: campaign }, json: { authority_id: dongcheng, kind, seed } });

  test('a commitment, a refused seed, the draw', async () => {
    const bad = await dc.call('POST', '/api/v1/campaigns/{id}/draws/commit', {
      params: { id: campaign },
      json: { authority_id: dongcheng, kind: 'units', seed_sm3: 'xyz' },
    });
    assertError(bad, 422, 'draw_bad_commit', 'seed_sm3');
    const c = await dc.call('POST', '/api/v1/campaigns/{id}/draws/commit', {
      params: { id: campaign },
      json: { authority_id: dongcheng, kind: 'units', seed_sm3: sm3(SEED).toUpperCase() },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.seed_sm3, sm3(SEED));
    assertError(await run('另一个种子'), 409, 'draw_seed_mismatch', 'seed');
    const none = await dc.call('GET', '/api/v1/inspections', { query: { campaign_id: campaign } });
    assert.equal(none.body.total, 0, 'nothing written by a refused seed');
    const r = await run(SEED);
    assert.equal(r.status, 201, r.text);
    draw = r.body;
    assert.equal(draw.algorithm, 'msup-draw-1');
    assert.equal(draw.as_of, '2021-06-15');
    assert.equal(draw.seed_sm3, sm3(SEED));
    assert.equal(draw.status, 'active');
    assert.ok(draw.items.length >= 1, 'units drawn');
    assert.equal(draw.assignment, null);
    assertError(await run(SEED), 409, 'draw_active', 'kind');
  });

  test('the roster verifies online and offline', async () => {
    const v = await dc.call('GET', '/api/v1/draws/{id}/verify', { params: { id: draw.id } });
    assert.equal(v.status, 200, v.text);
    assert.deepEqual(v.body, { ok: true });
    const roster = await dc.call('GET', '/api/v1/draws/{id}/roster', { params: { id: draw.id } });
    assert.equal(roster.status, 200);
    assert.equal(sm3(roster.text), draw.roster_digest, 'roster_digest = SM3 of the exported bytes');
    assert.equal(roster.body.authority, '110101');
    writeFileSync(join(tmp, 'roster.json'), roster.text);
    writeFileSync(join(tmp, 'result.json'), JSON.stringify(draw.result));
    const ok = await runCli(server, ['draw', 'verify', '--roster', join(tmp, 'roster.json'), '--seed', SEED, '--result', join(tmp, 'result.json')]);
    assert.equal(ok.code, 0, ok.stderr);
    const other = await runCli(server, ['draw', 'verify', '--roster', join(tmp, 'roster.json'), '--seed', 'x', '--result', join(tmp, 'result.json')]);
    assert.equal(other.code, 1, 'another seed does not give the published result');
  });

  test('inspections: one per drawn standard, planned, checklist A1, one visit per unit', async () => {
    const picks = draw.items.reduce((n, it) => n + it.standards.length, 0);
    const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: draw.id, per_page: 500 } });
    assert.equal(l.status, 200, l.text);
    assert.equal(l.body.total, picks);
    for (const i of l.body.items) {
      assert.equal(i.status, 'planned');
      assert.equal(i.kind, 'standard');
      assert.equal(i.checklist_code, 'A1');
      const rank = draw.items.find((it) => it.uscc === i.target.id).rank;
      assert.equal(i.visit_group, rank);
    }
    const d = await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: l.body.items[0].id } });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.standards.length, 1);
    assert.deepEqual(d.body.team, []);
    assert.equal(d.body.team_unassigned, false);
    assertError(await dc.call('GET', '/api/v1/inspections', { query: { status: 'bogus' } }), 422, 'invalid_enum', 'status');
  });

  test('inspectors: teams of two or flagged, once', async () => {
    assertError(
      await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: draw.id }, json: { seed: 'S2', team_size: 1 } }),
      422,
      'draw_team_size',
      'team_size',
    );
    const a = await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: draw.id }, json: { seed: 'S2 第1轮', team_size: 2 } });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.assignment.team_size, 2);
    const teams = a.body.assignment.result.teams;
    assert.ok(teams.length >= 1);
    for (const t of teams) {
      const d = await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: t.inspection_id } });
      assert.equal(d.status, 200, d.text);
      if (t.assigned) {
        assert.equal(d.body.team.length, 2);
        assert.equal(d.body.team[0].role, 'leader');
        assert.equal(d.body.team[0].kind, 'enforcement');
      } else {
        assert.equal(d.body.team_unassigned, true);
      }
    }
    assertError(await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: draw.id }, json: { seed: 'again' } }), 409, 'draw_assigned', 'id');
  });

  test('a sibling district reads none of it', async () => {
    assertError(await xc.call('GET', '/api/v1/draws/{id}', { params: { id: draw.id } }), 404, 'not_found', 'id');
    const l = await xc.call('GET', '/api/v1/inspections', { query: { campaign_id: campaign } });
    assert.equal(l.status, 200);
    assert.equal(l.body.total, 0);
    assertError(await run('x', 'units', xc), 404, 'not_found', 'id');
  });

  test('void keeps both draws and cancels the planned inspections', async () => {
    assertError(await dc.call('POST', '/api/v1/draws/{id}/void', { params: { id: draw.id }, json: {} }), 422, 'required', 'reason');
    const v = await dc.call('POST', '/api/v1/draws/{id}/void', { params: { id: draw.id }, json: { reason: '名录导出有误' } });
    assert.equal(v.status, 200, v.text);
    assert.equal(v.body.status, 'void');
    assert.equal(v.body.void_reason, '名录导出有误');
    const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: draw.id, status: 'planned' } });
    assert.equal(l.body.total, 0);
    const c = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: draw.id, status: 'cancelled' } });
    assert.ok(c.body.total > 0);
    const again = await run('2021-06-16 东城区 第2轮');
    assert.equal(again.status, 201, again.text);
    const old = await dc.call('GET', '/api/v1/draws/{id}', { params: { id: draw.id } });
    assert.equal(old.body.status, 'void', 'the void draw is kept');
  });

  test('every write is in the audit trail', async () => {
    const r = await aud.call('GET', '/api/v1/audit', { query: { per_page: 500 } });
    assert.equal(r.status, 200, r.text);
    const actions = r.body.items.map((x) => x.action);
    for (const [a, n] of [['draw.commit', 1], ['draw.run', 2], ['draw.assign', 1], ['draw.void', 1]])
      assert.equal(actions.filter((x) => x === a).length, n, a);
  });
});
