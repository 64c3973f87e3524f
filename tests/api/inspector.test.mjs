// inspector.test.mjs - the inspector pool and recusal over HTTP on the demo
// registry, as of 2021-06-15 (MSUP_TODAY): 东城 runs a draw, adds people to
// its pool (officers and 考评员 covering the drawn fields, one expert employed
// by a drawn unit), declares a conflict of an officer with a drawn unit
// (twice: 409), assigns teams (no conflicted or employed person on that
// unit's teams), recuses a member (replacement and history kept); the pool's
// validation, a sibling district reads nothing of it, a unit user is refused
// the pool; every write is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser } from './lib/users.mjs';

const MISSING = 999999;

describe(`inspector pool and recusal [${testBackend()}]`, { timeout: 90000 }, () => {
  let server;
  let dc; // authority, 东城 (110101)
  let xc; // authority, 西城 (110102)
  let aud; // auditor
  let unitApi; // a unit user
  let dongcheng;
  let draw; // 东城's draw of units
  let insps; // its inspections (detail)
  let target; // the unit of the first inspection
  const pool = []; // inspectors added here
  let conflicted; // an officer with a declared conflict with TARGET
  let employed; // an expert employed by TARGET

  before(async () => {
    server = await startServer({ seed: true, env: { ...ENV, MSUP_TODAY: '2021-06-15' } });
    dc = await makeUser(server, 'h12dc', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'h12xc', 'authority', ['--authority', '110102']);
    aud = await makeUser(server, 'h12aud', 'auditor');
    dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区检查人员回避测试', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    const r = await dc.call('POST', '/api/v1/campaigns/{id}/draws', {
      params: { id: c.body.id },
      json: { authority_id: dongcheng, kind: 'units', seed: '2021-06-15 东城区 回避' },
    });
    assert.equal(r.status, 201, r.text);
    draw = r.body;
    const l = await dc.call('GET', '/api/v1/inspections', { query: { draw_id: draw.id, per_page: 500 } });
    assert.ok(l.body.total >= 1, 'the draw created inspections');
    insps = [];
    for (const i of l.body.items) insps.push((await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: i.id } })).body);
    target = insps[0].unit_id;
    const units = (await dc.call('GET', '/api/v1/units', { query: { per_page: 500 } })).body.items;
    const uscc = units.find((u) => u.id === target)?.uscc;
    assert.ok(uscc, 'the drawn unit is visible');
    unitApi = await makeUser(server, 'h12unit', 'unit', ['--unit', uscc]);
  });
  after(async () => {
    await server?.stop();
  });

  const add = (json, api = dc) => api.call('POST', '/api/v1/inspectors', { json });

  test('the pool: people added, validated, listed and changed', async () => {
    const fields = [...new Set(insps.flatMap((i) => i.standards.map((s) => s.field)))];
    assert.ok(fields.length >= 1);
    for (let k = 0; k < 6; k++) {
      const expert = k >= 3;
      const r = await add({
        authority_id: dongcheng,
        name: `检查员${k}`,
        kind: expert ? 'expert' : 'enforcement',
        fields,
        certificate_no: `京东执法${k}`,
        ...(expert && k === 3 ? { employer_unit_id: target } : {}),
      });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.body.fields, fields);
      assert.equal(r.body.active, true);
      pool.push(r.body);
    }
    conflicted = pool[0].id;
    employed = pool[3].id;
    assert.equal(pool[3].employer_unit_id, target);

    const base = { authority_id: dongcheng, name: '张三', kind: 'enforcement', fields: ['01'] };
    const before = (await dc.call('GET', '/api/v1/inspectors', { query: { authority_id: dongcheng } })).body.total;
    assertError(await add({ ...base, fields: ['99'] }), 422, 'inspector_bad_field', 'fields');
    assertError(await add({ ...base, kind: 'volunteer' }), 422, 'invalid_enum', 'kind');
    assertError(await add({ ...base, name: ' ' }), 422, 'required', 'name');
    assertError(await add({ ...base, kind: 'expert', employer_unit_id: MISSING }), 422, 'unknown_unit', 'employer_unit_id');
    assertError(await add({ ...base, employer_unit_id: target }), 422, 'inspector_employer_kind', 'employer_unit_id');
    assertError(await add({ ...base, authority_id: (await xc.call('GET', '/api/v1/me')).body.user.authority_id }), 422, 'unknown_authority', 'authority_id');
    const after = (await dc.call('GET', '/api/v1/inspectors', { query: { authority_id: dongcheng } })).body.total;
    assert.equal(after, before, 'nothing written by refused requests');

    const experts = await dc.call('GET', '/api/v1/inspectors', { query: { authority_id: dongcheng, kind: 'expert', field: fields[0], per_page: 500 } });
    assert.equal(experts.status, 200, experts.text);
    for (const p of pool.slice(3)) assert.ok(experts.body.items.some((x) => x.id === p.id), `expert ${p.id} listed`);
    assert.ok(experts.body.items.every((x) => x.kind === 'expert' && x.fields.includes(fields[0])));
    assertError(await dc.call('GET', '/api/v1/inspectors', { query: { field: '1' } }), 422, 'inspector_bad_field', 'field');

    const p = await dc.call('PATCH', '/api/v1/inspectors/{id}', { params: { id: pool[5].id }, json: { active: false, name: '检查员5（离职）' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.active, false);
    assert.equal(p.body.name, '检查员5（离职）');
    const inactive = await dc.call('GET', '/api/v1/inspectors', { query: { authority_id: dongcheng, active: 'false', per_page: 500 } });
    assert.ok(inactive.body.items.some((x) => x.id === pool[5].id));
    assert.ok(inactive.body.items.every((x) => x.active === false));
  });

  test('a conflict is declared once; siblings and units do not see the pool', async () => {
    const c = await dc.call('POST', '/api/v1/inspectors/{id}/conflicts', {
      params: { id: conflicted },
      json: { unit_id: target, reason: '配偶在该单位任计量负责人', declared_on: '2021-06-01' },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.unit_id, target);
    assertError(
      await dc.call('POST', '/api/v1/inspectors/{id}/conflicts', { params: { id: conflicted }, json: { unit_id: target, reason: '再次申报' } }),
      409,
      'inspector_conflict_exists',
      'unit_id',
    );
    assertError(
      await dc.call('POST', '/api/v1/inspectors/{id}/conflicts', { params: { id: conflicted }, json: { unit_id: target } }),
      422,
      'required',
      'reason',
    );
    const l = await dc.call('GET', '/api/v1/inspectors/{id}/conflicts', { params: { id: conflicted } });
    assert.equal(l.status, 200, l.text);
    assert.equal(l.body.total, 1);
    assert.equal(l.body.items[0].reason, '配偶在该单位任计量负责人');
    const d = await dc.call('GET', '/api/v1/inspectors/{id}', { params: { id: conflicted } });
    assert.equal(d.body.conflicts.length, 1);

    assertError(await xc.call('GET', '/api/v1/inspectors/{id}', { params: { id: conflicted } }), 404, 'not_found', 'id');
    const xl = await xc.call('GET', '/api/v1/inspectors', { query: { authority_id: dongcheng } });
    assert.equal(xl.body.total, 0);
    assertError(await xc.call('PATCH', '/api/v1/inspectors/{id}', { params: { id: conflicted }, json: { active: false } }), 404, 'not_found', 'id');
    assertError(await unitApi.call('GET', '/api/v1/inspectors'), 403, 'forbidden');
    assertError(await unitApi.call('GET', '/api/v1/inspectors/{id}', { params: { id: conflicted } }), 403, 'forbidden');
  });

  test('assignment avoids conflicts; a recusal redraws the team and keeps the history', async () => {
    const a = await dc.call('POST', '/api/v1/draws/{id}/assign', { params: { id: draw.id }, json: { seed: 'S2 回避', team_size: 2 } });
    assert.equal(a.status, 200, a.text);
    const teams = a.body.assignment.result.teams;
    for (const t of teams) {
      const i = insps.find((x) => x.id === t.inspection_id);
      const ids = t.members.map((m) => m.id);
      assert.ok(!ids.includes(pool[5].id), 'an inactive person is never drawn');
      if (i.unit_id === target) {
        assert.ok(!ids.includes(conflicted), `conflicted officer on inspection ${t.inspection_id}`);
        assert.ok(!ids.includes(employed), `employed expert on inspection ${t.inspection_id}`);
      }
    }
    const t = teams.find((x) => x.assigned);
    assert.ok(t, 'a team was assigned');
    const out = t.members[1].id;
    assertError(
      await dc.call('POST', '/api/v1/draws/{id}/recuse', { params: { id: draw.id }, json: { inspection_id: MISSING, inspector_id: out, reason: 'x' } }),
      422,
      'inspector_not_in_draw',
      'inspection_id',
    );
    assertError(
      await dc.call('POST', '/api/v1/draws/{id}/recuse', { params: { id: draw.id }, json: { inspection_id: t.inspection_id, inspector_id: out } }),
      422,
      'required',
      'reason',
    );
    assertError(
      await xc.call('POST', '/api/v1/draws/{id}/recuse', { params: { id: draw.id }, json: { inspection_id: t.inspection_id, inspector_id: out, reason: 'x' } }),
      404,
      'not_found',
    );
    const r = await dc.call('POST', '/api/v1/draws/{id}/recuse', {
      params: { id: draw.id },
      json: { inspection_id: t.inspection_id, inspector_id: out, reason: '曾为该单位提供技术咨询' },
    });
    assert.equal(r.status, 200, r.text);
    const after = r.body.assignment.result;
    assert.equal(after.recusals.length, 1);
    assert.equal(after.recusals[0].inspector_id, out);
    const nt = after.teams.find((x) => x.inspection_id === t.inspection_id);
    assert.ok(!nt.members.some((m) => m.id === out), 'the recused person left the team');
    const d = await dc.call('GET', '/api/v1/inspections/{id}', { params: { id: t.inspection_id } });
    assert.equal(d.status, 200, d.text);
    const row = d.body.team.find((m) => m.inspector_id === out);
    assert.ok(row.recused_at, 'the recusal is kept in the team history');
    assert.equal(row.recusal_reason, '曾为该单位提供技术咨询');
    const current = d.body.team.filter((m) => !m.recused_at);
    if (nt.assigned) {
      assert.equal(current.length, 2, 'a replacement joined');
      assert.ok(current.some((m) => !t.members.some((x) => x.id === m.inspector_id)), 'someone new');
    } else {
      assert.equal(d.body.team_unassigned, true);
    }
    assertError(
      await dc.call('POST', '/api/v1/draws/{id}/recuse', { params: { id: draw.id }, json: { inspection_id: t.inspection_id, inspector_id: out, reason: '再次' } }),
      422,
      'draw_not_in_team',
    );
  });

  test('every write is in the audit trail', async () => {
    const r = await aud.call('GET', '/api/v1/audit', { query: { per_page: 500 } });
    assert.equal(r.status, 200, r.text);
    const rows = r.body.items;
    const n = (a) => rows.filter((x) => x.action === a).length;
    assert.equal(n('inspector.create'), 6);
    assert.equal(n('inspector.update'), 1);
    assert.equal(n('inspector.conflict'), 1);
    assert.equal(n('draw.recuse'), 1);
    const upd = rows.find((x) => x.action === 'inspector.update');
    assert.ok(!JSON.stringify(upd).includes('离职'), 'the name is not copied into the trail');
  });
});
