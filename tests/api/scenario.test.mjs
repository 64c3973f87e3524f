// scenario.test.mjs - the whole 2021 campaign as one scenario through the API
// on the province demo data set (江苏省, `msup demo --scale province`, about
// 5000 units and 110 authorities), across roles, with the clock pinned per
// phase (MSUP_TODAY / MSUP_NOW; the server is restarted on the same database
// between phases):
//   05-20  the province organises the campaign; units submit self-checks
//   06-03  more self-checks (late); draws of units for every authority and
//          of authorities for the province and each city; teams assigned
//   07-10  inspections: results, evidence, completion (pass / rectify /
//          fail), some not performed (no team, or the unit closed that day)
//   07-26  the not-performed ones followed up, or taken off the list
//   08-10  rectifications: submitted, accepted, rejected (four eyes)
//   08-20  rejected ones resubmitted and accepted
//   09-05  after the deadline: the sweep fails what nobody fixed (整改不合格);
//          dispositions, violations, public complaints, the risk list
// then every count is checked against the database and `msup audit verify`
// passes. The decisions are a pure function of each object's position, so
// the expected counts are computed, not read back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { Client } from './lib/client.mjs';
import { dbInt, dbRows } from './lib/db.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli } from './lib/users.mjs';

const PROVINCE = '320000';
const CITY = '320100'; // 南京
const CONCURRENCY = 6;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Run FN over ITEMS with at most N at a time; resolves the results in order. */
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

const phaseEnv = (date) => ({ MSUP_TODAY: date, MSUP_NOW: `${date}T02:00:00Z` });

