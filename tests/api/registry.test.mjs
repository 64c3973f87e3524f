// registry.test.mjs - a realistic flow as an authority user of 东城
// (110101) on the demo registry: register a unit and a standard, add
// apparatus and staff, watch the alerts follow the data, seal / unseal /
// revoke / replace under the rules (unseal after expiry 409, revoke final
// 409), the history on GET /standards/{id}; then the auditor's view: every
// write has its audit row, reads of personal data have "read" rows, and the
// chain verifies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, assertError } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, PW, login, makeUser, runCli, uscc } from './lib/users.mjs';






/** YYYY-MM-DD of today (UTC, as the server counts) plus DAYS. */
function day(days = 0) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe(`registry flow [${testBackend()}]`, { timeout: 90000 }, () => {
  let server;
  let dc; // authority, 东城
  let aud; // auditor
  let unitUser;
  let dongcheng;
  let unit;
  const std = {}; // the standards of the flow

  before(async () => {
    server = await startServer({ seed: true, env: ENV });
    dc = await makeUser(server, 'h7dc', 'authority', ['--authority', '110101']);
    aud = await makeUser(server, 'h7aud', 'auditor');
    dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
  });
  after(async () => {
    await server?.stop();
  });

  async function audit(query) {
    const r = await aud.call('GET', '/api/v1/audit', { query: { per_page: 500, ...query } });
    assert.equal(r.status, 200, r.text);
    return r.body;
  }
  async function alertsFor(standardId, query = {}) {
    const r = await dc.call('GET', '/api/v1/registry/alerts', { query: { limit: 100000, ...query } });
    assert.equal(r.status, 200, r.text);
    return r.body.items.filter((a) => a.standard_id === standardId).map((a) => a.kind).sort();
  }
  const post = (p, id, json) => dc.call('POST', p, { params: { id }, json });

  test('register a unit in the jurisdiction', async () => {
    const body = {
      uscc: uscc('91110101MA01H7RG0'),
      name: '北京东城精密计量科技有限公司',
      division_code: '110101',
      address: '北京市东城区东直门南大街1号',
      kind: 'enterprise',
      sectors: ['production_safety', 'medical_health'],
      authority_id: dongcheng,
      contact: { name: '王五', phone: '010-64000000' },
    };
    const r = await dc.call('POST', '/api/v1/units', { json: body });
    assert.equal(r.status, 201, r.text);
    unit = r.body;
    assert.equal(unit.uscc, body.uscc);
    assert.equal(unit.name, body.name);
    assert.equal(unit.authority_id, dongcheng);
    assert.deepEqual([...unit.sectors].sort(), ['medical_health', 'production_safety']);
    assert.deepEqual(unit.contact, { name: '王五', phone: '010-64000000' });
    assert.equal(unit.status, 'active');
    // lower case USCC is normalised; the same code again is a conflict
    const dup = await dc.call('POST', '/api/v1/units', { json: { ...body, uscc: body.uscc.toLowerCase(), name: '另一家' } });
    assertError(dup, 409, undefined, 'uscc');
    const p = await dc.call('PATCH', '/api/v1/units/{id}', { params: { id: unit.id }, json: { address: '北京市东城区东直门南大街2号', credit_class: 'A' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.address, '北京市东城区东直门南大街2号');
    assert.equal(p.body.credit_class, 'A');
    assert.equal(p.body.uscc, body.uscc, 'a patch keeps the other fields');
    const found = await dc.call('GET', '/api/v1/units', { query: { q: 'H7RG' } });
    assert.deepEqual(found.body.items.map((x) => x.id), [unit.id]);
    unitUser = await makeUser(server, 'h7unit', 'unit', ['--unit', unit.uscc]);
  });

  test('register standards: the certificate expires in 90 days', async () => {
    const base = {
      unit_id: unit.id,
      code: '12310200',
      category: 'enterprise_highest',
      measurement_range: '(1~1000)kN',
      uncertainty: '0.3级',
      cert_authority_id: dongcheng,
    };
    const make = async (name, serial, issued, expires) => {
      const r = await dc.call('POST', '/api/v1/standards', {
        json: { ...base, name, cert_no: `[2022]京量标东城证字第${serial}号`, cert_issued_on: issued, cert_expires_on: expires },
      });
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    std.main = await make('拉力、压力和万能试验机检定装置', '9101', day(-1000), day(90));
    assert.equal(std.main.field, '12', 'the field comes from the code');
    assert.equal(std.main.status, 'active');
    assert.equal(std.main.unit_id, unit.id);
    std.old = await make('旧的检定装置', '9102', day(-2000), day(400));
    std.renewal = await make('新的检定装置', '9103', day(-10), day(1450));
    std.expired = await make('证书已过期的装置', '9104', day(-1600), day(-5));
    const list = await dc.call('GET', '/api/v1/standards', { query: { unit_id: unit.id } });
    assert.equal(list.body.total, 4);
    const soon = await dc.call('GET', '/api/v1/standards', { query: { unit_id: unit.id, expiring_before: day(100) } });
    assert.deepEqual(soon.body.items.map((s) => s.id).sort(), [std.main.id, std.expired.id].sort());
    const p = await dc.call('PATCH', '/api/v1/standards/{id}', { params: { id: std.main.id }, json: { uncertainty: 'U=0.1%, k=2', sectors: ['production_safety'] } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.uncertainty, 'U=0.1%, k=2');
    assert.deepEqual(p.body.sectors, ['production_safety']);
  });

  test('apparatus and staff; the alerts follow the data', async () => {
    // nothing yet: no staff, no apparatus; the certificate is due for renewal
    assert.deepEqual(await alertsFor(std.main.id), ['cert_expiring', 'understaffed']);
    assert.deepEqual(await alertsFor(std.expired.id), ['cert_expired', 'understaffed']);

    let r = await post('/api/v1/standards/{id}/apparatus', std.main.id, {
      name: '标准测力仪',
      model: '0.3级 1000kN',
      serial: 'H7-001',
      role: 'standard',
      trace_cert_no: 'LLj2025-0001',
      trace_org: '中国计量科学研究院',
      calibrated_on: day(-100),
      due_on: day(265),
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.trace_status, 'valid');
    r = await post('/api/v1/standards/{id}/apparatus', std.main.id, {
      name: '数字指示器',
      role: 'auxiliary',
      calibrated_on: day(-400),
      due_on: day(-35),
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.trace_status, 'overdue');
    const overdue = r.body;

    r = await post('/api/v1/standards/{id}/personnel', std.main.id, { name: '赵六', qualification_no: 'JJ-H7-01', valid_until: day(700), in_charge: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.qualified, true);
    r = await post('/api/v1/standards/{id}/personnel', std.main.id, { name: '钱七', qualification_no: 'JJ-H7-02', valid_until: day(-1) });
    assert.equal(r.body.qualified, false, 'an expired qualification does not count');
    assert.deepEqual(await alertsFor(std.main.id), ['apparatus_overdue', 'cert_expiring', 'understaffed']);
    const item = (await dc.call('GET', '/api/v1/registry/alerts', { query: { limit: 100000 } })).body.items.find(
      (a) => a.standard_id === std.main.id && a.kind === 'apparatus_overdue',
    );
    assert.equal(item.date, overdue.due_on);
    assert.equal(item.unit_id, unit.id);

    // the unit's own staff add the second qualified person
    r = await unitUser.call('POST', '/api/v1/standards/{id}/personnel', { params: { id: std.main.id }, json: { name: '孙八', qualification_no: 'JJ-H7-03', valid_until: day(900) } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await alertsFor(std.main.id), ['apparatus_overdue', 'cert_expiring']);

    // as of a later day the certificate has expired
    assert.ok((await alertsFor(std.main.id, { as_of: day(120) })).includes('cert_expired'));
    // as of long ago nothing was due
    assert.deepEqual(await alertsFor(std.main.id, { as_of: day(-300) }), []);

    const ap = await dc.call('GET', '/api/v1/standards/{id}/apparatus', { params: { id: std.main.id } });
    assert.equal(ap.body.total, 2);
    const pe = await unitUser.call('GET', '/api/v1/standards/{id}/personnel', { params: { id: std.main.id } });
    assert.deepEqual(pe.body.items.map((p) => p.name).sort(), ['孙八', '赵六', '钱七'].sort());
  });

  test('seal, unseal, revoke under the rules; the history is on GET /standards/{id}', async () => {
    const id = std.main.id;
    let r = await post('/api/v1/standards/{id}/seal', id, { reason: '设备送修', date: day(0) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'sealed');
    assert.equal(r.body.status_reason, '设备送修');
    assertError(await post('/api/v1/standards/{id}/seal', id, { reason: '再封一次' }), 409, 'bad_transition');
    const sealed = await dc.call('GET', '/api/v1/standards', { query: { unit_id: unit.id, status: 'sealed' } });
    assert.deepEqual(sealed.body.items.map((s) => s.id), [id]);

    // unsealing after the certificate's expiry is refused
    assertError(await post('/api/v1/standards/{id}/unseal', id, { reason: '修好了', date: day(91) }), 409, 'unseal_expired', 'cert_expires_on');
    r = await post('/api/v1/standards/{id}/unseal', id, { reason: '修好了' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'active');
    assertError(await post('/api/v1/standards/{id}/unseal', id, { reason: '又启封' }), 409, 'bad_transition');

    // a sealed standard whose certificate has already expired stays sealed
    r = await post('/api/v1/standards/{id}/seal', std.expired.id, { reason: '证书过期' });
    assert.equal(r.status, 200, r.text);
    assertError(await post('/api/v1/standards/{id}/unseal', std.expired.id, { reason: '想启封' }), 409, 'unseal_expired');

    // revoke is final
    r = await post('/api/v1/standards/{id}/revoke', std.expired.id, { reason: '注销\n第二行说明' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'revoked');
    for (const t of ['seal', 'unseal', 'revoke']) assertError(await post(`/api/v1/standards/{id}/${t}`, std.expired.id, { reason: '不行' }), 409, 'bad_transition');
    assertError(await post('/api/v1/standards/{id}/replace', std.expired.id, { reason: '不行', replaced_by_id: std.renewal.id }), 409, 'bad_transition');
    const p = await dc.call('PATCH', '/api/v1/standards/{id}', { params: { id: std.expired.id }, json: { status: 'active' } });
    assertError(p, 422, undefined, 'status');

    const g = await dc.call('GET', '/api/v1/standards/{id}', { params: { id } });
    assert.equal(g.status, 200);
    assert.deepEqual(
      g.body.history.map((h) => [h.action, h.from, h.to, h.reason]),
      [
        ['seal', 'active', 'sealed', '设备送修'],
        ['unseal', 'sealed', 'active', '修好了'],
      ],
    );
    assert.equal(g.body.history[0].date, day(0));
    const gx = await dc.call('GET', '/api/v1/standards/{id}', { params: { id: std.expired.id } });
    assert.deepEqual(gx.body.history.map((h) => h.action), ['seal', 'revoke']);
    assert.equal(gx.body.history[1].reason, '注销\n第二行说明');
  });

  test('replace: by an active standard of the same unit only; then final', async () => {
    // a standard of another unit cannot be the replacement
    const other = (await dc.call('GET', '/api/v1/standards', { query: { status: 'active', per_page: 500 } })).body.items.find((s) => s.unit_id !== unit.id);
    assertError(await post('/api/v1/standards/{id}/replace', std.old.id, { reason: '更换', replaced_by_id: other.id }), 422, undefined, 'replaced_by_id');
    const r = await post('/api/v1/standards/{id}/replace', std.old.id, { reason: '更换为新装置', replaced_by_id: std.renewal.id, date: day(-1) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'replaced');
    assert.equal(r.body.replaced_by_id, std.renewal.id);
    assert.equal(r.body.status_on, day(-1));
    assertError(await post('/api/v1/standards/{id}/replace', std.old.id, { reason: '再换', replaced_by_id: std.main.id }), 409, 'bad_transition');
    assertError(await post('/api/v1/standards/{id}/seal', std.old.id, { reason: '封存' }), 409, 'bad_transition');
    const g = await dc.call('GET', '/api/v1/standards/{id}', { params: { id: std.old.id } });
    assert.deepEqual(g.body.history.map((h) => [h.action, h.from, h.to]), [['replace', 'active', 'replaced']]);
    const n = await dc.call('GET', '/api/v1/standards/{id}', { params: { id: std.renewal.id } });
    assert.equal(n.body.status, 'active', 'the replacement stays active');
  });

  test('the unit user sees its own records and the same history', async () => {
    const u = await unitUser.call('GET', '/api/v1/units/{id}', { params: { id: unit.id } });
    assert.equal(u.status, 200);
    const s = await unitUser.call('GET', '/api/v1/standards', { query: { per_page: 500 } });
    assert.equal(s.body.total, 4);
    const g = await unitUser.call('GET', '/api/v1/standards/{id}', { params: { id: std.main.id } });
    assert.equal(g.body.history.length, 2);
    // the unit may not change its own registration
    assertError(await unitUser.call('PATCH', '/api/v1/units/{id}', { params: { id: unit.id }, json: { address: '自己改' } }), 403, 'forbidden');
    assertError(await unitUser.call('POST', '/api/v1/standards/{id}/seal', { params: { id: std.main.id }, json: { reason: '自己封' } }), 403, 'forbidden');
  });

  test('the auditor sees every write of the flow and the chain verifies', async () => {
    const mine = await audit({ actor: 'h7dc' });
    const actions = mine.items.map((x) => x.action);
    for (const a of ['unit.create', 'unit.update', 'standard.create', 'standard.update', 'apparatus.create', 'personnel.create', 'standard.seal', 'standard.unseal', 'standard.revoke', 'standard.replace'])
      assert.ok(actions.includes(a), `audit has ${a} by h7dc`);
    assert.equal(actions.filter((a) => a === 'standard.create').length, 4);
    assert.equal(actions.filter((a) => a === 'standard.seal').length, 2);
    for (const x of mine.items) {
      assert.equal(x.role, 'authority');
      assert.match(x.hash, /^[0-9a-f]{64}$/);
    }
    // newest first, consecutive seqs, each row chained to the one before
    const all = await audit({});
    for (let i = 1; i < all.items.length; i++) {
      assert.equal(all.items[i - 1].seq, all.items[i].seq + 1, 'newest first, no gap');
      assert.equal(all.items[i - 1].prev_hash, all.items[i].hash, `row ${all.items[i - 1].seq} chains to ${all.items[i].seq}`);
    }
    // the unit's row: its fields, the contact recorded as changed, not copied
    const uc = (await audit({ action: 'unit.create', entity: 'unit', entity_id: unit.id })).items;
    assert.equal(uc.length, 1);
    assert.equal(uc[0].entity, 'unit');
    assert.equal(uc[0].actor, 'h7dc');
    assert.equal(uc[0].change.uscc, unit.uscc);
    assert.ok(!JSON.stringify(uc[0].change).includes('王五'), 'the contact name is not copied into the trail');
    assert.ok(!JSON.stringify(uc[0].change).includes('64000000'), 'the phone is not copied into the trail');
    const seal = (await audit({ action: 'standard.seal', entity_id: std.main.id })).items;
    assert.equal(seal.length, 1);
    assert.deepEqual({ from: seal[0].change.from, to: seal[0].change.to, reason: seal[0].change.reason }, { from: 'active', to: 'sealed', reason: '设备送修' });
    const rep = (await audit({ action: 'standard.replace' })).items[0];
    assert.equal(rep.change.replaced_by_id, std.renewal.id);
    // the unit user's write is recorded under its name
    const byUnit = await audit({ actor: 'h7unit', action: 'personnel.create' });
    assert.equal(byUnit.total, 1);
    assert.equal(byUnit.items[0].role, 'unit');

    const v = await aud.call('GET', '/api/v1/audit/verify');
    assert.equal(v.status, 200);
    assert.equal(v.body.intact, true);
    assert.equal(v.body.rows, all.total);
    assert.equal(v.body.broken_seq, null);
    assert.equal(v.body.head_hash, all.items[0].hash);
    const cli = await runCli(server, ['audit', 'verify']);
    assert.equal(cli.code, 0, `msup audit verify: ${cli.stdout}${cli.stderr}`);
  });

  test('an authority user reading a unit\'s contact leaves a "read" row; the unit user does not', async () => {
    const count = async () => (await audit({ action: 'read', entity: 'unit', entity_id: unit.id })).total;
    const n0 = await count();
    const r = await dc.call('GET', '/api/v1/units/{id}', { params: { id: unit.id } });
    assert.equal(r.body.contact.name, '王五');
    assert.equal(await count(), n0 + 1, 'one read row per authority read');
    const row = (await audit({ action: 'read', entity: 'unit', entity_id: unit.id })).items[0];
    assert.equal(row.actor, 'h7dc');
    assert.equal(row.role, 'authority');
    assert.ok(!JSON.stringify(row.change).includes('王五'), 'the read row does not copy the contact');
    await unitUser.call('GET', '/api/v1/units/{id}', { params: { id: unit.id } });
    assert.equal(await count(), n0 + 1, "the unit reading its own contact is not audited");
    // staff names are personal data as well
    const s0 = (await audit({ action: 'read', entity: 'standard', entity_id: std.main.id })).total;
    await dc.call('GET', '/api/v1/standards/{id}/personnel', { params: { id: std.main.id } });
    assert.equal((await audit({ action: 'read', entity: 'standard', entity_id: std.main.id })).total, s0 + 1);
    // reading is not writing: the chain still verifies
    assert.equal((await aud.call('GET', '/api/v1/audit/verify')).body.intact, true);
  });
});
