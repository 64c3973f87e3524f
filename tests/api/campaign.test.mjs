// campaign.test.mjs - campaigns, checklists and self-inspection over HTTP on
// the demo registry: the A1/A2 checklists; a national campaign with the 2021
// defaults, refused rates, windows and templates (422 naming the field), a
// duplicate (409), changes by the organiser only; a unit's draft (saving the
// same again changes nothing and writes no audit row), errors naming the
// place in the answers, submission (late after the due date, 409 after),
// one on time; a closed campaign takes no report; the authority's overview;
// the audit trail of it all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, PW, login, makeUser } from './lib/users.mjs';

const MISSING = 999999;




const SC = '/api/v1/campaigns/{id}/self-checks/{unit_id}';
const SUBMIT = '/api/v1/campaigns/{id}/self-checks/{unit_id}/submit';

describe(`campaigns and self-inspection [${testBackend()}]`, { timeout: 90000 }, () => {
  let server;
  let nat; // authority, national (000000)
  let bj; // authority, 北京市 (110000)
  let dc; // authority, 东城 (110101)
  let aud; // auditor
  let unitApi; // unit user of UNIT
  let unit; // a 东城 unit with active standards
  let other; // another 东城 unit
  let stds; // UNIT's active standards
  let a1; // checklist A1
  let campaign; // the national 2021 campaign

  before(async () => {
    server = await startServer({ seed: true, env: ENV });
    nat = await makeUser(server, 'h9nat', 'authority', ['--authority', '000000']);
    bj = await makeUser(server, 'h9bj', 'authority', ['--authority', '110000']);
    dc = await makeUser(server, 'h9dc', 'authority', ['--authority', '110101']);
    aud = await makeUser(server, 'h9aud', 'auditor');
    const dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    const s = await dc.call('GET', '/api/v1/standards', { query: { status: 'active', per_page: 500 } });
    assert.equal(s.status, 200, s.text);
    const unitsWith = [...new Set(s.body.items.map((x) => x.unit_id))];
    const units = [];
    for (const id of unitsWith) {
      const u = await dc.call('GET', '/api/v1/units/{id}', { params: { id } });
      assert.equal(u.status, 200, u.text);
      if (u.body.authority_id === dongcheng && u.body.status === 'active') units.push(u.body);
    }
    assert.ok(units.length >= 2, 'two active 东城 units with active standards');
    [unit, other] = units;
    unitApi = await makeUser(server, 'h9unit', 'unit', ['--unit', unit.uscc]);
    const r = await unitApi.call('GET', '/api/v1/standards', { query: { unit_id: unit.id, status: 'active', per_page: 500 } });
    assert.equal(r.status, 200, r.text);
    stds = r.body.items;
    assert.ok(stds.length >= 1);
  });
  after(async () => {
    await server?.stop();
  });

  /** One set of answers per active standard of UNIT: every A1 item VERDICT(i, no). */
  const answersOf = (verdict = () => 'conform') =>
    stds.map((s, i) => ({ standard_id: s.id, items: a1.items.map((it) => ({ no: it.no, verdict: verdict(i, it.no) })) }));

  async function audit(query) {
    const r = await aud.call('GET', '/api/v1/audit', { query: { per_page: 500, ...query } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  }

  test('checklists A1 and A2, by version; unknown ones 404', async () => {
    const r1 = await unitApi.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } });
    assert.equal(r1.status, 200, r1.text);
    a1 = r1.body;
    assert.equal(a1.code, 'A1');
    assert.equal(a1.scope, 'standard');
    assert.equal(a1.items.length, 14);
    assert.deepEqual(a1.items.filter((i) => i.key).map((i) => i.no), [1, 4, 8, 12]);
    assert.equal(a1.items[8].subitems.length, 18);
    assert.deepEqual(a1.versions, [1]);
    const a2 = await nat.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A2' }, query: { version: 1 } });
    assert.equal(a2.status, 200, a2.text);
    assert.equal(a2.body.scope, 'authority');
    assert.equal(a2.body.items.length, 8);
    assertError(await nat.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' }, query: { version: 2 } }), 404);
    assertError(await nat.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A9' } }), 404);
    assertError(await nat.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' }, query: { version: 'x' } }), 422, 'invalid_int', 'version');
  });

  test('create with the 2021 defaults; refusals name the field', async () => {
    const r = await nat.call('POST', '/api/v1/campaigns', { json: { name: '2021年全国计量标准专项监督检查', year: 2021 } });
    assert.equal(r.status, 201, r.text);
    campaign = r.body;
    assert.equal(campaign.unit_rate, 0.2);
    assert.equal(campaign.authority_rate, 0.2);
    assert.deepEqual(
      [campaign.self_check_due, campaign.onsite_from, campaign.onsite_to, campaign.rectify_from, campaign.rectify_to, campaign.summary_from, campaign.summary_to],
      ['2021-05-31', '2021-06-01', '2021-07-31', '2021-08-01', '2021-08-31', '2021-09-01', '2021-10-20'],
    );
    assert.deepEqual(campaign.templates, { standard: 'A1', assessment: 'A2' });
    assert.equal(campaign.status, 'active');
    assert.equal(campaign.stage, 'finished', 'the 2021 windows are over');
    assert.equal(campaign.authority.code, '000000');

    const bad = (json) => nat.call('POST', '/api/v1/campaigns', { json: { name: '错误的专项检查', year: 2021, ...json } });
    assertError(await bad({ unit_rate: 0 }), 422, 'campaign_rate', 'unit_rate');
    assertError(await bad({ authority_rate: 1.01 }), 422, 'campaign_rate', 'authority_rate');
    assertError(await bad({ unit_rate: '0.2' }), 422, 'invalid_type', 'unit_rate');
    assertError(await bad({ rectify_from: '2021-07-31' }), 422, 'campaign_window_order', 'rectify_from');
    assertError(await bad({ self_check_due: '2021-02-30' }), 422, undefined, 'self_check_due');
    assertError(await bad({ year: 1999 }), 422, 'campaign_year', 'year');
    assertError(await bad({ templates: { standard: 'A1', x: 1 } }), 422, 'unknown_field', 'templates.x');
    assertError(await bad({ templates: { standard: 'A2' } }), 422, 'checklist_unknown', 'templates.standard');
    assertError(await bad({ status: 'closed' }), 422, 'unknown_field', 'status');
    assertError(await nat.call('POST', '/api/v1/campaigns', { json: { year: 2021 } }), 422, 'required', 'name');
    assertError(await nat.call('POST', '/api/v1/campaigns', { json: { name: campaign.name, year: 2021 } }), 409);
    assertError(await bj.call('POST', '/api/v1/campaigns', { json: { name: 'x', year: 2021, authority_id: campaign.authority_id } }), 403, 'campaign_own_authority', 'authority_id');
    assertError(await unitApi.call('POST', '/api/v1/campaigns', { json: { name: 'x', year: 2021 } }), 403, 'forbidden');

    const p = await nat.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: campaign.id }, json: { authority_rate: 0.25 } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.authority_rate, 0.25);
    assert.equal(p.body.unit_rate, 0.2, 'members not given are kept');
    assertError(await nat.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: campaign.id }, json: { onsite_to: '2021-05-01' } }), 422, 'campaign_window_order', 'onsite_to');
    assertError(await nat.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: campaign.id }, json: { authority_id: 1 } }), 422, 'unknown_field', 'authority_id');
    assertError(await nat.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: MISSING }, json: { name: 'y' } }), 404, 'not_found');
    // visible to the province, not its to change
    assertError(await bj.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: campaign.id }, json: { name: 'y' } }), 403);
    assert.equal((await nat.call('GET', '/api/v1/campaigns/{id}', { params: { id: campaign.id } })).body.name, campaign.name);

    // everyone below the national authority reads it
    for (const api of [bj, dc, unitApi]) {
      const l = await api.call('GET', '/api/v1/campaigns', { query: { year: 2021 } });
      assert.equal(l.status, 200, l.text);
      assert.ok(l.body.items.some((c) => c.id === campaign.id), `${api.user.username} lists it`);
      assert.equal((await api.call('GET', '/api/v1/campaigns/{id}', { params: { id: campaign.id } })).status, 200);
    }
    assertError(await dc.call('GET', '/api/v1/campaigns', { query: { year: 1999 } }), 422, 'campaign_year', 'year');
  });

  test('a unit drafts, submits late, and cannot edit after', async () => {
    const params = { id: campaign.id, unit_id: unit.id };
    const none = await unitApi.call('GET', SC, { params });
    assert.equal(none.status, 200, none.text);
    assert.equal(none.body.status, 'none');
    assert.equal(none.body.id, null);
    assertError(await unitApi.call('POST', SUBMIT, { params }), 409, 'selfcheck_no_draft');

    // a partial draft: no conclusion yet
    const partial = [{ standard_id: stds[0].id, items: [{ no: 1, verdict: 'conform', note: '证书在有效期内' }] }];
    let r = await unitApi.call('PUT', SC, { params, json: { answers: partial } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.changed, true);
    assert.equal(r.body.answers[0].checklist, 'A1');
    assert.equal(r.body.answers[0].version, 1);
    assert.equal(r.body.answers[0].conclusion, null);
    assertError(await unitApi.call('POST', SUBMIT, { params }), 422);

    const answers = answersOf((i, no) => (i === 0 && no === 5 ? 'defect' : 'conform'));
    r = await unitApi.call('PUT', SC, { params, json: { answers } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.changed, true);
    assert.equal(r.body.answers.find((x) => x.standard_id === stds[0].id).conclusion, 'rectify');
    r = await unitApi.call('PUT', SC, { params, json: { answers } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.changed, false, 'the same answers again change nothing');

    const bad = structuredClone(answers);
    bad[0].items[5].verdict = 'ok';
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: bad } }), 422, 'checklist_verdict', 'answers[0].items[5].verdict');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: [{ ...answers[0], standard_id: MISSING }] } }), 422, 'selfcheck_unknown_standard', 'answers[0].standard_id');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: [answers[0], answers[0]] } }), 422, 'selfcheck_duplicate_standard', 'answers[1].standard_id');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: [{ ...answers[0], checklist: 'A2' }] } }), 422, 'checklist_mismatch', 'answers[0].checklist');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: [{ ...answers[0], items: [{ no: 1, x: 1 }] }] } }), 422, 'unknown_field', 'answers[0].items[0].x');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers, comment: 'x' } }), 422, 'unknown_field', 'comment');
    // a defect needs problems and measures
    assertError(await unitApi.call('POST', SUBMIT, { params }), 422, 'selfcheck_text_required', 'problems');
    r = await unitApi.call('PUT', SC, { params, json: { answers, problems: '稳定性考核记录不全', measures: '补做稳定性考核' } });
    assert.equal(r.body.changed, true);

    r = await unitApi.call('POST', SUBMIT, { params });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'submitted');
    assert.equal(r.body.late, true);
    assert.equal(r.body.submitted_by, 'h9unit');
    assert.equal(r.body.warning.code, 'selfcheck_late');
    assert.match(r.body.warning.message, /2021-05-31/);
    assertError(await unitApi.call('PUT', SC, { params, json: { answers } }), 409, 'selfcheck_submitted');
    assertError(await unitApi.call('POST', SUBMIT, { params }), 409, 'selfcheck_submitted');

    // another unit's report, or an authority writing one
    assertError(await unitApi.call('PUT', SC, { params: { id: campaign.id, unit_id: other.id }, json: { answers } }), 404, 'not_found');
    assertError(await unitApi.call('GET', SC, { params: { id: campaign.id, unit_id: other.id } }), 404, 'not_found');
    assertError(await unitApi.call('PUT', SC, { params: { id: MISSING, unit_id: unit.id }, json: { answers } }), 404, 'not_found');
    assertError(await bj.call('PUT', SC, { params, json: { answers } }), 403, 'forbidden');
    assertError(await bj.call('POST', SUBMIT, { params }), 403, 'forbidden');
  });

  test('submitted before the due date: not late, no warning', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const c = await bj.call('POST', '/api/v1/campaigns', { json: { name: `${year}年北京市计量标准专项监督检查`, year } });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.body.stage, 'self_check');
    const params = { id: c.body.id, unit_id: unit.id };
    let r = await unitApi.call('PUT', SC, { params, json: { answers: answersOf() } });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.answers.every((x) => x.conclusion === 'pass'));
    r = await unitApi.call('POST', SUBMIT, { params });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.late, false);
    assert.equal(r.body.warning, undefined);
  });

  test('a closed campaign takes no report', async () => {
    const c = await dc.call('POST', '/api/v1/campaigns', { json: { name: '2021年东城区专项监督检查', year: 2021 } });
    assert.equal(c.status, 201, c.text);
    const params = { id: c.body.id, unit_id: unit.id };
    assert.equal((await unitApi.call('PUT', SC, { params, json: { answers: answersOf() } })).status, 200);
    const p = await dc.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: c.body.id }, json: { status: 'closed' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.status, 'closed');
    assert.equal(p.body.stage, 'closed');
    assertError(await dc.call('PATCH', '/api/v1/campaigns/{id}', { params: { id: c.body.id }, json: { status: 'done' } }), 422, 'invalid_enum', 'status');
    assertError(await unitApi.call('PUT', SC, { params, json: { answers: answersOf() } }), 409, 'campaign_closed');
    assertError(await unitApi.call('POST', SUBMIT, { params }), 409, 'campaign_closed');
    assert.equal((await unitApi.call('GET', SC, { params })).body.status, 'draft');
  });

  test('the overview: the authority sees its units\' states, a unit itself', async () => {
    const pattern = '/api/v1/campaigns/{id}/self-checks';
    const r = await bj.call('GET', pattern, { params: { id: campaign.id }, query: { status: 'submitted' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 1);
    assert.equal(r.body.items[0].unit_id, unit.id);
    assert.equal(r.body.items[0].uscc, unit.uscc);
    assert.equal(r.body.items[0].late, true);
    assert.equal(r.body.counts.submitted, 1);
    assert.equal(r.body.counts.late, 1);
    const all = await dc.call('GET', pattern, { params: { id: campaign.id }, query: { per_page: 500 } });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.body.total, all.body.counts.none + all.body.counts.draft + all.body.counts.submitted);
    assert.equal(all.body.items.find((x) => x.unit_id === other.id).status, 'none');
    const mine = await unitApi.call('GET', pattern, { params: { id: campaign.id } });
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.items.map((x) => x.unit_id), [unit.id]);
    const one = await bj.call('GET', SC, { params: { id: campaign.id, unit_id: unit.id } });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.answers.length, stds.length);
    assert.equal(one.body.problems, '稳定性考核记录不全');
    assertError(await bj.call('GET', pattern, { params: { id: campaign.id }, query: { status: 'x' } }), 422, 'invalid_enum', 'status');
    assertError(await bj.call('GET', pattern, { params: { id: MISSING } }), 404, 'not_found');
  });

  test('the audit trail: one row per write, none for a save that changed nothing', async () => {
    const create = await audit({ action: 'campaign.create', entity: 'campaign', entity_id: campaign.id });
    assert.equal(create.total, 1);
    assert.equal(create.items[0].actor, 'h9nat');
    assert.equal(create.items[0].change.unit_rate, '0.2');
    const update = await audit({ action: 'campaign.update', entity_id: campaign.id });
    assert.equal(update.total, 1, 'the refused changes wrote nothing');
    const report = (await unitApi.call('GET', SC, { params: { id: campaign.id, unit_id: unit.id } })).body;
    const saves = await audit({ action: 'selfcheck.save', entity: 'self_check', entity_id: report.id });
    assert.equal(saves.total, 3, 'partial, complete, with texts: the repeated save is not there');
    const submit = await audit({ action: 'selfcheck.submit', entity_id: report.id });
    assert.equal(submit.total, 1);
    assert.equal(submit.items[0].actor, 'h9unit');
    assert.equal(submit.items[0].change.late, true);
    const v = await aud.call('GET', '/api/v1/audit/verify');
    assert.equal(v.body.intact, true);
  });
});
