// cases.test.mjs - dispositions, violations, complaints and the risk ranking
// over HTTP on the demo registry (北京市), as of 2021-09-15 (MSUP_TODAY):
// 东城 decides dispositions (a fine within the cap, a revoked and a cancelled
// certificate through the registry's rules), records violations; the
// public files complaints without login and follows them only by receipt;
// 东城 triages and decides them (wrong moves 409). Every bad input is a 4xx
// naming the field with nothing written (counted in the database); 西城 (a
// sibling county) reads none of 东城's records (404); a unit user is refused.
// The risk list is checked against the database counts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client, assertError } from './lib/client.mjs';
import { dbInt, dbRows } from './lib/db.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, runCli, uscc } from './lib/users.mjs';

const MISSING = 999999;
const TODAY = '2021-09-15';
const COMPLAINT_LIMIT = 30;

describe(`dispositions, violations, complaints, risk [${testBackend()}]`, { timeout: 120000 }, () => {
  let server;
  let dc; // authority 东城 (110101)
  let xc; // authority 西城 (110102)
  let prov; // authority 北京市 (110000)
  let unitApi; // a unit user of U1
  let anon;
  let dongcheng, xicheng, root;
  let U1, U2, UX; // units: two of 东城 (with 东城 certificates), one of 西城
  let S1, S1b, S1c, S2; // standards certified by 东城: three of U1, one of U2

  before(async () => {
    server = await startServer({
      seed: true,
      env: { ...ENV, MSUP_TODAY: TODAY, MSUP_COMPLAINT_LIMIT: String(COMPLAINT_LIMIT), MSUP_COMPLAINT_LOOKUP_LIMIT: '40' },
    });
    dc = await makeUser(server, 'c5dc', 'authority', ['--authority', '110101']);
    xc = await makeUser(server, 'c5xc', 'authority', ['--authority', '110102']);
    prov = await makeUser(server, 'c5prov', 'authority', ['--authority', '110000']);
    anon = new Client(server.url);
    dongcheng = (await dc.call('GET', '/api/v1/me')).body.user.authority_id;
    xicheng = (await xc.call('GET', '/api/v1/me')).body.user.authority_id;
    root = await dbInt(server, 'SELECT id FROM authorities WHERE parent_id IS NULL');
    const units = (await prov.call('GET', '/api/v1/units', { query: { per_page: 500 } })).body.items;
    const stds = [];
    for (let page = 1; ; page++) {
      const r = await prov.call('GET', '/api/v1/standards', { query: { per_page: 500, page } });
      stds.push(...r.body.items);
      if (r.body.items.length < 500) break;
    }
    const own = (u) => stds.filter((s) => s.unit_id === u.id && s.cert_authority_id === dongcheng && s.status === 'active');
    const dcUnits = units.filter((u) => u.authority_id === dongcheng);
    const rich = dcUnits.filter((u) => own(u).length >= 3);
    assert.ok(rich.length >= 1, 'a 东城 unit with three active 东城 standards');
    U1 = rich[0];
    U2 = dcUnits.find((u) => u.id !== U1.id && own(u).length >= 1);
    UX = units.find((u) => u.authority_id === xicheng);
    assert.ok(U2 && UX);
    [S1, S1b, S1c] = own(U1);
    [S2] = own(U2);
    unitApi = await makeUser(server, 'c5unit', 'unit', ['--unit', U1.uscc]);
  });
  after(async () => {
    await server?.stop();
  });

  const count = (table) => dbInt(server, `SELECT count(*) FROM ${table}`);
  const auditCount = () => dbInt(server, 'SELECT count(*) FROM audit');

  /** Run FN (which must be refused) and check that TABLES and the audit trail did not change. */
  async function nothingWritten(tables, fn) {
    const before0 = await Promise.all([...tables.map(count), auditCount()]);
    const out = await fn();
    const after0 = await Promise.all([...tables.map(count), auditCount()]);
    assert.deepEqual(after0, before0, `nothing written to ${tables.join(', ')} or the audit trail`);
    return out;
  }

  // ------------------------------------------------------------ catalogue

  test('the catalogue lists the actions with basis, source and the fine cap', async () => {
    const r = await unitApi.call('GET', '/api/v1/disposition-actions');
    assert.equal(r.status, 200, r.text);
    const codes = r.body.items.map((i) => i.code);
    for (const c of ['order_rectify', 'warning', 'stop_use', 'stop_transfer', 'fine', 'revoke_certificate', 'cancel_certificate', 'refer'])
      assert.ok(codes.includes(c), c);
    const fine = r.body.items.find((i) => i.code === 'fine');
    assert.equal(fine.cap_yuan, 1000);
    assert.equal(fine.amount_required, true);
    assert.ok(r.body.items.every((i) => i.basis.length > 0 && i.source.length > 0));
    assert.ok(r.body.items.find((i) => i.code === 'revoke_certificate').revokes_standard);
  });

  // --------------------------------------------------------- dispositions

  let dispWarn;
  test('a disposition is recorded with the catalogue basis and audited', async () => {
    const r = await dc.call('POST', '/api/v1/dispositions', {
      json: { unit_id: U1.id, standard_id: S1.id, action: 'stop_transfer', decided_on: '2021-09-10', note: '现场检查不合格' },
    });
    assert.equal(r.status, 201, r.text);
    dispWarn = r.body;
    assert.equal(dispWarn.authority_id, dongcheng);
    assert.equal(dispWarn.catalog_version, 1);
    assert.match(dispWarn.basis, /计量标准考核办法/);
    assert.equal(dispWarn.amount_yuan, null);
    assert.equal(dispWarn.cert_no, S1.cert_no);
    const g = await dc.call('GET', '/api/v1/dispositions/{id}', { params: { id: dispWarn.id } });
    assert.deepEqual(g.body, dispWarn);
    // stop_transfer records only: the standard stays active
    const s = await dc.call('GET', '/api/v1/standards/{id}', { params: { id: S1.id } });
    assert.equal(s.body.status, 'active');
    assert.equal(
      await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'disposition.create' AND entity_id = ${dispWarn.id}`),
      1,
    );
  });

  test('a fine within the cap; the amount and an explicit basis are kept', async () => {
    const r = await dc.call('POST', '/api/v1/dispositions', {
      json: { unit_id: U1.id, action: 'fine', amount_yuan: 1000, basis: '《计量法实施细则》' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.amount_yuan, 1000);
    assert.equal(r.body.basis, '《计量法实施细则》');
    assert.equal(r.body.decided_on, TODAY);
    assert.equal(await dbInt(server, `SELECT amount_yuan FROM dispositions WHERE id = ${r.body.id}`), 1000);
  });

  test('bad dispositions: 422 naming the field, nothing written', async () => {
    const cases = [
      [{ unit_id: U1.id, action: 'behead' }, 'action', 'disposition_unknown_action'],
      [{ unit_id: U1.id }, 'action', 'required'],
      [{ unit_id: U1.id, action: "warning'; DROP TABLE dispositions;--" }, 'action', 'disposition_unknown_action'],
      [{ unit_id: U1.id, action: 'fine' }, 'amount_yuan', 'required'],
      [{ unit_id: U1.id, action: 'fine', amount_yuan: 1001 }, 'amount_yuan', 'disposition_amount_cap'],
      [{ unit_id: U1.id, action: 'fine', amount_yuan: 0 }, 'amount_yuan', 'disposition_amount_cap'],
      [{ unit_id: U1.id, action: 'fine', amount_yuan: -5 }, 'amount_yuan', 'disposition_amount_cap'],
      [{ unit_id: U1.id, action: 'fine', amount_yuan: '500' }, 'amount_yuan', 'invalid_type'],
      [{ unit_id: U1.id, action: 'warning', amount_yuan: 10 }, 'amount_yuan', 'disposition_no_amount'],
      [{ unit_id: U1.id, standard_id: S2.id, action: 'warning' }, 'standard_id', 'disposition_standard_unit'],
      [{ unit_id: U1.id, action: 'revoke_certificate' }, 'standard_id', 'required'],
      [{ unit_id: U1.id, standard_id: MISSING, action: 'warning' }, 'standard_id', 'not_found'],
      [{ unit_id: UX.id, action: 'warning' }, 'unit_id', 'unknown_unit'],
      [{ unit_id: MISSING, action: 'warning' }, 'unit_id', 'unknown_unit'],
      [{ action: 'warning' }, 'unit_id', 'required'],
      [{ unit_id: U1.id, finding_id: MISSING, action: 'warning' }, 'finding_id', 'not_found'],
      [{ unit_id: U1.id, inspection_id: MISSING, action: 'warning' }, 'inspection_id', 'not_found'],
      [{ unit_id: U1.id, action: 'warning', decided_on: '2021-02-30' }, 'decided_on', 'invalid_date_value'],
      [{ unit_id: U1.id, action: 'warning', note: '长'.repeat(2001) }, 'note', 'too_long'],
      [{ unit_id: U1.id, action: 'warning', basis: 'b'.repeat(1001) }, 'basis', 'too_long'],
      [{ unit_id: U1.id, action: 'warning', colour: 'red' }, 'colour', 'unknown_field'],
    ];
    await nothingWritten(['dispositions', 'standards', 'standard_events'], async () => {
      for (const [json, field, code] of cases) {
        const r = await dc.call('POST', '/api/v1/dispositions', { json });
        assertError(r, 422, code, field);
      }
    });
  });

  test('SQL metacharacters in free text are stored verbatim', async () => {
    const note = "x'); DELETE FROM units; -- \" %_ \\";
    const units0 = await count('units');
    const r = await dc.call('POST', '/api/v1/dispositions', { json: { unit_id: U1.id, action: 'order_rectify', note } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.note, note);
    assert.equal(await count('units'), units0);
  });

  test('revoking and cancelling a certificate change the standard through the registry rules', async () => {
    const r = await dc.call('POST', '/api/v1/dispositions', {
      json: { unit_id: U1.id, standard_id: S1b.id, action: 'revoke_certificate', decided_on: '2021-09-12' },
    });
    assert.equal(r.status, 201, r.text);
    const s = await dc.call('GET', '/api/v1/standards/{id}', { params: { id: S1b.id } });
    assert.equal(s.body.status, 'revoked');
    const ev = await dbRows(server, `SELECT action, from_status, to_status, happened_on FROM standard_events WHERE standard_id = ${S1b.id}`);
    assert.deepEqual(ev, [['revoke', 'active', 'revoked', '2021-09-12']]);
    assert.equal(await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'standard.revoke' AND entity_id = ${S1b.id}`), 1);
    // a second revocation: the registry refuses it, and the disposition is rolled back
    await nothingWritten(['dispositions', 'standard_events'], async () => {
      const again = await dc.call('POST', '/api/v1/dispositions', {
        json: { unit_id: U1.id, standard_id: S1b.id, action: 'cancel_certificate' },
      });
      assertError(again, 409, 'bad_transition', 'status');
    });
    const c = await dc.call('POST', '/api/v1/dispositions', {
      json: { unit_id: U1.id, standard_id: S1c.id, action: 'cancel_certificate' },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal((await dc.call('GET', '/api/v1/standards/{id}', { params: { id: S1c.id } })).body.status, 'revoked');
  });

  test('dispositions: filters, and a sibling county reads none of them (404)', async () => {
    const all = await dc.call('GET', '/api/v1/dispositions', { query: { per_page: 500 } });
    assert.ok(all.body.total >= 5);
    assert.ok(all.body.items.every((d) => d.authority_id === dongcheng));
    const fines = await dc.call('GET', '/api/v1/dispositions', { query: { action: 'fine' } });
    assert.ok(fines.body.items.length >= 1 && fines.body.items.every((d) => d.action === 'fine'));
    const byUnit = await prov.call('GET', '/api/v1/dispositions', { query: { unit_id: U1.id, authority_id: dongcheng } });
    assert.equal(byUnit.body.total, all.body.items.filter((d) => d.unit_id === U1.id).length);
    assertError(await dc.call('GET', '/api/v1/dispositions', { query: { action: 'nope' } }), 422, 'disposition_unknown_action', 'action');
    // 西城: nothing of 东城's, and asking for 东城's subtree reads as missing
    const x = await xc.call('GET', '/api/v1/dispositions', { query: { per_page: 500 } });
    assert.equal(x.body.total, 0);
    assertError(await xc.call('GET', '/api/v1/dispositions/{id}', { params: { id: dispWarn.id } }), 404, 'not_found');
    const miss = await xc.call('GET', '/api/v1/dispositions/{id}', { params: { id: MISSING } });
    assert.deepEqual(miss.body, (await xc.call('GET', '/api/v1/dispositions/{id}', { params: { id: dispWarn.id } })).body);
    assertError(await xc.call('GET', '/api/v1/dispositions', { query: { authority_id: dongcheng } }), 404, 'unknown_authority', 'authority_id');
    // a unit user: refused
    assertError(await unitApi.call('GET', '/api/v1/dispositions'), 403, 'forbidden');
    assertError(await unitApi.call('GET', '/api/v1/dispositions/{id}', { params: { id: dispWarn.id } }), 403, 'forbidden');
  });

  // ----------------------------------------------------------- violations

  let violation;
  test('violations: recorded, linked to a disposition of the same unit, out of a sibling\'s reach', async () => {
    const r = await dc.call('POST', '/api/v1/violations', {
      json: { unit_id: U1.id, severity: 'serious', decided_on: '2021-09-11', summary: '使用超过检定周期的计量标准器', disposition_id: dispWarn.id },
    });
    assert.equal(r.status, 201, r.text);
    violation = r.body;
    assert.equal(violation.disposition_id, dispWarn.id);
    assert.equal(violation.authority_id, dongcheng);
    const cases = [
      [{ unit_id: U1.id, severity: 'grave', summary: 'x' }, 'severity', 'invalid_enum'],
      [{ unit_id: U1.id, summary: 'x' }, 'severity', 'required'],
      [{ unit_id: U1.id, severity: 'general' }, 'summary', 'required'],
      [{ unit_id: U1.id, severity: 'general', summary: ' ' }, 'summary', 'required'],
      [{ unit_id: U1.id, severity: 'general', summary: 's'.repeat(2001) }, 'summary', 'too_long'],
      [{ unit_id: U2.id, severity: 'general', summary: 'x', disposition_id: dispWarn.id }, 'disposition_id', 'disposition_other_unit'],
      [{ unit_id: UX.id, severity: 'general', summary: 'x' }, 'unit_id', 'unknown_unit'],
      [{ unit_id: U1.id, severity: 'general', summary: 'x', decided_on: '15/09/2021' }, 'decided_on', 'invalid_date'],
    ];
    await nothingWritten(['violations'], async () => {
      for (const [json, field, code] of cases) assertError(await dc.call('POST', '/api/v1/violations', { json }), 422, code, field);
    });
    const l = await dc.call('GET', '/api/v1/violations', { query: { unit_id: U1.id, severity: 'serious' } });
    assert.ok(l.body.items.some((v) => v.id === violation.id));
    assertError(await xc.call('GET', '/api/v1/violations/{id}', { params: { id: violation.id } }), 404, 'not_found');
    assert.ok(!(await xc.call('GET', '/api/v1/violations', { query: { per_page: 500 } })).body.items.some((v) => v.id === violation.id));
    assertError(await unitApi.call('GET', '/api/v1/violations'), 403, 'forbidden');
  });

  // ----------------------------------------------------------- complaints

  let receipt; // about U1, routed to 东城
  let complaintId;
  test('the public files a complaint without login and gets a receipt; the unit\'s authority receives it', async () => {
    const r = await anon.call('POST', '/api/v1/public/complaints', {
      json: { unit_uscc: U1.uscc.toLowerCase(), summary: '该单位计量标准器超期未检', contact: '王先生 13800000000' },
    });
    assert.equal(r.status, 201, r.text);
    receipt = r.body.receipt;
    assert.match(receipt, /^TS20210915[A-Z2-7]{12}$/);
    assert.equal(r.body.received_on, TODAY);
    const rows = await dbRows(server, `SELECT id, authority_id, unit_id, contact FROM complaints WHERE receipt = '${receipt}'`);
    assert.equal(rows.length, 1);
    complaintId = Number(rows[0][0]);
    assert.deepEqual(rows[0].slice(1), [String(dongcheng), String(U1.id), '王先生 13800000000']);
    // the public answer holds no personal data and no internal notes
    const f = await anon.call('GET', '/api/v1/public/complaints/{receipt}', { params: { receipt } });
    assert.equal(f.status, 200, f.text);
    assert.deepEqual(Object.keys(f.body).sort(), ['closed_on', 'outcome', 'receipt', 'received_on', 'status']);
    assert.equal(f.body.status, 'received');
    // the audit row of the submission names no person and no text
    const a = await dbRows(server, `SELECT actor, role, change FROM audit WHERE action = 'complaint.submit' AND entity_id = ${complaintId}`);
    assert.equal(a.length, 1);
    assert.equal(a[0][0], 'public');
    assert.ok(!a[0][2].includes('王先生') && !a[0][2].includes('超期'), a[0][2]);
  });

  test('complaints are routed by USCC, authority code, division, else to the root', async () => {
    const file = async (json) => {
      const r = await anon.call('POST', '/api/v1/public/complaints', { json: { summary: '路由测试', ...json } });
      assert.equal(r.status, 201, r.text);
      return dbInt(server, `SELECT authority_id FROM complaints WHERE receipt = '${r.body.receipt}'`);
    };
    assert.equal(await file({ unit_name: '某不知名单位', division: '110102' }), xicheng);
    assert.equal(await file({ unit_name: '某不知名单位', authority_code: '110101' }), dongcheng);
    assert.equal(await file({ unit_name: '某不知名单位' }), root);
    // a valid but unregistered USCC falls through to the hints
    assert.equal(await file({ unit_uscc: uscc('91110102MA0000001'), division: '110102' }), xicheng);
  });

  test('bad complaints: 422 naming the field, nothing written', async () => {
    const cases = [
      [{ unit_name: '某单位' }, 'summary', 'required'],
      [{ unit_name: '某单位', summary: '  ' }, 'summary', 'required'],
      [{ unit_name: '某单位', summary: '长'.repeat(2001) }, 'summary', 'too_long'],
      [{ summary: '无单位' }, 'unit_name', 'required'],
      [{ unit_name: '名'.repeat(201), summary: 'x' }, 'unit_name', 'too_long'],
      [{ unit_name: '某单位', summary: 'x', contact: 'c'.repeat(201) }, 'contact', 'too_long'],
      [{ unit_uscc: '91350100M000100Y4Z', summary: 'x' }, 'unit_uscc', undefined],
      [{ unit_name: '某单位', summary: 'x', authority_code: '999999' }, 'authority_code', 'unknown_authority'],
      [{ unit_name: "x' OR '1'='1", summary: 'x', authority_code: "1' OR '1'='1" }, 'authority_code', 'unknown_authority'],
      [{ unit_name: '某单位', summary: 'x', division: '11010' }, 'division', 'invalid_division'],
      [{ unit_name: '某单位', summary: 'x', status: 'closed' }, 'status', 'unknown_field'],
    ];
    await nothingWritten(['complaints'], async () => {
      for (const [json, field, code] of cases)
        assertError(await anon.call('POST', '/api/v1/public/complaints', { json }), 422, code, field);
    });
  });

  test('a complaint is followed only with its receipt; unknown and malformed receipts are 404', async () => {
    for (const bad of ['TS20210915AAAAAAAAAAAA', receipt.slice(0, -1) + (receipt.endsWith('A') ? 'B' : 'A'), 'x', "TS' OR 1=1 --", String(complaintId)]) {
      const r = await anon.call('GET', '/api/v1/public/complaints/{receipt}', { params: { receipt: bad } });
      assertError(r, 404, 'not_found', 'receipt');
    }
    // there is no anonymous way in by id
    assertError(await anon.call('GET', '/api/v1/complaints/{id}', { params: { id: complaintId } }), 401, 'unauthenticated');
  });

  test('triage and decision: valid moves only, contact reads audited, a sibling county sees nothing', async () => {
    const reads0 = await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'complaint'`);
    const g = await dc.call('GET', '/api/v1/complaints/{id}', { params: { id: complaintId } });
    assert.equal(g.status, 200, g.text);
    assert.equal(g.body.contact, '王先生 13800000000');
    assert.equal(g.body.registered_unit_name, U1.name);
    assert.equal(await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'complaint'`), reads0 + 1);
    const l = await dc.call('GET', '/api/v1/complaints', { query: { status: 'received', per_page: 500 } });
    assert.ok(l.body.items.some((c) => c.id === complaintId));
    assert.equal(await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'complaint'`), reads0 + 2);
    // 西城: 404 like a missing one, and not in its list
    const out = await xc.call('GET', '/api/v1/complaints/{id}', { params: { id: complaintId } });
    assertError(out, 404, 'not_found');
    assert.deepEqual(out.body, (await xc.call('GET', '/api/v1/complaints/{id}', { params: { id: MISSING } })).body);
    assertError(await xc.call('PATCH', '/api/v1/complaints/{id}', { params: { id: complaintId }, json: { status: 'triaged' } }), 404, 'not_found');
    assert.ok(!(await xc.call('GET', '/api/v1/complaints', { query: { per_page: 500 } })).body.items.some((c) => c.id === complaintId));
    assertError(await unitApi.call('GET', '/api/v1/complaints'), 403, 'forbidden');

    const patch = (json) => dc.call('PATCH', '/api/v1/complaints/{id}', { params: { id: complaintId }, json });
    await nothingWritten(['complaints'], async () => {
      assertError(await patch({ status: 'substantiated' }), 409, 'bad_transition', 'status');
      assertError(await patch({ status: 'received' }), 422, 'invalid_enum', 'status');
      assertError(await patch({ status: 'done' }), 422, 'invalid_enum', 'status');
      assertError(await patch({ unit_id: UX.id }), 422, 'unknown_unit', 'unit_id');
      assertError(await patch({ outcome: 'o'.repeat(2001) }), 422, 'too_long', 'outcome');
      assertError(await patch({}), 422, 'required', 'status');
    });
    const t = await patch({ status: 'triaged' });
    assert.equal(t.status, 200, t.text);
    assert.equal(t.body.handled_by, 'c5dc');
    const d = await patch({ status: 'substantiated', outcome: '经查属实，已责令停止使用并罚款。' });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.body.closed_on, TODAY);
    assertError(await patch({ outcome: '改口' }), 409, 'complaint_final', 'status');
    assertError(await patch({ status: 'closed' }), 409, 'complaint_final', 'status');
    const f = await anon.call('GET', '/api/v1/public/complaints/{receipt}', { params: { receipt } });
    assert.deepEqual(f.body, { receipt, status: 'substantiated', received_on: TODAY, closed_on: TODAY, outcome: '经查属实，已责令停止使用并罚款。' });
    assert.equal(await dbInt(server, `SELECT count(*) FROM audit WHERE action = 'complaint.update' AND entity_id = ${complaintId}`), 2);
  });

  test('a complaint about an unregistered unit is linked to a registered one by the authority', async () => {
    const r = await anon.call('POST', '/api/v1/public/complaints', {
      json: { unit_name: U2.name, authority_code: '110101', summary: '投诉：称重设备不准' },
    });
    assert.equal(r.status, 201, r.text);
    const id = await dbInt(server, `SELECT id FROM complaints WHERE receipt = '${r.body.receipt}'`);
    const p = await dc.call('PATCH', '/api/v1/complaints/{id}', { params: { id }, json: { unit_id: U2.id, status: 'closed', outcome: '不属于计量标准问题' } });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.unit_id, U2.id);
    assert.equal(p.body.contact, null);
  });

  // ------------------------------------------------------------------ risk

  test('risk: units ranked by score with reasons that add up, matching the database', async () => {
    const r = await dc.call('GET', '/api/v1/risk', { query: { limit: 500 } });
    assert.equal(r.status, 200, r.text);
    const items = r.body.items;
    assert.ok(items.length > 0 && items.length === Math.min(500, r.body.total));
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      assert.equal(it.rank, i + 1);
      assert.equal(it.score, it.reasons.reduce((s, x) => s + x.points, 0), `score of ${it.name}`);
      if (i) assert.ok(items[i - 1].score >= it.score, 'descending');
    }
    // only units supervised by 东城
    const ids = new Set((await dbRows(server, `SELECT id FROM units WHERE authority_id = ${dongcheng}`)).map((x) => Number(x[0])));
    assert.ok(items.every((it) => ids.has(it.unit_id)));
    // U1: the complaint (substantiated), the serious violation, counted as in the database
    const u1 = items.find((it) => it.unit_id === U1.id);
    assert.ok(u1, 'U1 is on the list');
    const reason = (code) => u1.reasons.find((x) => x.code === code);
    const since = '2019-09-15';
    assert.equal(reason('complaints').count, await dbInt(server, `SELECT count(*) FROM complaints WHERE unit_id = ${U1.id} AND received_on >= '${since}' AND received_on <= '${TODAY}'`));
    assert.equal(
      reason('complaints_substantiated').count,
      await dbInt(server, `SELECT count(*) FROM complaints WHERE unit_id = ${U1.id} AND status = 'substantiated' AND received_on >= '${since}' AND received_on <= '${TODAY}'`),
    );
    assert.equal(
      reason('violations_serious').count,
      await dbInt(server, `SELECT count(*) FROM violations WHERE unit_id = ${U1.id} AND severity = 'serious' AND decided_on >= '${since}' AND decided_on <= '${TODAY}'`),
    );
    assert.equal(reason('violations_serious').points, Math.min(30, 10 * reason('violations_serious').count));
    const overdue = await dbInt(
      server,
      `SELECT count(*) FROM apparatus p JOIN standards s ON s.id = p.standard_id WHERE s.unit_id = ${U1.id} AND s.status = 'active' AND (p.calibrated_on IS NULL OR p.due_on IS NULL OR p.due_on < '${TODAY}')`,
    );
    assert.equal(reason('trace_overdue')?.count ?? 0, overdue);
    // limit, and the province sees more than 东城
    const top = await dc.call('GET', '/api/v1/risk', { query: { limit: 3 } });
    assert.deepEqual(top.body.items, items.slice(0, 3));
    const p = await prov.call('GET', '/api/v1/risk', { query: { limit: 500 } });
    assert.ok(p.body.total > r.body.total);
    const pd = await prov.call('GET', '/api/v1/risk', { query: { authority_id: dongcheng, limit: 500 } });
    assert.deepEqual(pd.body, r.body);
  });

  test('risk: jurisdiction, roles and bad parameters', async () => {
    assertError(await xc.call('GET', '/api/v1/risk', { query: { authority_id: dongcheng } }), 404, 'unknown_authority', 'authority_id');
    assertError(await xc.call('GET', '/api/v1/risk', { query: { authority_id: MISSING } }), 404, 'unknown_authority', 'authority_id');
    assertError(await unitApi.call('GET', '/api/v1/risk'), 403, 'forbidden');
    assertError(await dc.call('GET', '/api/v1/risk', { query: { limit: 501 } }), 422, 'invalid_int', 'limit');
    assertError(await dc.call('GET', '/api/v1/risk', { query: { limit: 'x' } }), 422, undefined, 'limit');
    assertError(await dc.call('GET', '/api/v1/risk', { query: { as_of: '2021-13-01' } }), 422, undefined, 'as_of');
  });

  test('msup risk --authority CODE prints the same ranking', async () => {
    const r = await runCli(server, ['risk', '--authority', '110101', '--limit', '5', '--as-of', TODAY]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => /^\d+\t/.test(l));
    const api = await dc.call('GET', '/api/v1/risk', { query: { limit: 5 } });
    assert.equal(lines.length, api.body.items.length);
    lines.forEach((l, i) => {
      const [rank, score, uscc0] = l.split('\t');
      assert.equal(Number(rank), i + 1);
      assert.equal(Number(score), api.body.items[i].score);
      assert.equal(uscc0, api.body.items[i].uscc);
    });
    const bad = await runCli(server, ['risk', '--authority', '999999']);
    assert.equal(bad.code, 1);
    assert.equal((await runCli(server, ['risk'])).code, 2);
  });

  // ------------------------------------------------------------ rate limits

  test('public complaints are rate limited per client address (429), nothing written', async () => {
    let refused;
    for (let i = 0; i < COMPLAINT_LIMIT + 2 && !refused; i++) {
      const r = await anon.call('POST', '/api/v1/public/complaints', { json: { unit_name: '限流测试', summary: `第${i}次` } });
      if (r.status === 429) refused = r;
      else assert.equal(r.status, 201, r.text);
    }
    assert.ok(refused, 'refused within the limit + 2');
    assertError(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    await nothingWritten(['complaints'], async () => {
      assertError(await anon.call('POST', '/api/v1/public/complaints', { json: { unit_name: '限流测试', summary: 'again' } }), 429, 'rate_limited');
    });
    // guessing receipts is limited too
    let guessed;
    for (let i = 0; i < 45 && !guessed; i++) {
      const r = await anon.call('GET', '/api/v1/public/complaints/{receipt}', { params: { receipt: `TS20210915${'A'.repeat(11)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[i % 32]}` } });
      if (r.status === 429) guessed = r;
      else assertError(r, 404, 'not_found');
    }
    assert.ok(guessed, 'receipt guessing is rate limited');
  });
});