describe(`the 2021 campaign, end to end [${testBackend()}]`, { timeout: 400000 }, () => {
  let server;
  const api = {}; // role clients
  const ids = {}; // authority ids by code
  let campaign;
  let A1, A2; // checklists
  const expect = {}; // the counts the scenario should leave

  /** All items of a list route (per_page 500). */
  async function listAll(client, pattern, query = {}, params) {
    const items = [];
    for (let page = 1; ; page++) {
      const r = await client.call('GET', pattern, { params, query: { ...query, page, per_page: 500 } });
      assert.equal(r.status, 200, `${pattern}: ${r.text.slice(0, 300)}`);
      items.push(...r.body.items);
      if (r.body.items.length < 500) {
        assert.equal(items.length, r.body.total, `${pattern}: total`);
        return items;
      }
    }
  }

  /** Restart the server on the same database as of DATE; clients keep their sessions. */
  async function phase(date) {
    logInternal();
    server = await server.restart({ ...ENV, ...phaseEnv(date) });
    for (const c of Object.values(api)) c.base = server.url;
  }

  const q = (sql) => dbInt(server, sql);

  before(async () => {
    const t0 = Date.now();
    server = await startServer({ env: { ...ENV, ...phaseEnv('2021-05-20'), MSUP_COMPLAINT_LIMIT: '1000' } });
    const d = await runCli(server, ['demo', '--scale', 'province', '--seed', '1']);
    assert.equal(d.code, 0, d.stderr);
    console.log(`# province demo loaded in ${Date.now() - t0} ms`);
    api.prov = await makeUser(server, 's5prov', 'authority', ['--authority', PROVINCE]);
    api.prov2 = await makeUser(server, 's5prov2', 'authority', ['--authority', PROVINCE]);
    api.city = await makeUser(server, 's5nj', 'authority', ['--authority', CITY]);
    api.anon = new Client(server.url);
    // the tree with its materialised paths (the API does not show them)
    const paths = new Map((await dbRows(server, 'SELECT id, path FROM authorities')).map(([id, p]) => [Number(id), p]));
    for (const a of await listAll(api.prov, '/api/v1/authorities')) ids[a.code] = { ...a, path: paths.get(a.id) };
    A1 = (await api.prov.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } })).body;
    A2 = (await api.prov.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A2' } })).body;
  });
  /** Internal errors are logged by the server, not shown to clients: show them. */
  function logInternal() {
    for (const l of (server?.output() ?? '').split('\n').filter((x) => /^msup: (POST|GET|PUT|PATCH)/.test(x)).slice(0, 5))
      console.log(`# server: ${l}`);
  }
  after(async () => {
    logInternal();
    await server?.stop();
  });

  // ------------------------------------------------------------ 05-20 .. 06-03

  const selfUnits = []; // [{unit, api, late}]
  test('05-20: the province organises the campaign; self-checks on time, then late ones', async () => {
    const c = await api.prov.call('POST', '/api/v1/campaigns', { json: { name: '2021年江苏省计量标准专项监督检查', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    campaign = c.body;
    assert.equal(campaign.rectify_to, '2021-08-31');
    // ten units of 南京 with active standards: six submit in time, four late
    const rows = await dbRows(
      server,
      `SELECT u.id, u.uscc FROM units u JOIN authorities a ON a.id = u.authority_id WHERE a.path LIKE '${ids[CITY].path}%'` +
        ` AND EXISTS (SELECT 1 FROM standards s WHERE s.unit_id = u.id AND s.status = 'active') ORDER BY u.id LIMIT 10`,
    );
    for (const [i, [id, usccv]] of rows.entries()) {
      const client = await makeUser(server, `s5u${i}`, 'unit', ['--unit', usccv]);
      selfUnits.push({ id: Number(id), api: client, late: i >= 6 });
    }
    const save = async (s) => {
      const stds = await listAll(s.api, '/api/v1/standards', { status: 'active' });
      const answers = stds.map((st) => ({ standard_id: st.id, items: A1.items.map((it) => ({ no: it.no, verdict: it.no === 9 ? 'defect' : 'conform' })) }));
      const r = await s.api.call('PUT', '/api/v1/campaigns/{id}/self-checks/{unit_id}', {
        params: { id: campaign.id, unit_id: s.id },
        json: { answers, problems: '文件集不全', measures: '补齐文件集' },
      });
      assert.equal(r.status, 200, r.text);
      const sub = await s.api.call('POST', '/api/v1/campaigns/{id}/self-checks/{unit_id}/submit', { params: { id: campaign.id, unit_id: s.id } });
      assert.equal(sub.status, 200, sub.text);
      return sub.body;
    };
    for (const s of selfUnits.filter((x) => !x.late)) assert.equal((await save(s)).late, false);
    await phase('2021-06-03');
    for (const s of selfUnits.filter((x) => x.late)) assert.equal((await save(s)).late, true);
    const ov = await api.city.call('GET', '/api/v1/campaigns/{id}/self-checks', { params: { id: campaign.id }, query: { status: 'submitted' } });
    assert.equal(ov.status, 200, ov.text);
    assert.equal(ov.body.counts.submitted, 10);
    assert.equal(ov.body.counts.late, 4);
  });

  // ------------------------------------------------------------------- draws

  let draws = [];
  let inspections = [];
  test('06-03: draws for every authority, teams assigned', async () => {
    const subtree = Object.values(ids).filter((a) => a.path.startsWith(ids[PROVINCE].path));
    const kinds = [];
    for (const a of subtree) {
      kinds.push({ a, kind: 'units' });
      if (a.level === 'provincial' || a.level === 'municipal') kinds.push({ a, kind: 'authorities' });
    }
    draws = (
      await pool(kinds, CONCURRENCY, async ({ a, kind }) => {
        const r = await api.prov.call('POST', '/api/v1/campaigns/{id}/draws', {
          params: { id: campaign.id },
          json: { authority_id: a.id, kind, seed: `2021-06-03 ${a.code} ${kind}` },
        });
        assert.equal(r.status, 201, `${a.code} ${kind}: ${r.text.slice(0, 300)}`);
        return r.body;
      })
    ).filter((d) => d.items.length > 0);
    await pool(draws, CONCURRENCY, async (d) => {
      const r = await api.prov.call('POST', '/api/v1/draws/{id}/assign', { params: { id: d.id }, json: { seed: `S2 ${d.id}`, team_size: 2 } });
      assert.equal(r.status, 200, `assign ${d.id}: ${r.text.slice(0, 300)}`);
    });
    inspections = await listAll(api.prov, '/api/v1/inspections', { campaign_id: campaign.id });
    inspections.sort((x, y) => x.id - y.id);
    assert.equal(inspections.length, await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id}`));
    assert.equal(draws.length, await q(`SELECT count(*) FROM draws WHERE campaign_id = ${campaign.id} AND id IN (SELECT draw_id FROM inspections)`));
    console.log(`# ${draws.length} draws, ${inspections.length} inspections`);
    assert.ok(inspections.some((i) => i.kind === 'assessment') && inspections.some((i) => i.kind === 'standard'));
  });

  // ------------------------------------------------------------- inspections

  // The plan of each inspection, by its position K among the campaign's
  // inspections: P = pass, R = needs rectification, F = fail (a key item
  // nonconform), N = not performed that day.
  const plan = new Map();
  function answersFor(cl, kind) {
    const keyNo = cl.items.find((it) => it.key)?.no;
    const plainNo = cl.items.filter((it) => !it.key).map((it) => it.no);
    return cl.items.map((it) => {
      let verdict = 'conform';
      if (kind === 'R' && it.no === plainNo[0]) verdict = 'nonconform';
      if (kind === 'R' && it.no === plainNo[1]) verdict = 'defect';
      if (kind === 'F' && it.no === keyNo) verdict = 'nonconform';
      return { item_no: it.no, verdict, note: verdict === 'conform' ? undefined : '现场检查发现' };
    });
  }
  const checklistOf = (i) => (i.checklist_code === 'A2' ? A2 : A1);
  const CONCLUSION = { P: 'pass', R: 'rectify', F: 'fail' };

  /** Record results of I by CLIENT, upload evidence when WITH_EVIDENCE, complete. */
  async function inspect(client, i, kind, withEvidence) {
    const cl = checklistOf(i);
    const answers = answersFor(cl, kind).map(({ note, ...a }) => (note ? { ...a, note } : a));
    const r = await client.call('PUT', '/api/v1/inspections/{id}/results', { params: { id: i.id }, json: answers });
    assert.equal(r.status, 200, `results ${i.id}: ${r.text.slice(0, 300)}`);
    if (withEvidence) {
      const bad = answers.find((a) => a.verdict !== 'conform') ?? answers[0];
      const fd = new FormData();
      fd.append('item_no', String(bad.item_no));
      fd.append('captured_at', '2021-07-10T09:30:00+08:00');
      fd.append('file', new Blob([PNG], { type: 'image/png' }), `现场照片-${i.id}.png`);
      const e = await client.request('POST', `/api/v1/inspections/${i.id}/evidence`, { body: fd });
      assert.equal(e.status, 201, `evidence ${i.id}: ${e.text.slice(0, 300)}`);
    }
    const c = await client.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: i.id }, json: { conclusion: CONCLUSION[kind] } });
    assert.equal(c.status, 200, `complete ${i.id}: ${c.text.slice(0, 300)}`);
    assert.equal(c.body.conclusion, CONCLUSION[kind]);
  }

  test('07-10: inspections completed with evidence, some not performed', async () => {
    await phase('2021-07-10');
    const teams = new Map(
      (await dbRows(server, `SELECT inspection_id, count(*) FROM inspection_team WHERE recused_at IS NULL GROUP BY inspection_id`)).map(
        ([id, n]) => [Number(id), Number(n)],
      ),
    );
    inspections.forEach((i, k) => {
      const staffed = (teams.get(i.id) ?? 0) >= 2;
      let kind;
      if (!staffed) kind = 'N';
      else if (k % 13 === 5) kind = 'N';
      else kind = ['P', 'P', 'P', 'P', 'P', 'P', 'R', 'R', 'F', 'R'][k % 10];
      // A2 has no key item: an assessment cannot fail, it needs rectification
      if (kind === 'F' && !checklistOf(i).items.some((it) => it.key)) kind = 'R';
      plan.set(i.id, { kind, staffed, evidence: kind !== 'N' && k % 10 >= 6 });
    });
    const nanjing = new Set(Object.values(ids).filter((a) => a.path.startsWith(ids[CITY].path)).map((a) => a.id));
    await pool(inspections, CONCURRENCY, async (i) => {
      const p = plan.get(i.id);
      // 南京's own staff work their inspections; the province does the rest
      const client = nanjing.has(i.authority_id) ? api.city : api.prov;
      if (p.kind === 'N') {
        const r = await client.call('POST', '/api/v1/inspections/{id}/not-performed', {
          params: { id: i.id },
          json: { reason: p.staffed ? '被检查单位当日停产' : '未能组成两人以上检查组', follow_up_on: '2021-07-25' },
        });
        assert.equal(r.status, 200, `not performed ${i.id}: ${r.text.slice(0, 300)}`);
      } else {
        await inspect(client, i, p.kind, p.evidence);
      }
    });
    const count = (pred) => [...plan.values()].filter(pred).length;
    expect.completed0 = count((p) => p.kind !== 'N');
    expect.notPerformed = count((p) => p.kind === 'N');
    expect.evidence = count((p) => p.evidence);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id} AND status = 'completed'`), expect.completed0);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id} AND status = 'not_performed' AND tracking = 'open'`), expect.notPerformed);
    assert.equal(await q(`SELECT count(*) FROM evidence WHERE inspection_id IN (SELECT id FROM inspections WHERE campaign_id = ${campaign.id})`), expect.evidence);
    const byApi = await api.prov.call('GET', '/api/v1/inspections', { query: { campaign_id: campaign.id, status: 'not_performed', per_page: 1 } });
    assert.equal(byApi.body.total, expect.notPerformed);
  });

  test('07-26: not-performed inspections followed up or taken off the tracking list', async () => {
    await phase('2021-07-26');
    const open = inspections.filter((i) => plan.get(i.id).kind === 'N');
    await pool(open, CONCURRENCY, async (i) => {
      const p = plan.get(i.id);
      if (p.staffed) {
        p.kind = 'P';
        p.followedUp = true;
        await inspect(api.prov, i, 'P', false);
      } else {
        const r = await api.prov.call('POST', '/api/v1/inspections/{id}/close-tracking', {
          params: { id: i.id },
          json: { reason: '无法组成检查组，转入下一年度' },
        });
        assert.equal(r.status, 200, `close tracking ${i.id}: ${r.text.slice(0, 300)}`);
      }
    });
    const count = (pred) => [...plan.values()].filter(pred).length;
    expect.completed = count((p) => p.kind !== 'N');
    expect.closedUnperformed = count((p) => p.kind === 'N');
    expect.byConclusion = { pass: count((p) => p.kind === 'P'), rectify: count((p) => p.kind === 'R'), fail: count((p) => p.kind === 'F') };
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id} AND status = 'completed'`), expect.completed);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id} AND tracking = 'open'`), 0);
    for (const [c, n] of Object.entries(expect.byConclusion))
      assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${campaign.id} AND conclusion = '${c}'`), n, c);
  });

  // ----------------------------------------------------------- rectification

  let findings = [];
  const fate = new Map(); // finding id -> 'none' | 'reject-resubmit' | 'reject' | 'accept'
  const unitApis = new Map(); // unit id -> client of a unit user
  test('08-10: findings rectified by units (or on paper by the authority), decided by someone else', async () => {
    await phase('2021-08-10');
    findings = await listAll(api.prov, '/api/v1/findings', { campaign_id: campaign.id });
    findings.sort((x, y) => x.id - y.id);
    // every nonconform or defect answer of a completed inspection is a finding
    expect.findings = await q(
      `SELECT count(*) FROM inspection_results r JOIN inspections i ON i.id = r.inspection_id WHERE i.campaign_id = ${campaign.id} AND i.status = 'completed' AND r.verdict IN ('nonconform','defect')`,
    );
    assert.equal(findings.length, expect.findings);
    const perR = 2; // one nonconform, one defect
    assert.equal(findings.length, perR * expect.byConclusion.rectify + expect.byConclusion.fail);
    // unit users for the units of the first few unit findings
    const unitsOf = [...new Set(findings.filter((f) => f.unit_id).map((f) => f.unit_id))].slice(0, 8);
    for (const [k, uid] of unitsOf.entries()) {
      const u = findings.find((f) => f.unit_id === uid);
      unitApis.set(uid, await makeUser(server, `s5r${k}`, 'unit', ['--unit', u.unit_uscc]));
    }
    findings.forEach((f, j) => fate.set(f.id, ['none', 'reject-resubmit', 'reject', 'accept', 'accept'][j % 5]));
    // four eyes: whoever submitted may not decide
    const first = findings.find((f) => fate.get(f.id) === 'accept' && !unitApis.has(f.unit_id));
    const s = await api.prov.call('POST', '/api/v1/findings/{id}/rectifications', { params: { id: first.id }, json: { text: '已整改' } });
    assert.equal(s.status, 201, s.text);
    const self = await api.prov.call('POST', '/api/v1/rectifications/{id}/decision', { params: { id: s.body.id }, json: { decision: 'accept' } });
    assert.equal(self.status, 403, self.text);
    assert.equal(self.body.error.code, 'four_eyes');
    const d = await api.prov2.call('POST', '/api/v1/rectifications/{id}/decision', { params: { id: s.body.id }, json: { decision: 'accept', comment: '整改到位' } });
    assert.equal(d.status, 200, d.text);
    expect.rectifications = 1;
    await pool(
      findings.filter((f) => f.id !== first.id && fate.get(f.id) !== 'none'),
      CONCURRENCY,
      async (f) => {
        const submitter = unitApis.get(f.unit_id) ?? api.prov;
        const r = await submitter.call('POST', '/api/v1/findings/{id}/rectifications', {
          params: { id: f.id },
          json: { text: `问题 ${f.id} 已整改：已送检并更新文件集` },
        });
        assert.equal(r.status, 201, `rectify ${f.id}: ${r.text.slice(0, 300)}`);
        const decider = submitter === api.prov ? api.prov2 : api.prov;
        const accept = fate.get(f.id) === 'accept';
        const dd = await decider.call('POST', '/api/v1/rectifications/{id}/decision', {
          params: { id: r.body.id },
          json: accept ? { decision: 'accept' } : { decision: 'reject', comment: '证据不足，请补充溯源证书' },
        });
        assert.equal(dd.status, 200, `decide ${f.id}: ${dd.text.slice(0, 300)}`);
        assert.equal(dd.body.status, accept ? 'accepted' : 'rejected');
      },
    );
    expect.rectifications += findings.filter((f) => f.id !== first.id && fate.get(f.id) !== 'none').length;
  });

  test('08-20: rejected rectifications resubmitted and accepted; a decided one cannot be decided again', async () => {
    await phase('2021-08-20');
    const again = findings.filter((f) => fate.get(f.id) === 'reject-resubmit');
    await pool(again, CONCURRENCY, async (f) => {
      const submitter = unitApis.get(f.unit_id) ?? api.prov;
      const r = await submitter.call('POST', '/api/v1/findings/{id}/rectifications', {
        params: { id: f.id },
        json: { text: `问题 ${f.id} 补充整改：附溯源证书` },
      });
      assert.equal(r.status, 201, `resubmit ${f.id}: ${r.text.slice(0, 300)}`);
      const decider = submitter === api.prov ? api.prov2 : api.prov;
      const dd = await decider.call('POST', '/api/v1/rectifications/{id}/decision', { params: { id: r.body.id }, json: { decision: 'accept' } });
      assert.equal(dd.status, 200, dd.text);
    });
    expect.rectifications += again.length;
    const decided = await dbInt(server, `SELECT min(id) FROM rectifications WHERE decision = 'accept'`);
    const twice = await api.prov2.call('POST', '/api/v1/rectifications/{id}/decision', { params: { id: decided }, json: { decision: 'reject', comment: '改判' } });
    assert.equal(twice.status, 409, twice.text);
  });

  // ---------------------------------------------------------------- results

  test('09-05: after the deadline the unfixed findings are 整改不合格', async () => {
    await phase('2021-09-05'); // the server sweeps at start
    const failedIds = findings.filter((f) => ['none', 'reject'].includes(fate.get(f.id))).map((f) => f.id);
    expect.failed = failedIds.length;
    expect.accepted = findings.length - failedIds.length;
    // reads report them failed at once; the rows follow when the sweep at start has run
    const r0 = await api.prov.call('GET', '/api/v1/findings', { query: { campaign_id: campaign.id, status: 'failed', per_page: 1 } });
    assert.equal(r0.body.total, expect.failed);
    for (let t = 0; t < 200; t++) {
      if ((await q(`SELECT count(*) FROM findings WHERE status = 'failed'`)) === expect.failed) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(await q(`SELECT count(*) FROM findings WHERE campaign_id = ${campaign.id} AND status = 'failed'`), expect.failed);
    assert.equal(await q(`SELECT count(*) FROM findings WHERE campaign_id = ${campaign.id} AND status = 'accepted'`), expect.accepted);
    assert.equal(
      await q(`SELECT count(*) FROM findings WHERE campaign_id = ${campaign.id} AND status = 'failed' AND failed_at IS NOT NULL`),
      expect.failed,
    );
    const r = await api.prov.call('GET', '/api/v1/findings', { query: { campaign_id: campaign.id, status: 'failed', per_page: 1 } });
    assert.equal(r.body.total, expect.failed);
    // too late to submit now
    const late = findings.find((f) => fate.get(f.id) === 'none');
    const t = await api.prov.call('POST', '/api/v1/findings/{id}/rectifications', { params: { id: late.id }, json: { text: '迟到的整改' } });
    assert.equal(t.status, 409, t.text);
  });

  let revoked;
  test('09-05: dispositions for failed inspections and failed rectifications; violations; complaints', async () => {
    // 不合格 -> 责令停止量值传递 for every standard inspected
    const failedInsp = inspections.filter((i) => plan.get(i.id).kind === 'F' && i.kind === 'standard');
    const details = await pool(failedInsp, CONCURRENCY, async (i) => (await api.prov.call('GET', '/api/v1/inspections/{id}', { params: { id: i.id } })).body);
    let n = 0;
    await pool(details, CONCURRENCY, async (di) => {
      for (const s of di.standards) {
        const r = await api.prov.call('POST', '/api/v1/dispositions', {
          json: { unit_id: di.unit_id, standard_id: s.id, inspection_id: di.id, action: 'stop_transfer', decided_on: '2021-09-05' },
        });
        assert.equal(r.status, 201, r.text);
        n++;
      }
    });
    // 整改不合格 -> 限期整改 again, and a fine for the first three
    const failedUnitFindings = findings.filter((f) => ['none', 'reject'].includes(fate.get(f.id)) && f.unit_id);
    for (const [k, f] of failedUnitFindings.slice(0, 6).entries()) {
      const fine = k < 3;
      const r = await api.prov.call('POST', '/api/v1/dispositions', {
        json: { unit_id: f.unit_id, finding_id: f.id, action: fine ? 'fine' : 'order_rectify', ...(fine ? { amount_yuan: 500 + k * 100 } : {}) },
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.inspection_id, f.inspection_id);
      n++;
    }
    // one certificate revoked through the registry rules
    revoked = details[0].standards[0];
    const rv = await api.prov.call('POST', '/api/v1/dispositions', {
      json: { unit_id: details[0].unit_id, standard_id: revoked.id, action: 'revoke_certificate', note: '整改后仍达不到考核条件' },
    });
    assert.equal(rv.status, 201, rv.text);
    n++;
    expect.dispositions = n;
    const st = await api.prov.call('GET', '/api/v1/standards/{id}', { params: { id: revoked.id } });
    assert.equal(st.body.status, 'revoked');
    const byCampaign = await api.prov.call('GET', '/api/v1/dispositions', { query: { campaign_id: campaign.id, per_page: 1 } });
    assert.equal(byCampaign.body.total, n - 1, 'all but the revocation name an inspection of the campaign');
    // violations for the fined units
    for (const f of failedUnitFindings.slice(0, 2)) {
      const r = await api.prov.call('POST', '/api/v1/violations', {
        json: { unit_id: f.unit_id, severity: 'serious', decided_on: '2021-09-05', summary: '整改不合格，继续使用超期计量标准器' },
      });
      assert.equal(r.status, 201, r.text);
    }
    // the public complains about a unit; the city triages and substantiates it
    const target = failedUnitFindings[0];
    const c = await api.anon.call('POST', '/api/v1/public/complaints', { json: { unit_uscc: target.unit_uscc, summary: '该单位出具的校准证书数据可疑', contact: '李女士' } });
    assert.equal(c.status, 201, c.text);
    const cid = await q(`SELECT id FROM complaints WHERE receipt = '${c.body.receipt}'`);
    for (const status of ['triaged', 'substantiated']) {
      const p = await api.prov.call('PATCH', '/api/v1/complaints/{id}', { params: { id: cid }, json: { status, outcome: status === 'substantiated' ? '经查属实' : undefined } });
      assert.equal(p.status, 200, p.text);
    }
    const f = await api.anon.call('GET', '/api/v1/public/complaints/{receipt}', { params: { receipt: c.body.receipt } });
    assert.equal(f.body.status, 'substantiated');
    expect.riskUnit = target.unit_id;
  });

  test('09-05: the risk list for the next campaign names the failing units with their reasons', async () => {
    const r = await api.prov.call('GET', '/api/v1/risk', { query: { limit: 500 } });
    assert.equal(r.status, 200, r.text);
    const u = r.body.items.find((x) => x.unit_id === expect.riskUnit);
    assert.ok(u, 'the unit with a failed rectification, a serious violation and a substantiated complaint is listed');
    const reason = (code) => u.reasons.find((x) => x.code === code);
    assert.equal(
      reason('rectify_failed').count,
      await q(`SELECT count(*) FROM findings WHERE unit_id = ${u.unit_id} AND status = 'failed'`),
    );
    assert.ok(reason('violations_serious').count >= 1);
    assert.ok(reason('complaints_substantiated').count >= 1);
    assert.ok(u.rank <= r.body.items.length);
  });

  // ----------------------------------------------------------- final counts

  test('every count agrees with the database, and the audit chain is intact', async () => {
    const C = campaign.id;
    assert.equal(await q(`SELECT count(*) FROM self_checks WHERE campaign_id = ${C} AND status = 'submitted'`), 10);
    assert.equal(await q(`SELECT count(*) FROM self_checks WHERE campaign_id = ${C} AND late = 1`), 4);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${C}`), inspections.length);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${C} AND status = 'completed'`), expect.completed);
    assert.equal(await q(`SELECT count(*) FROM inspections WHERE campaign_id = ${C} AND status = 'not_performed' AND tracking = 'closed'`), expect.closedUnperformed);
    assert.equal(await q(`SELECT count(*) FROM findings WHERE campaign_id = ${C}`), expect.findings);
    assert.equal(await q(`SELECT count(*) FROM findings WHERE campaign_id = ${C} AND status = 'accepted'`), expect.accepted);
    assert.equal(await q(`SELECT count(*) FROM findings WHERE campaign_id = ${C} AND status = 'failed'`), expect.failed);
    assert.equal(await q(`SELECT count(*) FROM rectifications r JOIN findings f ON f.id = r.finding_id WHERE f.campaign_id = ${C}`), expect.rectifications);
    assert.equal(await q(`SELECT count(*) FROM dispositions`), expect.dispositions);
    assert.equal(await q(`SELECT count(*) FROM standards WHERE id = ${revoked.id} AND status = 'revoked'`), 1);
    // the audit trail holds one row per write of each kind
    const audit = async (action) => q(`SELECT count(*) FROM audit WHERE action = '${action}'`);
    assert.equal(await audit('inspection.complete'), expect.completed);
    assert.equal(await audit('disposition.create'), expect.dispositions);
    assert.equal(await audit('finding.fail'), expect.failed);
    assert.equal(await audit('rectification.submit'), expect.rectifications);
    console.log(`# ${JSON.stringify(expect)}`);
    const v = await runCli(server, ['audit', 'verify']);
    assert.equal(v.code, 0, `${v.stdout}\n${v.stderr}`);
  });
  // ------------------------------------------- reports (issue 7, report)

  /** The figures of the campaign over the subtree at PATH, recomputed here
   *  from plain rows (not from the report's aggregates), as of TODAY. */
  async function expectedSummary(C, path, today) {
    const under = (p) => p.startsWith(path);
    const rows = (sql) => dbRows(server, sql);
    const e = {};
    const std = await rows(`SELECT s.unit_id, a.path FROM standards s JOIN authorities a ON a.id = s.cert_authority_id
      JOIN units u ON u.id = s.unit_id WHERE s.status = 'active' AND u.status = 'active'`);
    const inScope = std.filter(([, p]) => under(p));
    const units = new Set(inScope.map(([u]) => u));
    e.scope = { units: units.size, standards: inScope.length };
    const sc = await rows(`SELECT unit_id, status, late FROM self_checks WHERE campaign_id = ${C}`);
    const mine = sc.filter(([u]) => units.has(u));
    e.self = {
      submitted: mine.filter(([, s]) => s === 'submitted').length,
      late: mine.filter(([, s, l]) => s === 'submitted' && l === '1').length,
    };
    const draws = await rows(`SELECT d.kind, a.path, d.result FROM draws d JOIN authorities a ON a.id = d.authority_id
      WHERE d.campaign_id = ${C} AND d.status = 'active'`);
    e.draws = {};
    for (const kind of ['units', 'authorities']) {
      const ds = draws.filter(([k, p]) => k === kind && under(p)).map(([, , r]) => JSON.parse(r));
      e.draws[kind] = {
        draws: ds.length,
        roster: ds.reduce((a, r) => a + r.n, 0),
        quota: ds.reduce((a, r) => a + r.k, 0),
        selected: ds.reduce((a, r) => a + r.items.length, 0),
      };
    }
    const ins = (await rows(`SELECT i.id, a.path, i.status, i.conclusion, i.tracking, i.follow_up_on FROM inspections i
      JOIN authorities a ON a.id = i.authority_id WHERE i.campaign_id = ${C}`)).filter(([, p]) => under(p));
    const st = (s) => ins.filter((r) => r[2] === s).length;
    const np = ins.filter((r) => r[2] === 'not_performed');
    e.inspections = {
      planned: st('planned'), in_progress: st('in_progress'), completed: st('completed'),
      not_performed: st('not_performed'), cancelled: st('cancelled'),
      total: ins.length - st('cancelled'),
      not_performed_follow_up: {
        open: np.filter((r) => r[4] !== 'closed').length,
        closed: np.filter((r) => r[4] === 'closed').length,
        follow_up_overdue: np.filter((r) => r[4] !== 'closed' && r[5] && r[5] < today).length,
      },
    };
    const done = ins.filter((r) => r[2] === 'completed');
    e.conclusions = Object.fromEntries(['pass', 'rectify', 'fail'].map((c) => [c, done.filter((r) => r[3] === c).length]));
    const doneIds = new Set(done.map((r) => r[0]));
    const res = (await rows(`SELECT inspection_id, item_no, verdict FROM inspection_results`)).filter(([i]) => doneIds.has(i));
    e.bad = res.filter(([, , v]) => v === 'nonconform' || v === 'defect').length;
    const fnd = (await rows(`SELECT f.id, a.path, f.status, f.deadline FROM findings f JOIN authorities a ON a.id = f.authority_id
      WHERE f.campaign_id = ${C}`)).filter(([, p]) => under(p));
    const fs = (s) => fnd.filter((r) => r[2] === s).length;
    e.rect = {
      findings: fnd.length, open: fs('open'), submitted: fs('submitted'), accepted: fs('accepted'),
      rejected: fs('rejected'), failed: fs('failed'),
      overdue: fnd.filter((r) => ['open', 'submitted', 'rejected'].includes(r[2]) && r[3] < today).length,
    };
    const fids = new Set(fnd.map((r) => r[0]));
    const rect = (await rows(`SELECT finding_id, decision FROM rectifications`)).filter(([f]) => fids.has(f));
    e.rect.submissions = rect.length;
    const disp = (await rows(`SELECT d.action, a.path, coalesce(i.campaign_id, f.campaign_id) FROM dispositions d
      JOIN authorities a ON a.id = d.authority_id LEFT JOIN inspections i ON i.id = d.inspection_id
      LEFT JOIN findings f ON f.id = d.finding_id`)).filter(([, p, c]) => under(p) && Number(c) === C);
    e.dispositions = {};
    for (const [a] of disp) e.dispositions[a] = (e.dispositions[a] ?? 0) + 1;
    return e;
  }

  function reconcile(got, e) {
    assert.deepEqual(got.scope, e.scope);
    assert.equal(got.self_inspection.submitted, e.self.submitted);
    assert.equal(got.self_inspection.late, e.self.late);
    for (const k of ['units', 'authorities']) assert.deepEqual(got.draws[k], e.draws[k], `draws of ${k}`);
    for (const k of Object.keys(e.inspections))
      assert.deepEqual(got.inspections[k], e.inspections[k], `inspections.${k}`);
    for (const c of ['pass', 'rectify', 'fail']) assert.equal(got.conclusions[c], e.conclusions[c], c);
    assert.equal(got.items.reduce((a, it) => a + it.nonconform + it.defect, 0), e.bad, 'nonconform and defect answers');
    for (const k of Object.keys(e.rect)) {
      const v = k === 'submissions' ? got.rectification.submissions.total : got.rectification[k];
      assert.equal(v, e.rect[k], `rectification.${k}`);
    }
    assert.deepEqual(Object.fromEntries(got.dispositions.items.map((d) => [d.action, d.count])), e.dispositions);
  }

  test('reports: the campaign summary reconciles with the rows the scenario made', async () => {
    const C = campaign.id;
    const prov = await api.prov.call('GET', '/api/v1/campaigns/{id}/summary', { params: { id: C } });
    assert.equal(prov.status, 200, prov.text);
    assert.equal(prov.body.authority.code, PROVINCE);
    assert.equal(prov.body.as_of, '2021-09-05');
    reconcile(prov.body, await expectedSummary(C, ids[PROVINCE].path, '2021-09-05'));
    assert.ok(prov.body.conclusions.fail > 0 && prov.body.rectification.failed > 0);
    // the top risk units are the head of GET /risk's ranking for the same authority
    const risk = await api.prov.call('GET', '/api/v1/risk', { query: { limit: 10 } });
    assert.equal(risk.status, 200, risk.text);
    assert.equal(prov.body.top_risk_units.total, risk.body.total);
    assert.deepEqual(
      prov.body.top_risk_units.items.map((u) => [u.unit_id, u.score]),
      risk.body.items.map((u) => [u.unit_id, u.score]),
    );
    assert.ok(prov.body.top_risk_units.items.length > 0);
    // the city: its own subtree, by default and when named; the province is out of reach
    const city = await api.city.call('GET', '/api/v1/campaigns/{id}/summary', { params: { id: C } });
    assert.equal(city.status, 200, city.text);
    assert.equal(city.body.authority.code, CITY);
    reconcile(city.body, await expectedSummary(C, ids[CITY].path, '2021-09-05'));
    assert.ok(city.body.inspections.total < prov.body.inspections.total);
    const named = await api.prov.call('GET', '/api/v1/campaigns/{id}/summary', { params: { id: C }, query: { authority_id: ids[CITY].id } });
    assert.deepEqual(named.body.inspections, city.body.inspections);
    const up = await api.city.call('GET', '/api/v1/campaigns/{id}/summary', { params: { id: C }, query: { authority_id: ids[PROVINCE].id } });
    assert.equal(up.status, 404);
    assert.equal(up.body.error.field, 'authority_id');
    const bad = await api.prov.call('GET', '/api/v1/campaigns/{id}/summary.xlsx', { params: { id: C }, query: { authority_id: 'x' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.field, 'authority_id');
    const badPub = await api.anon.call('GET', '/api/v1/public/results', { query: { campaign_id: '0' } });
    assert.equal(badPub.status, 422);
    assert.equal(badPub.body.error.field, 'campaign_id');
    const noCamp = await api.anon.call('GET', '/api/v1/public/results.atom', { query: { campaign_id: 999999 } });
    assert.equal(noCamp.status, 404);
    // the workbook over HTTP: a ZIP package with the sheets of the summary
    const x = await fetch(`${server.url}/api/v1/campaigns/${C}/summary.xlsx`, {
      headers: { cookie: [...api.city.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(x.status, 200);
    const zip = Buffer.from(await x.arrayBuffer());
    assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');
  });

  test('reports: published results name no person and show no evidence', async () => {
    const C = campaign.id;
    const pub = await api.anon.call('GET', '/api/v1/public/results', { query: { campaign_id: C, per_page: 500 } });
    assert.equal(pub.status, 200, pub.text);
    assert.equal(pub.body.total, expect.completed);
    const csv = await api.anon.request('GET', '/api/v1/public/results.csv', { query: { campaign_id: C } });
    const atom = await api.anon.request('GET', '/api/v1/public/results.atom', { query: { campaign_id: C } });
    assert.equal(csv.status, 200);
    assert.equal(atom.status, 200);
    assert.equal(csv.text.trim().split('\r\n').length, expect.completed + 1, 'a CSV line per result');
    // every personal value of the data set, and the evidence
    const personal = new Set();
    for (const sql of [
      'SELECT contact_name FROM units WHERE contact_name IS NOT NULL',
      'SELECT contact_phone FROM units WHERE contact_phone IS NOT NULL',
      'SELECT name FROM personnel', 'SELECT name FROM inspectors',
      'SELECT contact FROM complaints WHERE contact IS NOT NULL',
      'SELECT username FROM users', 'SELECT sm3 FROM evidence', 'SELECT filename FROM evidence',
    ])
      for (const [v] of await dbRows(server, sql)) if (v && v.length >= 2) personal.add(v);
    assert.ok(personal.size > 1000);
    const fieldsOf = (o) => (typeof o === 'string' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(fieldsOf) : []);
    for (const v of fieldsOf(pub.body.items)) assert.ok(!personal.has(v), `public JSON field holds personal data: ${v}`);
    for (const cell of csv.text.split(/[\r\n,"]+/)) assert.ok(!personal.has(cell), `public CSV cell holds personal data: ${cell}`);
    for (const m of atom.text.matchAll(/[>：；（]([^<：；（）]+)/g)) assert.ok(!personal.has(m[1]), `Atom text holds personal data: ${m[1]}`);
    for (const text of [pub.text, csv.text, atom.text])
      for (const phone of text.match(/1[3-9][0-9]{9}/g) ?? []) assert.ok(!personal.has(phone), `a phone number: ${phone}`);
  });

  test('reports: the filled form of a completed inspection with its evidence and team', async () => {
    const [[id, sm3, unitName]] = await dbRows(server, `SELECT i.id, e.sm3, u.name FROM inspections i
      JOIN evidence e ON e.inspection_id = i.id JOIN units u ON u.id = i.unit_id
      WHERE i.campaign_id = ${campaign.id} AND i.status = 'completed' ORDER BY i.id LIMIT 1`);
    const res = await fetch(`${server.url}/api/v1/inspections/${id}/form.pdf`, {
      headers: { cookie: [...api.prov.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, '');
    for (const want of ['计量标准现场监督检查表', unitName, sm3.slice(0, 16), '检查组长（签字）', '第1页/共'])
      assert.ok(text.includes(want.replace(/\s+/g, '')), `the form shows ${want}`);
  });
});
