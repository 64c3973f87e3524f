// checks.test.mjs - technical checks over HTTP on the demo registry: the
// stateless calculators (the worked examples of domain-research.md §3-5,
// the score boundaries, degenerate input -> 422 naming the field, nothing
// written), stored checks of a standard by its unit and by the authority, a
// failing check that creates exactly one finding (read from the database),
// with the campaign's deadline when an inspection of an active campaign
// covers the standard, and jurisdiction (another unit's standard -> 404).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { assertError } from './lib/client.mjs';
import { msupBinary, startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser } from './lib/users.mjs';

const CALC = '/api/v1/calc/{kind}';
const CHECKS = '/api/v1/standards/{id}/checks';

const near = (got, want, digits, what) =>
  assert.ok(Math.abs(got - want) <= 0.5 * 10 ** -digits + 1e-12, `${what}: got ${got}, want ${want}`);

const LABS = [
  ['pilot', 1.000001, 4e-6],
  ['L1', 1.000002, 5e-6],
  ['L2', 1.000001, 5e-6],
  ['L3', 0.99999, 6e-6],
  ['L4', 0.999999, 5e-6],
  ['L5', 1.0, 5e-6],
  ['L6', 1.000004, 5e-6],
];
const CREOSOTE = [24.14, 20.155, 19.5, 20.3, 20.705, 17.57, 20.1, 20.94, 21.185];
const REPEAT = [10.0012, 10.0015, 10.0011, 10.0014, 10.0013, 10.0012, 10.0016, 10.0013, 10.0012, 10.0014];
const BLIND_FAIL = { method: 'transfer', y: 200.0012, U: 0.002, y_ref: 200.0062, U_ref: 0.0015, k_ref: 3 };

