// stdlist.test.mjs - the standards list is written row by row straight from
// the statement (no copy into structs); each of its items must be
// byte-for-byte the object the detail reply writes from the struct (the
// detail minus its "history"), for several filters and callers, with names
// full of escapes and non-ASCII text (quotes, backslashes, U+2028, 2-, 3-
// and 4-byte UTF-8).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startServer, testBackend } from './lib/server.mjs';
import { ENV, makeUser, uscc } from './lib/users.mjs';

const NAMES = [
  '压力表检定装置"甲"\\乙/丙',
  'slash\\back、\\"q\\"',
  'line\u2028sep\u2029para\u2027',
  '±0.5% · μm ° 扭矩，“引号”',
  'emoji 😀 标准 𠀋 装置',
  'plain ASCII name with some length 12345678',
  '',
];

describe(`standards list equals the detail [${testBackend()}]`, { timeout: 90000 }, () => {
  let server;
  let auth;
  let unitUser;
  let unit;
  let authorityId;
  const ids = [];

  before(async () => {
    server = await startServer({ seed: true, env: ENV });
    auth = await makeUser(server, 'sl8dc', 'authority', ['--authority', '110101']);
    authorityId = (await auth.call('GET', '/api/v1/me')).body.user.authority_id;
    const u = await auth.call('POST', '/api/v1/units', {
      json: {
        uscc: uscc('91110101MA01LT8G0'),
        name: '列表"测试"\\单位',
        division_code: '110101',
        address: '北京市东城区',
        kind: 'enterprise',
        sectors: ['production_safety'],
        authority_id: authorityId,
        contact: { name: '赵六', phone: '010-64000001' },
      },
    });
    assert.equal(u.status, 201, u.text);
    unit = u.body;
    unitUser = await makeUser(server, 'sl8unit', 'unit', ['--unit', unit.uscc]);
    for (const [i, name] of NAMES.entries()) {
      const r = await auth.call('POST', '/api/v1/standards', {
        json: {
          unit_id: unit.id,
          name: name || '名',
          code: i % 2 ? '12310200' : '04110100',
          category: i % 3 ? 'enterprise_highest' : 'social_public',
          measurement_range: i % 2 ? `(1~${i}000)kN "\\/"` : null,
          uncertainty: i % 2 ? null : `U=0.${i}%, k=2 ±`,
          cert_authority_id: authorityId,
          cert_no: `[2024]京量标东城证字第8${i}号`,
          cert_issued_on: '2024-01-0' + (i + 1),
          cert_expires_on: '2028-0' + (i + 1) + '-01',
          sectors: i % 2 ? ['production_safety', 'medical_health'] : [],
        },
      });
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.id);
    }
    // one sealed, with a reason full of escapes
    const s = await auth.call('POST', '/api/v1/standards/{id}/seal', {
      params: { id: ids[1] },
      json: { reason: '封存"原因"\\\u2028，😀' },
    });
    assert.equal(s.status, 200, s.text);
  });
  after(async () => {
    await server?.stop();
  });

  // The detail's raw text without its history: the list item's bytes.
  async function detailBytes(client, id) {
    const r = await client.call('GET', '/api/v1/standards/{id}', { params: { id } });
    assert.equal(r.status, 200, r.text);
    const at = r.text.lastIndexOf(',"history":[');
    assert.ok(at > 0, r.text);
    return { text: r.text.slice(0, at) + '}', body: r.body };
  }

  async function checkList(client, query, expectIds) {
    const r = await client.call('GET', '/api/v1/standards', { query });
    assert.equal(r.status, 200, r.text);
    if (expectIds) assert.deepEqual(r.body.items.map((s) => s.id), expectIds, JSON.stringify(query));
    assert.ok(r.body.items.length > 0, JSON.stringify(query));
    const prefix = '{"items":[';
    assert.ok(r.text.startsWith(prefix), r.text);
    let pos = prefix.length;
    for (const [k, item] of r.body.items.entries()) {
      const d = await detailBytes(client, item.id);
      const { history, ...rest } = d.body;
      assert.deepEqual(item, rest);
      assert.equal(r.text.slice(pos, pos + d.text.length), d.text, `item ${k} of ${JSON.stringify(query)}`);
      pos += d.text.length + 1; // the comma or the closing bracket
    }
    assert.equal(r.text.slice(pos - 1), `],"total":${r.body.total},"page":${r.body.page},"per_page":${r.body.per_page}}`);
    return r.body;
  }

  test('the names came back unchanged', async () => {
    for (const [i, name] of NAMES.entries()) {
      const d = await detailBytes(auth, ids[i]);
      assert.equal(d.body.name, name || '名');
    }
    assert.ok((await detailBytes(auth, ids[2])).text.includes('line\\u2028sep\\u2029para\u2027'));
  });

  test('filters of an authority user (jurisdiction join)', async () => {
    await checkList(auth, { unit_id: unit.id }, ids);
    await checkList(auth, { unit_id: unit.id, field: '12' }, ids.filter((_, i) => i % 2));
    await checkList(auth, { unit_id: unit.id, status: 'sealed' }, [ids[1]]);
    await checkList(auth, { unit_id: unit.id, category: 'social_public' }, ids.filter((_, i) => i % 3 === 0));
    await checkList(auth, { q: '京量标东城证字第8' }, ids);
    await checkList(auth, { unit_id: unit.id, expiring_before: '2028-03-15' }, ids.slice(0, 3));
    await checkList(auth, { unit_id: unit.id, per_page: 2, page: 2 }, ids.slice(2, 4));
    await checkList(auth, { authority_id: authorityId, per_page: 500 });
    await checkList(auth, { status: 'active', per_page: 50 });
  });

  test('a unit user sees its own standards, the same bytes', async () => {
    await checkList(unitUser, {}, ids);
    await checkList(unitUser, { status: 'active', per_page: 3 }, [ids[0], ids[2], ids[3]]);
  });

  test('a national view (no jurisdiction predicate), deep pages', async () => {
    const nat = await makeUser(server, 'sl8nat', 'authority', ['--authority', '000000']);
    const all = await checkList(nat, { per_page: 100 });
    assert.ok(all.total >= ids.length);
    await checkList(nat, { field: '12', status: 'active', per_page: 50 });
    const last = Math.ceil(all.total / 7);
    await checkList(nat, { per_page: 7, page: last });
    const empty = await nat.call('GET', '/api/v1/standards', { query: { per_page: 7, page: last + 1 } });
    assert.equal(empty.text, `{"items":[],"total":${all.total},"page":${last + 1},"per_page":7}`);
  });

  // List rows are kept rendered by (id, rev) (src/http/rowcache.c); rev goes
  // up on every update, so a changed row must show its new bytes at once, on
  // every connection, and the cache must actually be used.
  test('rows kept by the row cache follow every change', async () => {
    const hits = async () => {
      const m = await auth.call('GET', '/metrics');
      assert.equal(m.status, 200, m.text);
      return Number(/msup_row_cache_lookups_total\{result="hit"\} (\d+)/.exec(m.text)[1]);
    };
    const q = { unit_id: unit.id, per_page: 50 };
    await checkList(auth, q, ids);
    const h0 = await hits();
    await checkList(auth, q, ids);
    assert.ok((await hits()) - h0 >= ids.length, 'the second page came from the cache');
    const target = ids[3];
    const renamed = '改名"后"\\名称\u2028😀';
    const p = await auth.call('PATCH', '/api/v1/standards/{id}', {
      params: { id: target },
      json: { name: renamed, uncertainty: 'U=0.02%, k=2' },
    });
    assert.equal(p.status, 200, p.text);
    const all = async () =>
      Promise.all(Array.from({ length: 8 }, () => checkList(auth, q, ids))).then((pages) =>
        pages.map((b) => b.items.find((s) => s.id === target)),
      );
    for (const item of await all()) {
      assert.equal(item.name, renamed);
      assert.equal(item.uncertainty, 'U=0.02%, k=2');
    }
    const seal = await auth.call('POST', '/api/v1/standards/{id}/seal', {
      params: { id: target },
      json: { reason: '行缓存' },
    });
    assert.equal(seal.status, 200, seal.text);
    for (const item of await all()) assert.equal(item.status, 'sealed');
    await checkList(auth, { unit_id: unit.id, status: 'sealed' }, [ids[1], target]);
    const unseal = await auth.call('POST', '/api/v1/standards/{id}/unseal', {
      params: { id: target },
      json: { reason: '恢复' },
    });
    assert.equal(unseal.status, 200, unseal.text);
    for (const item of await all()) {
      assert.equal(item.status, 'active');
      assert.equal(item.status_reason, '恢复');
    }
  });

  // The list total comes from a per-connection count cache (SQLite: data
  // version; PostgreSQL: WAL position). Warm it on every connection of the
  // pool, write through one of them, and every connection must count anew.
  test('the cached total follows every write, on every connection', async () => {
    const q = { unit_id: unit.id, field: '12', per_page: 50 };
    const totals = async () =>
      (await Promise.all(Array.from({ length: 12 }, () => auth.call('GET', '/api/v1/standards', { query: q })))).map(
        (r) => (assert.equal(r.status, 200, r.text), r.body.total),
      );
    const before = await totals();
    assert.deepEqual(before, before.map(() => ids.filter((_, i) => i % 2).length));
    const r = await auth.call('POST', '/api/v1/standards', {
      json: {
        unit_id: unit.id,
        name: '缓存计数标准',
        code: '12310200',
        category: 'enterprise_highest',
        cert_authority_id: authorityId,
        cert_no: '[2024]京量标东城证字第899号',
        cert_issued_on: '2024-02-01',
        cert_expires_on: '2029-02-01',
      },
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await totals(), before.map((t) => t + 1));
    const s = await auth.call('POST', '/api/v1/standards/{id}/seal', { params: { id: r.body.id }, json: { reason: '计数' } });
    assert.equal(s.status, 200, s.text);
    const active = async () =>
      (await auth.call('GET', '/api/v1/standards', { query: { ...q, status: 'active' } })).body.total;
    assert.equal(await active(), before[0] - 1); // ids[1] is sealed too
  });
});