/** One value from the test server's database. */
function sql(server, query) {
  return new Promise((resolve, reject) => {
    const [cmd, args] =
      server.backend === 'sqlite'
        ? ['sqlite3', [server.dbUrl.replace(/^sqlite:/, ''), query]]
        : ['psql', [server.dbUrl, '-X', '-A', '-t', '-c', query]];
    execFile(cmd, args, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

describe(`technical checks [${testBackend()}]`, { timeout: 120000 }, () => {
  let server, dc, xc, insp, unitApi, otherUnitApi;
  let dongcheng, S1, S1new, S2, Sxc;

  before(async () => {
    server = await startServer({ seed: true, env: ENV });
    dc = await makeUser(server, 'h6dc', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'h6xc', 'authority', ['--authority', '110102']);
    insp = await makeUser(server, 'h6insp', 'inspector', ['--authority', '110101']);
    dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    const s = await dc.call('GET', '/api/v1/standards', { query: { per_page: 500 } });
    assert.equal(s.status, 200, s.text);
    const own = s.body.items.filter((x) => x.cert_authority_id === dongcheng);
    const units = [...new Set(own.map((x) => x.unit_id))];
    assert.ok(units.length >= 2, 'two units with standards certified by 东城');
    S1 = own.find((x) => x.unit_id === units[0]).id;
    S2 = own.find((x) => x.unit_id === units[1]).id;
    const u1 = await dc.call('GET', '/api/v1/units/{id}', { params: { id: units[0] } });
    const u2 = await dc.call('GET', '/api/v1/units/{id}', { params: { id: units[1] } });
    unitApi = await makeUser(server, 'h6unit', 'unit', ['--unit', u1.body.uscc]);
    otherUnitApi = await makeUser(server, 'h6unit2', 'unit', ['--unit', u2.body.uscc]);
    const sx = await xc.call('GET', '/api/v1/standards', { query: { per_page: 500 } });
    const xcId = (await xc.call('GET', '/api/v1/me')).body.user.authority_id;
    Sxc = sx.body.items.find((x) => x.cert_authority_id === xcId).id;
    // a current certificate of U1, so that a draw of 东城 inspects it
    const n = await dc.call('POST', '/api/v1/standards', {
      json: {
        unit_id: units[0],
        name: '技术核查测试标准装置',
        code: '12310200',
        category: 'enterprise_highest',
        cert_no: '[2024]京量标东城证字第6601号',
        cert_authority_id: dongcheng,
        cert_issued_on: '2024-01-01',
        cert_expires_on: '2099-12-31',
      },
    });
    assert.equal(n.status, 201, n.text);
    S1new = n.body.id;
  });
  after(async () => {
    await server?.stop();
  });

  const calc = (api, kind, json) => api.call('POST', CALC, { params: { kind }, json });

  test('En: the 200 g blind sample, and the 7-lab weighted-mean table', async () => {
    let r = await calc(insp, 'en', { x: 200.0012, U: 0.002, x_ref: 200.0032, U_ref: 0.0015, k_ref: 3 });
    assert.equal(r.status, 200, r.text);
    near(r.body.en, -0.894, 3, 'En');
    near(r.body.U_ref, 0.001, 12, 'U_ref rescaled to k=2');
    assert.equal(r.body.verdict, 'pass');
    r = await calc(unitApi, 'en', { labs: LABS.map(([id, x, U]) => ({ id, x, U })) });
    assert.equal(r.status, 200, r.text);
    near(r.body.reference.x, 1.0000012, 7, 'X_ref');
    near(r.body.reference.u * 1e6, 0.976, 3, 'u_ref');
    assert.equal(r.body.grubbs[0].index, 3);
    near(r.body.grubbs[0].g, 2.125, 3, 'G');
    assert.equal(r.body.grubbs[0].g_crit, 1.938);
    const want = { pilot: -0.04, L1: 0.18, L4: -0.47, L6: 0.62, L3: -1.77 };
    for (const l of r.body.labs) {
      if (want[l.id] !== undefined) near(l.en, want[l.id], 2, `En ${l.id}`);
      assert.equal(l.in_reference, l.id !== 'L3');
      assert.equal(l.class, l.id === 'L3' ? 'unsatisfactory' : 'satisfactory');
    }
    assert.equal(r.body.verdict, 'fail');
    // the verdict of one lab
    r = await calc(dc, 'en', { labs: LABS.map(([id, x, U]) => ({ id, x, U })), lab: 6 });
    assert.equal(r.body.verdict, 'pass');
    // |En| = 1 exactly is satisfactory
    r = await calc(dc, 'en', { x: 5, U: 3, x_ref: 0, U_ref: 4 });
    assert.equal(r.body.en, 1);
    assert.equal(r.body.verdict, 'pass');
  });

  test('z, z\', zeta and Algorithm A: creosote, the second vector, the boundaries', async () => {
    let r = await calc(dc, 'zscore', { values: CREOSOTE, assigned: 'algorithm-a' });
    assert.equal(r.status, 200, r.text);
    near(r.body.x_pt, 20.412143, 6, 'x*');
    near(r.body.sigma_pt, 1.06984, 6, 's*');
    near(r.body.scores[0].z, 3.48, 2, 'z 24.140');
    assert.equal(r.body.scores[0].class, 'unsatisfactory');
    near(r.body.scores[5].z, -2.66, 2, 'z 17.570');
    assert.equal(r.body.scores[5].class, 'questionable');
    assert.equal(r.body.verdict, 'fail');
    const tab = r.body.algorithm_a.table;
    near(tab[1].delta, 1.42368, 6, 'delta 1');
    near(tab[6].s, 1.053713, 6, 's* 6');
    assert.equal(tab[0].delta, null);

    r = await calc(dc, 'algorithm-a', { values: [0.264, 0.267, 0.296, 0.311, 0.331, 0.4246] });
    assert.equal(r.status, 200, r.text);
    near(r.body.table[0].s, 0.047456, 6, 'initial s*');
    near(r.body.x, 0.309588, 6, 'x*');
    near(r.body.s, 0.052628, 6, 's*');
    assert.equal(r.body.converged, true);
    assert.equal(r.body.verdict, null);

    for (const [x, cls, verdict] of [
      [2, 'satisfactory', 'pass'],
      [-2, 'satisfactory', 'pass'],
      [2.5, 'questionable', 'questionable'],
      [3, 'unsatisfactory', 'fail'],
      [-3, 'unsatisfactory', 'fail'],
    ]) {
      r = await calc(dc, 'zscore', { x, x_pt: 0, sigma_pt: 1 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.scores[0].z, x);
      assert.equal(r.body.scores[0].class, cls, `z = ${x}`);
      assert.equal(r.body.verdict, verdict);
    }
    r = await calc(dc, 'zscore', { x: 5, x_pt: 0, sigma_pt: 3, u_pt: 4 });
    assert.equal(r.body.method, 'z_prime');
    assert.equal(r.body.scores[0].z, 1);
    r = await calc(dc, 'zeta', { x: 10, u: 3, x_pt: 0, u_pt: 4 });
    assert.equal(r.body.zeta, 2);
    assert.equal(r.body.verdict, 'pass');
  });

  test('repeatability, stability, verification, Grubbs', async () => {
    let r = await calc(dc, 'repeatability', { values: REPEAT, s0: 0.0002 });
    assert.equal(r.status, 200, r.text);
    near(r.body.mean, 10.00132, 5, 'mean');
    near(r.body.s, 0.000155, 6, 's');
    assert.equal(r.body.verdict, 'pass');
    r = await calc(dc, 'repeatability', { values: REPEAT, s0: 0.0001 });
    assert.equal(r.body.verdict, 'questionable');
    r = await calc(dc, 'repeatability', { values: REPEAT, s0: 0.0001, meets_needs: false });
    assert.equal(r.body.verdict, 'fail');

    r = await calc(dc, 'stability', { groups: [[10, 10], [10, 10], [10, 10], [10, 10]], mpe: -0.02 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.value, 0);
    assert.equal(r.body.limit, 0.02);
    assert.equal(r.body.verdict, 'pass');
    r = await calc(dc, 'stability', { mode: 'yearly', means: [5.001, 5.004, 5.0095], U: 0.003, k: 3 });
    assert.equal(r.body.verdict, 'fail');
    near(r.body.limit, 0.002, 12, 'U at k=2');

    r = await calc(dc, 'verification', { method: 'comparison', labs: LABS.map(([id, y, U]) => ({ id, y, U })) });
    assert.equal(r.status, 200, r.text);
    near(r.body.mean, 0.9999996, 7, 'mean');
    near(r.body.labs[3].limit * 1e6, 5.55, 2, 'L3 limit');
    assert.deepEqual(r.body.labs.map((l) => l.pass), [true, true, true, false, true, true, true]);
    assert.equal(r.body.verdict, 'fail');
    r = await calc(dc, 'verification', BLIND_FAIL);
    assert.equal(r.body.verdict, 'fail');
    r = await calc(dc, 'verification', { method: 'transfer', y: 200.0012, U: 0.002, y_ref: 200.0032, U_ref: 0.0015, k_ref: 3 });
    near(r.body.limit * 1e3, 2.24, 2, 'limit');
    assert.equal(r.body.verdict, 'pass');

    r = await calc(dc, 'grubbs', { values: LABS.map((l) => l[1]) });
    assert.equal(r.body.index, 3);
    assert.equal(r.body.outlier, true);
  });

  test('control charts: limits, zones, points, violations; Western Electric selectable', async () => {
    const values = [5, 5.2, 4.9, 5.1, 5, 4.8, 5.1, 5, 5.2, 4.9, 5, 9];
    let r = await calc(insp, 'control-chart', { chart: 'i-mr', values });
    assert.equal(r.status, 200, r.text);
    const loc = r.body.location;
    assert.equal(loc.points.length, 12);
    assert.equal(r.body.dispersion.points.length, 11);
    assert.equal(r.body.dispersion.points[0].index, 1);
    near(loc.zones.plus1 - loc.cl, loc.sigma, 9, 'zone +1');
    near(loc.ucl - loc.cl, 3 * loc.sigma, 9, 'UCL');
    const v1 = r.body.violations.find((v) => v.rule === 1 && v.chart === 'location');
    assert.deepEqual(v1.points, [11]);
    assert.deepEqual(loc.points[11].rules, [1]);
    assert.equal(r.body.rule_set, 'gbt4091');
    assert.equal(r.body.verdict, 'fail');

    // 8 on one side: a Western Electric signal, not a GB/T 4091 one
    const eight = [0, 0.1, -0.1, 0.05, -0.05, 0.1, -0.1, 0.2, 0.3, 0.2, 0.3, 0.2, 0.3, 0.2, 0.3, -0.1];
    r = await calc(dc, 'control-chart', { values: eight, rules: 'western_electric' });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.violations.some((v) => v.rule === 4), r.text);
    r = await calc(dc, 'control-chart', { values: eight });
    assert.ok(!r.body.violations.some((v) => v.rule === 2), 'fewer than 9 on one side');

    // many violations (more than the first guess of the server's buffer): all reported
    const spiky = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? 5 : i % 2 ? 0.1 : -0.1));
    r = await calc(dc, 'control-chart', { values: spiky });
    assert.equal(r.status, 200, r.text);
    const ones = r.body.violations.filter((v) => v.rule === 1 && v.chart === 'location');
    assert.deepEqual(
      ones.map((v) => v.points[0]),
      Array.from({ length: 100 }, (_, k) => 10 * k + 9),
    );

    r = await calc(dc, 'control-chart', { chart: 'xbar-r', subgroups: [[10, 12, 11, 13], [11, 11, 12, 10], [12, 14, 13, 13], [9, 11, 10, 10], [12, 12, 11, 13]] });
    assert.equal(r.status, 200, r.text);
    near(r.body.location.cl, 11.5, 9, 'X-bar');
    near(r.body.dispersion.cl, 2.2, 9, 'R-bar');
    near(r.body.location.ucl, 13.102914, 6, 'UCL');
    assert.equal(r.body.verdict, 'pass');
  });

  test('degenerate input: 422 naming the field, never a NaN', async () => {
    const cases = [
      ['en', { x: 1, U: 0, x_ref: 2, U_ref: 0 }, 'stats_zero_uncertainty', 'U'],
      ['en', { x: 1, U: 1, x_ref: 2 }, 'required', 'U_ref'],
      ['en', { x: '1', U: 1, x_ref: 2, U_ref: 1 }, 'invalid_type', 'x'],
      ['en', { labs: [{ x: 1, U: 1 }, { x: 2, U: -1 }] }, 'stats_not_positive', 'labs[1].U'],
      ['algorithm-a', { values: [2, 2, 2, 2, 2, 3, 4] }, 'stats_alga_not_computable', 'values'],
      ['algorithm-a', { values: [] }, 'stats_too_few', 'values'],
      ['algorithm-a', { values: [1, 'x', 3] }, 'invalid_type', 'values[1]'],
      ['repeatability', { values: [1, 2, 3], s0: 1 }, 'stats_too_few', 'values'],
      ['repeatability', { values: REPEAT, s0: 0 }, 'stats_not_positive', 's0'],
      ['grubbs', { values: [1, 1, 1, 1] }, 'stats_no_variation', 'values'],
      ['zscore', { values: [1, 2], x_pt: 0, sigma_pt: 0 }, 'stats_not_positive', 'sigma_pt'],
      ['stability', { means: [1, 2, 3, 4] }, 'required', 'mpe'],
      ['stability', { means: [1, 2, 3], mpe: 1 }, 'stats_too_few', 'means'],
      ['control-chart', { values: [3, 3, 3, 3] }, 'stats_no_variation', 'values'],
      ['control-chart', { chart: 'xbar-r', subgroups: [[1, 2], [1, 2, 3]] }, 'stats_subgroup_ragged', 'subgroups[1]'],
      ['control-chart', { chart: 'pie', values: [1, 2] }, 'calc_choice', 'chart'],
      ['zeta', { x: 1, u: 1, x_pt: 1, u_pt: 1, sigma: 2 }, 'unknown_field', 'sigma'],
      ['zscore', { x: 1e308, x_pt: -1e308, sigma_pt: 1e-300 }, 'stats_not_finite', 'sigma_pt'],
    ];
    for (const [kind, json, code, field] of cases) {
      const r = await calc(dc, kind, json);
      assertError(r, 422, code, field);
      assert.ok(!/[:,[]\s*-?(NaN|Infinity)\b/.test(r.text), r.text);
    }
    assertError(await calc(dc, 'nosuch', {}), 404, 'not_found');
    const r = await calc(dc, 'en', [1, 2]);
    assert.ok([400, 422].includes(r.status), r.text);
    assert.equal(await sql(server, 'SELECT count(*) FROM checks'), '0', 'calculators write nothing');
  });

  test('stored checks: the unit and the authority submit, list, read', async () => {
    let r = await unitApi.call('POST', CHECKS, {
      params: { id: S1 },
      json: { kind: 'repeatability', data: { values: REPEAT, s0: 0.0002 } },
    });
    assert.equal(r.status, 201, r.text);
    const c = r.body;
    assert.equal(c.verdict, 'pass');
    assert.equal(c.method, 'repeatability');
    assert.equal(c.rule_set, 'jjf1033');
    assert.equal(c.rule_version, '1');
    assert.equal(c.finding_id, null);
    assert.deepEqual(c.data.values, REPEAT);
    near(c.result.s, 0.000155, 6, 's');
    assert.equal(c.created_by, 'h6unit');
    r = await dc.call('POST', CHECKS, {
      params: { id: S1 },
      json: { kind: 'process_control', data: { values: [5, 5.2, 4.9, 5.1, 5, 4.8, 5.1, 5] } },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.rule_set, 'gbt4091');
    r = await insp.call('GET', CHECKS, { params: { id: S1 } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 2);
    assert.equal(r.body.items[0].kind, 'process_control');
    r = await unitApi.call('GET', CHECKS, { params: { id: S1 }, query: { kind: 'repeatability' } });
    assert.equal(r.body.total, 1);
    r = await unitApi.call('GET', '/api/v1/checks/{id}', { params: { id: c.id } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.id, c.id);
    assertError(await unitApi.call('GET', CHECKS, { params: { id: S1 }, query: { kind: 'x' } }), 422, 'check_kind', 'kind');
  });

  test('a failing check creates exactly one finding; with a campaign its deadline', async () => {
    const before = await sql(server, 'SELECT count(*) FROM findings');
    let r = await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'blind_sample', data: BLIND_FAIL } });
    assert.equal(r.status, 201, r.text);
    const c = r.body;
    assert.equal(c.verdict, 'fail');
    assert.ok(c.finding_id > 0);
    assert.equal(c.inspection_id, null);
    assert.equal(Number(await sql(server, 'SELECT count(*) FROM findings')), Number(before) + 1);
    const row = (
      await sql(
        server,
        `SELECT source || '|' || severity || '|' || status || '|' || deadline || '|' || standard_id || '|' || authority_id || '|' || COALESCE(CAST(inspection_id AS TEXT), '-') || '|' || description FROM findings WHERE check_id = ${c.id}`,
      )
    ).split('|');
    assert.deepEqual(row.slice(0, 3), ['check', 'nonconform', 'open']);
    const today = c.created_at.slice(0, 10);
    assert.equal(row[3], addDays(today, 30));
    assert.equal(Number(row[4]), S1);
    assert.equal(Number(row[5]), dongcheng);
    assert.equal(row[6], '-');
    assert.match(row.slice(7).join('|'), new RegExp(`#${c.id}.*盲样检测.*verification.*jjf1033`));
    assert.equal(await sql(server, `SELECT count(*) FROM findings WHERE check_id = ${c.id}`), '1');
    // a questionable result creates none
    r = await dc.call('POST', CHECKS, {
      params: { id: S1 },
      json: { kind: 'repeatability', data: { values: REPEAT, s0: 0.0001 } },
    });
    assert.equal(r.body.verdict, 'questionable');
    assert.equal(r.body.finding_id, null);
    assert.equal(Number(await sql(server, 'SELECT count(*) FROM findings')), Number(before) + 1);

    // a campaign of 东城 whose draw inspects the new standard of U1
    const camp = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区技术核查测试', year: 2021 } });
    assert.equal(camp.status, 201, camp.text);
    const draw = await dc.call('POST', '/api/v1/campaigns/{id}/draws', {
      params: { id: camp.body.id },
      json: { authority_id: dongcheng, kind: 'units', seed: '技术核查测试' },
    });
    assert.equal(draw.status, 201, draw.text);
    r = await unitApi.call('POST', CHECKS, {
      params: { id: S1new },
      json: { kind: 'comparison', method: 'verification', data: { method: 'comparison', labs: LABS.map(([id, y, U]) => ({ id, y, U })), lab: 3 } },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.verdict, 'fail');
    assert.equal(r.body.campaign_id, camp.body.id);
    assert.ok(r.body.inspection_id > 0);
    const f = (
      await sql(server, `SELECT deadline || '|' || inspection_id || '|' || campaign_id FROM findings WHERE check_id = ${r.body.id}`)
    ).split('|');
    assert.deepEqual(f, [camp.body.rectify_to, String(r.body.inspection_id), String(camp.body.id)]);
  });

  test('bad input writes nothing; jurisdiction; kinds and methods', async () => {
    const n0 = await sql(server, 'SELECT count(*) FROM checks');
    const f0 = await sql(server, 'SELECT count(*) FROM findings');
    let r = await dc.call('POST', CHECKS, {
      params: { id: S1 },
      json: { kind: 'repeatability', data: { values: [1, 2, 3], s0: 1 } },
    });
    assertError(r, 422, 'stats_too_few', 'data.values');
    r = await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'blind_sample', data: { ...BLIND_FAIL, U_ref: 0, U: 0 } } });
    assertError(r, 422, 'stats_zero_uncertainty', 'data.U');
    assertError(await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'audit', data: {} } }), 422, 'check_kind', 'kind');
    assertError(
      await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'stability', method: 'en', data: {} } }),
      422,
      'check_method',
      'method',
    );
    assertError(await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'stability' } }), 422, 'required', 'data');
    assertError(
      await dc.call('POST', CHECKS, { params: { id: S1 }, json: { kind: 'stability', data: { means: [1, 2, 3, 4], mpe: 9, x: 1 } } }),
      422,
      'unknown_field',
      'data.x',
    );
    // another unit's standard, another authority's standard: 404 like a missing one
    const body = { kind: 'blind_sample', data: BLIND_FAIL };
    assertError(await unitApi.call('POST', CHECKS, { params: { id: S2 }, json: body }), 404, 'not_found');
    assertError(await dc.call('POST', CHECKS, { params: { id: Sxc }, json: body }), 404, 'not_found');
    assertError(await dc.call('POST', CHECKS, { params: { id: 999999 }, json: body }), 404, 'not_found');
    // bad data on another's standard is still 404 (nothing said about it)
    assertError(await unitApi.call('POST', CHECKS, { params: { id: S2 }, json: { kind: 'stability', data: {} } }), 404, 'not_found');
    assert.equal(await sql(server, 'SELECT count(*) FROM checks'), n0);
    assert.equal(await sql(server, 'SELECT count(*) FROM findings'), f0);
    // reads
    const mine = await unitApi.call('GET', CHECKS, { params: { id: S1 } });
    const id = mine.body.items[0].id;
    assertError(await otherUnitApi.call('GET', '/api/v1/checks/{id}', { params: { id } }), 404, 'not_found');
    assertError(await otherUnitApi.call('GET', CHECKS, { params: { id: S1 } }), 404, 'not_found');
    assertError(await xc.call('GET', '/api/v1/checks/{id}', { params: { id } }), 404, 'not_found');
    assertError(await insp.call('POST', CHECKS, { params: { id: S1 }, json: body }), 403, 'forbidden');
  });

  test('msup calc prints what the API answers', async () => {
    const data = { values: CREOSOTE, assigned: 'algorithm-a' };
    const api = await calc(dc, 'zscore', data);
    const cli = await new Promise((resolve) => {
      const p = execFile(
        msupBinary(),
        ['calc', 'zscore'],
        { env: { ...process.env, LANG: 'C.UTF-8', ...ENV } },
        (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }),
      );
      p.stdin.end(JSON.stringify(data));
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout.trim(), api.text);
  });
});
