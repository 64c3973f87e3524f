// access.test.mjs - the access matrix, generated from `msup routes`: every
// route x every role (sysadmin, secadmin, auditor, authority, inspector,
// unit, anonymous) x inside/outside the caller's jurisdiction, on the demo
// registry (北京市). anonymous -> 401 on non-public routes; a role the route
// does not allow -> 403 whatever the id; an allowed role -> 2xx inside (or
// 422 for a deliberately minimal body), 404 outside, exactly like a missing
// id. Lists of authority and unit users hold only what their details show.
// Campaigns are made in before() through the API: by the province (110000),
// by 东城 (110101), by 西城 (110102) and by another province (天津, 120000,
// registered by the national authority); 东城 sees its own and the
// province's, never a sibling's or another province's.
// A route without a rule here fails the suite: add its rule to RULES.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client } from './lib/client.mjs';
import { msupRoutes, startServer, testBackend } from './lib/server.mjs';
import { ENV, PW, PW0, login, makeUser, runCli, uscc } from './lib/users.mjs';

const ROLES = ['sysadmin', 'secadmin', 'auditor', 'authority', 'inspector', 'unit', 'anonymous'];
const MISSING = 999999; // an id no table reaches in the small demo

// ------------------------------------------------------------- helpers

let serial = 0;
const nextSerial = () => ++serial;
const newUscc = () => uscc(`91110101MA${String(700000 + nextSerial()).slice(-6)}X`.slice(0, 17));
const newCertNo = () => `[2024]京量标东城证字第${String(8000 + nextSerial())}号`;

/** Every item of a list route (per_page 500, all pages); checks total.
 *  PARAMS fills the path ({id} of /campaigns/{id}/self-checks). */
async function listAll(api, pattern, query = {}, params = undefined) {
  const items = [];
  let total;
  for (let page = 1; ; page++) {
    const res = await api.call('GET', pattern, { params, query: { ...query, page, per_page: 500 } });
    assert.equal(res.status, 200, `${pattern}: ${res.text.slice(0, 200)}`);
    total = res.body.total;
    items.push(...res.body.items);
    if (res.body.items.length < 500) break;
  }
  assert.equal(items.length, total, `${pattern}: total matches the items`);
  return items;
}

// ------------------------------------------------------------- the rules

// ctx: the seeded ids and the clients, filled in before().
// Each rule: any(ctx) -> {params, json} used for anonymous and refused roles;
// inside(role, ctx) -> [{params, json, expect, code, client}] the role's own
// objects; outside(role, ctx) -> the same for objects it must not reach
// (each outside case is compared with the same request on a missing id).
const ok200 = { expect: [200] };
const J = (role, ctx) => ctx.jur[role];
const ids = (params) => ({ params: { id: params } });

function unitBody(ctx, over = {}) {
  return {
    uscc: newUscc(),
    name: `矩阵测试单位${nextSerial()}`,
    division_code: '110101',
    kind: 'enterprise',
    authority_id: ctx.dongcheng,
    ...over,
  };
}
function standardBody(ctx, over = {}) {
  return {
    unit_id: ctx.U1,
    name: '矩阵测试标准装置',
    code: '12310200',
    category: 'enterprise_highest',
    cert_no: newCertNo(),
    cert_authority_id: ctx.dongcheng,
    cert_issued_on: '2024-01-01',
    cert_expires_on: '2099-12-31',
    ...over,
  };
}
const apparatusBody = () => ({ name: '标准器', model: 'M-1', serial: `S${nextSerial()}`, role: 'standard' });
const personnelBody = () => ({ name: '张三', qualification_no: `Q${nextSerial()}`, valid_until: '2099-01-01' });
const inspectorBody = (authority_id) => ({
  authority_id,
  name: `矩阵测试检查员${nextSerial()}`,
  kind: 'enforcement',
  fields: ['01', '12'],
});
const campaignBody = (over = {}) => ({ name: `矩阵测试专项监督检查${nextSerial()}`, year: 2021, ...over });
const selfCheckBody = () => ({ problems: '矩阵测试：自查' });
const checkBody = () => ({ kind: 'repeatability', data: { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], s0: 5 } });

/** Cases for a route on a campaign: inside each visible one, outside each of the others. */
function onCampaign(body, insideExpect = [200]) {
  return {
    any: (ctx) => ({ params: { id: ctx.C.dc }, json: body(ctx) }),
    inside: (role, ctx) => J(role, ctx).camp.map((id) => ({ params: { id }, json: body(ctx), expect: insideExpect })),
    outside: (role, ctx) => J(role, ctx).campOut.map((id) => ({ params: { id }, json: body(ctx) })),
  };
}

/** Outside cases for a route on one unit's report: a unit out of reach in
 *  each visible campaign (compared with a missing unit id), the caller's own
 *  unit in each campaign out of reach (compared with a missing campaign id). */
function selfCheckOutside(body) {
  return (role, ctx) => [
    ...J(role, ctx).camp.flatMap((id) =>
      J(role, ctx).unitOut.map((unit_id) => ({
        params: { id, unit_id },
        missingParams: { id, unit_id: MISSING },
        json: body(ctx),
      })),
    ),
    ...J(role, ctx).campOut.map((id) => ({ params: { id, unit_id: ctx.U1 }, json: body(ctx) })),
  ];
}

/** A complete self-inspection of U1 (every active standard, every A1 item
 *  conform), saved as a draft of campaign ID by the unit user. */
async function saveCompleteDraft(ctx, id) {
  const unit = ctx.users.unit;
  const a1 = await unit.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } });
  assert.equal(a1.status, 200, a1.text);
  const stds = await listAll(unit, '/api/v1/standards', { status: 'active' });
  assert.ok(stds.length > 0, 'U1 holds an active standard');
  const answers = stds.map((s) => ({
    standard_id: s.id,
    items: a1.body.items.map((it) => ({ no: it.no, verdict: 'conform' })),
  }));
  const r = await unit.call('PUT', '/api/v1/campaigns/{id}/self-checks/{unit_id}', {
    params: { id, unit_id: ctx.U1 },
    json: { answers },
  });
  assert.equal(r.status, 200, r.text);
}

/** Cases for a route on a standard: inside the role's own, outside each of its others. */
function onStandard(body, insideExpect = [200]) {
  return {
    any: (ctx) => ({ params: { id: ctx.S_U1 }, json: body(ctx) }),
    inside: (role, ctx) => (J(role, ctx).std ? [{ params: { id: J(role, ctx).std }, json: body(ctx), expect: insideExpect }] : []),
    outside: (role, ctx) => J(role, ctx).stdOut.map((id) => ({ params: { id }, json: body(ctx) })),
  };
}

const RULES = {
  'GET /healthz': { inside: () => [ok200] },
  'GET /metrics': { inside: () => [ok200] },
  'GET /api/v1/openapi.yaml': { inside: () => [ok200] },
  'POST /api/v1/session': { inside: () => [{ json: {}, expect: [422], code: 'required' }] },
  'DELETE /api/v1/session': {
    any: () => ({}),
    // a second session of the same user, so the shared one lives on
    inside: (role, ctx) => [{ fresh: true, expect: [204] }],
  },
  'GET /api/v1/me': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/users': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/users': {
    any: () => ({ json: { username: 'h7nobody', role: 'authority', authority_code: '110102', password: PW0 } }),
    inside: () => [
      { json: { username: `h7new${nextSerial()}`, role: 'authority', authority_code: '110102', password: PW0 }, expect: [201] },
    ],
  },
  'PATCH /api/v1/users/{id}': {
    any: (ctx) => ({ params: { id: ctx.inspUserId }, json: { display_name: '检查员' } }),
    inside: (role, ctx) => [{ params: { id: ctx.inspUserId }, json: { display_name: '检查员甲' }, expect: [200] }],
    // administrator accounts are managed on the command line only
    outside: (role, ctx) => [
      { params: { id: ctx.users.sysadmin.user.id }, json: { display_name: 'x' }, expect: [403], code: 'admin_accounts_cli', noMissing: true },
      { params: { id: MISSING }, json: { display_name: 'x' }, expect: [404], noMissing: true },
    ],
  },
  'POST /api/v1/users/{id}/password': {
    any: (ctx) => ({ params: { id: ctx.inspUserId }, json: {} }),
    inside: (role, ctx) => [{ params: { id: ctx.users[role].user.id }, json: {}, expect: [422], code: 'required' }],
    // someone else's password: only secadmin (business accounts); others get
    // 403 whether the account exists or not (checked with the missing id too)
    outside: (role, ctx) =>
      role === 'secadmin'
        ? [{ params: { id: ctx.users.auditor.user.id }, json: { new_password: 'Other!Pass-2026z' }, expect: [403], code: 'admin_accounts_cli', noMissing: true }]
        : [{ params: { id: ctx.users.secadmin.user.id }, json: { old_password: PW, new_password: 'Other!Pass-2026z' }, expect: [403], code: 'forbidden', missingSame: true }],
  },
  'GET /api/v1/tokens': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/tokens': { any: () => ({ json: { name: 'x' } }), inside: () => [{ json: { name: 'matrix' }, expect: [201] }] },
  'DELETE /api/v1/tokens/{id}': {
    any: (ctx) => ({ params: { id: ctx.tokenOfUnit } }),
    inside: () => [{ ownToken: true, expect: [204] }],
    // secadmin may revoke any token (API.md); for the others it reads as missing
    outside: (role, ctx) => (role === 'secadmin' ? [] : [{ params: { id: role === 'unit' ? ctx.tokenOfAuthority : ctx.tokenOfUnit } }]),
  },
  'GET /api/v1/audit': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/audit/verify': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/authorities': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/authorities': {
    any: (ctx) => ({ json: { code: '110102', name: '测试', level: 'county', parent_id: ctx.dongcheng } }),
    inside: () => [{ json: {}, expect: [422], code: 'required' }],
    outside: (role, ctx) =>
      J(role, ctx).authOut.map((id) => ({
        json: { code: '110102', name: '测试', level: 'county', parent_id: id },
        missingJson: { code: '110102', name: '测试', level: 'county', parent_id: MISSING },
        expect: [422],
        code: 'unknown_authority',
        field: 'parent_id',
      })),
  },
  'GET /api/v1/authorities/{id}': {
    any: (ctx) => ids(ctx.dongcheng),
    inside: (role, ctx) => (J(role, ctx).auth ? [{ params: { id: J(role, ctx).auth }, expect: [200] }] : []),
    outside: (role, ctx) => J(role, ctx).authOut.map((id) => ({ params: { id } })),
  },
  'PATCH /api/v1/authorities/{id}': {
    any: (ctx) => ({ params: { id: ctx.dongcheng }, json: { short_name: '东城' } }),
    inside: (role, ctx) => [{ params: { id: J(role, ctx).auth }, json: { short_name: '东城' }, expect: [200] }],
    outside: (role, ctx) => J(role, ctx).authOut.map((id) => ({ params: { id }, json: { short_name: '外区' } })),
  },
  'GET /api/v1/units': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/units': {
    any: (ctx) => ({ json: unitBody(ctx) }),
    inside: (role, ctx) => [{ json: unitBody(ctx), expect: [201] }],
    outside: (role, ctx) =>
      J(role, ctx).authOut.map((id) => ({
        json: unitBody(ctx, { authority_id: id }),
        missingJson: unitBody(ctx, { authority_id: MISSING }),
        expect: [422],
        code: 'unknown_authority',
        field: 'authority_id',
      })),
  },
  'GET /api/v1/units/{id}': {
    any: (ctx) => ids(ctx.U1),
    inside: (role, ctx) => (J(role, ctx).unit ? [{ params: { id: J(role, ctx).unit }, expect: [200] }] : []),
    outside: (role, ctx) => J(role, ctx).unitOut.map((id) => ({ params: { id } })),
  },
  'PATCH /api/v1/units/{id}': {
    any: (ctx) => ({ params: { id: ctx.U1 }, json: { address: '北京市东城区某路1号' } }),
    inside: (role, ctx) => [{ params: { id: J(role, ctx).unit }, json: { address: '北京市东城区矩阵路1号' }, expect: [200] }],
    outside: (role, ctx) => J(role, ctx).unitOut.map((id) => ({ params: { id }, json: { address: '北京市某路2号' } })),
  },
  'GET /api/v1/standards': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/standards': {
    any: (ctx) => ({ json: standardBody(ctx) }),
    inside: (role, ctx) => [{ json: standardBody(ctx), expect: [201] }],
    outside: (role, ctx) => [
      // certified by an authority outside the subtree (the province, another district)
      ...J(role, ctx).authOut.map((id) => ({
        json: standardBody(ctx, { cert_authority_id: id }),
        missingJson: standardBody(ctx, { cert_authority_id: MISSING }),
        expect: [422],
        code: 'unknown_authority',
        field: 'cert_authority_id',
      })),
      // for a unit outside the jurisdiction
      {
        json: standardBody(ctx, { unit_id: ctx.UX }),
        missingJson: standardBody(ctx, { unit_id: MISSING }),
        expect: [422],
        code: 'unknown_unit',
        field: 'unit_id',
      },
    ],
  },
  'GET /api/v1/standards/{id}': onStandard(() => undefined),
  'PATCH /api/v1/standards/{id}': onStandard(() => ({ uncertainty: 'U=0.1%, k=2' })),
  'POST /api/v1/standards/{id}/seal': {
    ...onStandard(() => ({ reason: '矩阵测试' })),
    inside: (role, ctx) => [{ params: { id: ctx.T.seal }, json: { reason: '矩阵测试：封存' }, expect: [200] }],
  },
  'POST /api/v1/standards/{id}/unseal': {
    ...onStandard(() => ({ reason: '矩阵测试' })),
    inside: (role, ctx) => [
      {
        params: { id: ctx.T.unseal },
        json: { reason: '矩阵测试：启封' },
        expect: [200],
        before: async () => {
          const r = await ctx.users.authority.call('POST', '/api/v1/standards/{id}/seal', {
            params: { id: ctx.T.unseal },
            json: { reason: '先封存' },
          });
          assert.equal(r.status, 200, r.text);
        },
      },
    ],
  },
  'POST /api/v1/standards/{id}/revoke': {
    ...onStandard(() => ({ reason: '矩阵测试' })),
    inside: (role, ctx) => [{ params: { id: ctx.T.revoke }, json: { reason: '矩阵测试：撤销' }, expect: [200] }],
  },
  'POST /api/v1/standards/{id}/replace': {
    ...onStandard((ctx) => ({ reason: '矩阵测试', replaced_by_id: ctx.T.replacement })),
    inside: (role, ctx) => [
      { params: { id: ctx.T.replace }, json: { reason: '矩阵测试：更换', replaced_by_id: ctx.T.replacement }, expect: [200] },
    ],
  },
  'GET /api/v1/standards/{id}/apparatus': onStandard(() => undefined),
  'POST /api/v1/standards/{id}/apparatus': onStandard(apparatusBody, [201]),
  'GET /api/v1/standards/{id}/personnel': onStandard(() => undefined),
  'POST /api/v1/standards/{id}/personnel': onStandard(personnelBody, [201]),
  'GET /api/v1/registry/alerts': { any: () => ({}), inside: () => [ok200] },
  // checklists are the same for every business role
  'GET /api/v1/checklists/{code}': {
    any: () => ({ params: { code: 'A1' } }),
    inside: () => [
      { params: { code: 'A1' }, expect: [200] },
      { params: { code: 'A2' }, expect: [200] },
    ],
  },
  'GET /api/v1/campaigns': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/campaigns': {
    any: () => ({ json: campaignBody() }),
    inside: () => [{ json: campaignBody(), expect: [201] }],
    // for another authority (above, beside or missing): refused alike
    outside: (role, ctx) =>
      J(role, ctx).authOut.map((id) => ({
        json: campaignBody({ authority_id: id }),
        missingJson: campaignBody({ authority_id: MISSING }),
        expect: [403],
        code: 'campaign_own_authority',
        field: 'authority_id',
      })),
  },
  'GET /api/v1/campaigns/{id}': onCampaign(() => undefined),
  'PATCH /api/v1/campaigns/{id}': {
    ...onCampaign(() => ({ authority_rate: 0.25 })),
    inside: (role, ctx) => [{ params: { id: ctx.C.dc }, json: { authority_rate: 0.25 }, expect: [200] }],
    outside: (role, ctx) => [
      // the province's campaign is visible to 东城, but not its to change
      { params: { id: ctx.C.prov }, json: { authority_rate: 0.3 }, expect: [403], code: 'campaign_own_authority', noMissing: true },
      ...J(role, ctx).campOut.map((id) => ({ params: { id }, json: { authority_rate: 0.3 } })),
    ],
  },
  'GET /api/v1/campaigns/{id}/self-checks': onCampaign(() => undefined),
  'GET /api/v1/campaigns/{id}/self-checks/{unit_id}': {
    any: (ctx) => ({ params: { id: ctx.C.dc, unit_id: ctx.U1 } }),
    inside: (role, ctx) => J(role, ctx).camp.map((id) => ({ params: { id, unit_id: ctx.U1 }, expect: [200] })),
    outside: selfCheckOutside(() => undefined),
  },
  'PUT /api/v1/campaigns/{id}/self-checks/{unit_id}': {
    any: (ctx) => ({ params: { id: ctx.C.dc, unit_id: ctx.U1 }, json: selfCheckBody() }),
    inside: (role, ctx) => [{ params: { id: ctx.C.dc, unit_id: ctx.U1 }, json: selfCheckBody(), expect: [200] }],
    // another unit's report (U2, same campaign) and a unit of another district: 404
    outside: selfCheckOutside(selfCheckBody),
  },
  'POST /api/v1/campaigns/{id}/self-checks/{unit_id}/submit': {
    any: (ctx) => ({ params: { id: ctx.C.prov, unit_id: ctx.U1 } }),
    inside: (role, ctx) => [
      { params: { id: ctx.C.prov, unit_id: ctx.U1 }, expect: [200], before: () => saveCompleteDraft(ctx, ctx.C.prov) },
    ],
    outside: selfCheckOutside(() => undefined),
  },
  // draws: authority users of the drawing authority (or above) write, its
  // authority and inspector users read; inspections: every business role
  // within its jurisdiction (a unit: its own unit's)
  'POST /api/v1/campaigns/{id}/draws/commit': {
    any: (ctx) => ({ params: { id: ctx.C.dc }, json: { authority_id: ctx.dongcheng, kind: 'units', seed_sm3: 'a'.repeat(64) } }),
    inside: (role, ctx) => [
      { params: { id: ctx.C.prov }, json: { authority_id: ctx.dongcheng, kind: 'units', seed_sm3: 'b'.repeat(64) }, expect: [201] },
    ],
    outside: (role, ctx) =>
      J(role, ctx).campOut.map((id) => ({ params: { id }, json: { authority_id: ctx.dongcheng, kind: 'units', seed_sm3: 'c'.repeat(64) } })),
  },
  'POST /api/v1/campaigns/{id}/draws': {
    any: (ctx) => ({ params: { id: ctx.C.dc }, json: { authority_id: ctx.dongcheng, kind: 'units', seed: 'x' } }),
    inside: (role, ctx) => [
      { params: { id: ctx.C.prov }, json: { authority_id: ctx.dongcheng, kind: 'authorities', seed: '矩阵测试' }, expect: [201] },
    ],
    outside: (role, ctx) => [
      ...J(role, ctx).campOut.map((id) => ({ params: { id }, json: { authority_id: ctx.dongcheng, kind: 'units', seed: 'x' } })),
      // a sibling's roster in a visible campaign: like a missing authority
      {
        params: { id: ctx.C.prov },
        json: { authority_id: ctx.xicheng, kind: 'units', seed: 'x' },
        missingParams: { id: ctx.C.prov },
        missingJson: { authority_id: MISSING, kind: 'units', seed: 'x' },
        field: 'authority_id',
      },
    ],
  },
  'GET /api/v1/draws/{id}': {
    any: (ctx) => ids(ctx.D.dc),
    inside: (role, ctx) => [{ ...ids(ctx.D.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.D.xc)],
  },
  'GET /api/v1/draws/{id}/verify': {
    any: (ctx) => ids(ctx.D.dc),
    inside: (role, ctx) => [{ ...ids(ctx.D.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.D.xc)],
  },
  'POST /api/v1/draws/{id}/void': {
    any: (ctx) => ({ ...ids(ctx.D.dc), json: { reason: '矩阵测试' } }),
    inside: (role, ctx) => [{ ...ids(ctx.D.dcAuth), json: { reason: '矩阵测试：作废' }, expect: [200] }],
    outside: (role, ctx) => [{ ...ids(ctx.D.xc), json: { reason: '矩阵测试' } }],
  },
  'GET /api/v1/draws/{id}/roster': {
    any: (ctx) => ids(ctx.D.dc),
    inside: (role, ctx) => [{ ...ids(ctx.D.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.D.xc)],
  },
  'POST /api/v1/draws/{id}/assign': {
    any: (ctx) => ({ ...ids(ctx.D.dc), json: { seed: '矩阵测试' } }),
    inside: (role, ctx) => [{ ...ids(ctx.D.dc), json: { seed: '矩阵测试 S2', team_size: 2 }, expect: [200] }],
    outside: (role, ctx) => [{ ...ids(ctx.D.xc), json: { seed: '矩阵测试' } }],
  },
  'GET /api/v1/inspections': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/inspections/{id}': {
    any: (ctx) => ids(ctx.I.dc),
    inside: (role, ctx) =>
      role === 'unit' ? (ctx.I.u1 ? [{ ...ids(ctx.I.u1), expect: [200] }] : []) : [{ ...ids(ctx.I.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.I.xc), ...(role === 'unit' && ctx.I.notU1 ? [ids(ctx.I.notU1)] : [])],
  },
  // the inspector pool: authority users only (it holds people's names);
  // 东城 reaches its own pool, not 西城's (a sibling)
  'GET /api/v1/inspectors': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/inspectors': {
    any: (ctx) => ({ json: inspectorBody(ctx.dongcheng) }),
    inside: (role, ctx) => [{ json: inspectorBody(ctx.dongcheng), expect: [201] }],
    outside: (role, ctx) => [
      {
        json: inspectorBody(ctx.xicheng),
        missingJson: inspectorBody(MISSING),
        expect: [422],
        code: 'unknown_authority',
        field: 'authority_id',
      },
    ],
  },
  'GET /api/v1/inspectors/{id}': {
    any: (ctx) => ids(ctx.P.dc),
    inside: (role, ctx) => [{ ...ids(ctx.P.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.P.xc)],
  },
  'PATCH /api/v1/inspectors/{id}': {
    any: (ctx) => ({ ...ids(ctx.P.dc), json: { certificate_no: 'X1' } }),
    inside: (role, ctx) => [{ ...ids(ctx.P.dc), json: { certificate_no: '京执法矩阵0001' }, expect: [200] }],
    outside: (role, ctx) => [{ ...ids(ctx.P.xc), json: { certificate_no: 'X1' } }],
  },
  'GET /api/v1/inspectors/{id}/conflicts': {
    any: (ctx) => ids(ctx.P.dc),
    inside: (role, ctx) => [{ ...ids(ctx.P.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.P.xc)],
  },
  'POST /api/v1/inspectors/{id}/conflicts': {
    any: (ctx) => ({ ...ids(ctx.P.dc), json: { unit_id: ctx.U2, reason: '矩阵测试' } }),
    inside: (role, ctx) => [{ ...ids(ctx.P.dc), json: { unit_id: ctx.U2, reason: '矩阵测试：亲属' }, expect: [201] }],
    outside: (role, ctx) => [{ ...ids(ctx.P.xc), json: { unit_id: ctx.U2, reason: '矩阵测试' } }],
  },
  'POST /api/v1/draws/{id}/recuse': {
    any: (ctx) => ({ ...ids(ctx.D.dc), json: { inspection_id: ctx.I.dc, inspector_id: ctx.P.dc, reason: '矩阵测试' } }),
    // 东城's pool may staff no team: a recusal of someone not in it is 422
    inside: (role, ctx) => [
      { ...ids(ctx.D.dc), json: { inspection_id: ctx.I.dc, inspector_id: ctx.P.dc, reason: '矩阵测试' }, expect: [200, 422] },
    ],
    outside: (role, ctx) => [{ ...ids(ctx.D.xc), json: { inspection_id: ctx.I.xc, inspector_id: ctx.P.xc, reason: '矩阵测试' } }],
  },
  // technical checks and calculators (issue 6)
  'GET /api/v1/standards/{id}/checks': onStandard(() => undefined),
  'POST /api/v1/standards/{id}/checks': onStandard(checkBody, [201]),
  'GET /api/v1/checks/{id}': {
    any: (ctx) => ids(ctx.CK.u1),
    inside: (role, ctx) => [{ ...ids(ctx.CK.u1), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.CK.xc)],
  },
  'POST /api/v1/calc/{kind}': {
    any: () => ({ params: { kind: 'en' }, json: { x: 1, U: 1, x_ref: 1, U_ref: 1 } }),
    inside: () => [
      { params: { kind: 'en' }, json: { x: 1, U: 1, x_ref: 1, U_ref: 1 }, expect: [200] },
      { params: { kind: 'en' }, json: { x: 1, U: 0, x_ref: 1, U_ref: 0 }, expect: [422], code: 'stats_zero_uncertainty', field: 'U' },
    ],
  },
  // inspection work, evidence, findings, rectification (issue 5, insp): the
  // inspecting authority's users (and team members: the matrix inspector is
  // in no team, so 403) work on inspections; findings are read within
  // jurisdiction; inspection.test.mjs and findings.test.mjs cover the rest
  'PUT /api/v1/inspections/{id}/results': {
    any: (ctx) => ({ ...ids(ctx.I.dc), json: { results: [{ item_no: 1, verdict: 'conform' }] } }),
    inside: (role, ctx) => [
      {
        ...ids(ctx.I.dc),
        json: { results: [{ item_no: 1, verdict: 'conform', note: '矩阵测试' }] },
        expect: role === 'inspector' ? [403] : [200],
      },
    ],
    outside: (role, ctx) => [{ ...ids(ctx.I.xc), json: { results: [{ item_no: 1, verdict: 'conform' }] } }],
  },
  'POST /api/v1/inspections/{id}/evidence': {
    any: (ctx) => ids(ctx.I.dc),
    // no multipart body: the form is refused once the inspection is found
    inside: (role, ctx) => [{ ...ids(ctx.I.dc), expect: [422], code: 'multipart_invalid' }],
    outside: (role, ctx) => [ids(ctx.I.xc)],
  },
  'POST /api/v1/inspections/{id}/complete': {
    any: (ctx) => ({ ...ids(ctx.I.dc), json: {} }),
    inside: (role, ctx) => [{ ...ids(ctx.I.dc), json: {}, expect: role === 'inspector' ? [403] : [409, 422] }],
    outside: (role, ctx) => [{ ...ids(ctx.I.xc), json: {} }],
  },
  'POST /api/v1/inspections/{id}/not-performed': {
    any: (ctx) => ({ ...ids(ctx.I.np), json: { reason: '矩阵测试', follow_up_on: '2021-07-01' } }),
    inside: (role, ctx) => [
      { ...ids(ctx.I.np), json: { reason: '矩阵测试：未实施', follow_up_on: '2021-07-01' }, expect: npExpect(role, ctx) },
    ],
    outside: (role, ctx) => [{ ...ids(ctx.I.xc), json: { reason: '矩阵测试', follow_up_on: '2021-07-01' } }],
  },
  'POST /api/v1/inspections/{id}/close-tracking': {
    any: (ctx) => ({ ...ids(ctx.I.np), json: { reason: '矩阵测试' } }),
    inside: (role, ctx) => [{ ...ids(ctx.I.np), json: { reason: '矩阵测试：关闭' }, expect: npExpect(role, ctx) }],
    outside: (role, ctx) => [{ ...ids(ctx.I.xc), json: { reason: '矩阵测试' } }],
  },
  // ctx.W: an inspection of 东城 completed in before() with two findings
  // (one submitted by the province on the unit's behalf) and a photo
  'GET /api/v1/evidence/{id}': {
    any: (ctx) => ids(ctx.W.evidence),
    inside: (role, ctx) => (workInside(role, ctx) ? [{ ...ids(ctx.W.evidence), expect: [200] }] : []),
    outside: (role, ctx) => (workInside(role, ctx) ? [] : [ids(ctx.W.evidence)]),
  },
  'GET /api/v1/findings': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/findings/{id}': {
    any: (ctx) => ids(ctx.W.findings[0]),
    inside: (role, ctx) => (workInside(role, ctx) ? [{ ...ids(ctx.W.findings[0]), expect: [200] }] : []),
    outside: (role, ctx) => (workInside(role, ctx) ? [] : [ids(ctx.W.findings[0])]),
  },
  'POST /api/v1/findings/{id}/evidence': {
    any: (ctx) => ids(ctx.W.findings[0]),
    // no multipart body: refused once the finding is found
    inside: (role, ctx) =>
      workInside(role, ctx) ? [{ ...ids(ctx.W.findings[0]), expect: [422], code: 'multipart_invalid' }] : [],
    outside: (role, ctx) => (workInside(role, ctx) ? [] : [ids(ctx.W.findings[0])]),
  },
  'POST /api/v1/findings/{id}/rectifications': {
    any: (ctx) => ({ ...ids(ctx.W.findings[0]), json: { text: '矩阵测试' } }),
    inside: (role, ctx) =>
      workInside(role, ctx)
        ? [{ ...ids(ctx.W.findings[0]), json: { text: '矩阵测试：整改' }, expect: role === 'unit' ? [201, 409] : [201] }]
        : [],
    outside: (role, ctx) => (workInside(role, ctx) ? [] : [{ ...ids(ctx.W.findings[0]), json: { text: '矩阵测试' } }]),
  },
  'POST /api/v1/rectifications/{id}/decision': {
    any: (ctx) => ({ ...ids(ctx.W.rect), json: { decision: 'accept' } }),
    inside: (role, ctx) => [{ ...ids(ctx.W.rect), json: { decision: 'accept', comment: '矩阵测试' }, expect: [200] }],
    outside: () => [],
  },
  // dispositions, violations, complaints, risk: authority users within their
  // jurisdiction (东城 reaches its own, not 西城's); complaints are filed and
  // followed by the public with a receipt number
  'GET /api/v1/disposition-actions': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/dispositions': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/dispositions': {
    any: (ctx) => ({ json: { unit_id: ctx.U1, action: 'warning' } }),
    inside: (role, ctx) => [{ json: { unit_id: ctx.U1, action: 'warning', note: '矩阵测试' }, expect: [201] }],
    outside: (role, ctx) => [
      {
        json: { unit_id: ctx.UX, action: 'warning' },
        missingJson: { unit_id: MISSING, action: 'warning' },
        expect: [422],
        code: 'unknown_unit',
        field: 'unit_id',
      },
    ],
  },
  'GET /api/v1/dispositions/{id}': {
    any: (ctx) => ids(ctx.K.dispDc),
    inside: (role, ctx) => [{ ...ids(ctx.K.dispDc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.K.dispXc)],
  },
  'GET /api/v1/violations': { any: () => ({}), inside: () => [ok200] },
  'POST /api/v1/violations': {
    any: (ctx) => ({ json: { unit_id: ctx.U1, severity: 'general', summary: '矩阵测试' } }),
    inside: (role, ctx) => [{ json: { unit_id: ctx.U1, severity: 'general', summary: '矩阵测试' }, expect: [201] }],
    outside: (role, ctx) => [
      {
        json: { unit_id: ctx.UX, severity: 'general', summary: '矩阵测试' },
        missingJson: { unit_id: MISSING, severity: 'general', summary: '矩阵测试' },
        expect: [422],
        code: 'unknown_unit',
        field: 'unit_id',
      },
    ],
  },
  'GET /api/v1/violations/{id}': {
    any: (ctx) => ids(ctx.K.violDc),
    inside: (role, ctx) => [{ ...ids(ctx.K.violDc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.K.violXc)],
  },
  'POST /api/v1/public/complaints': {
    inside: (role, ctx) => [{ json: { unit_uscc: ctx.K.usccU1, summary: '矩阵测试：投诉' }, expect: [201] }],
  },
  'GET /api/v1/public/complaints/{receipt}': {
    inside: (role, ctx) => [
      { params: { receipt: ctx.K.receipt }, expect: [200] },
      { params: { receipt: 'TS20210101AAAAAAAAAAAA' }, expect: [404] },
    ],
  },
  'GET /api/v1/complaints': { any: () => ({}), inside: () => [ok200] },
  'GET /api/v1/complaints/{id}': {
    any: (ctx) => ids(ctx.K.compDc),
    inside: (role, ctx) => [{ ...ids(ctx.K.compDc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.K.compXc)],
  },
  'PATCH /api/v1/complaints/{id}': {
    any: (ctx) => ({ ...ids(ctx.K.compDc), json: { outcome: '矩阵测试' } }),
    inside: (role, ctx) => [{ ...ids(ctx.K.compDc), json: { outcome: '矩阵测试：处理中' }, expect: [200] }],
    outside: (role, ctx) => [{ ...ids(ctx.K.compXc), json: { outcome: '矩阵测试' } }],
  },
  'GET /api/v1/risk': { any: () => ({}), inside: () => [ok200] },
  // reports and publication: summaries of a visible campaign for the caller's
  // subtree; forms as the inspection itself; public results for everyone
  'GET /api/v1/campaigns/{id}/summary': onCampaign(() => undefined),
  'GET /api/v1/campaigns/{id}/summary.xlsx': onCampaign(() => undefined),
  'GET /api/v1/campaigns/{id}/summary.pdf': onCampaign(() => undefined),
  'GET /api/v1/campaigns/{id}/inspections.csv': onCampaign(() => undefined),
  'GET /api/v1/campaigns/{id}/inspections.xlsx': onCampaign(() => undefined),
  'GET /api/v1/inspections/{id}/form.pdf': {
    any: (ctx) => ids(ctx.I.dc),
    inside: (role, ctx) =>
      role === 'unit' ? (ctx.I.u1 ? [{ ...ids(ctx.I.u1), expect: [200] }] : []) : [{ ...ids(ctx.I.dc), expect: [200] }],
    outside: (role, ctx) => [ids(ctx.I.xc), ...(role === 'unit' && ctx.I.notU1 ? [ids(ctx.I.notU1)] : [])],
  },
  'GET /api/v1/public/results': { inside: () => [ok200] },
  'GET /api/v1/public/results.csv': { inside: () => [ok200] },
  'GET /api/v1/public/results.atom': { inside: () => [ok200] },
  // registry import over HTTP: no multipart body -> 415 for the allowed roles
  // (imports.test.mjs covers the forms, the rows and their jurisdiction)
  'POST /api/v1/imports': {
    any: () => ({}),
    inside: () => [{ expect: [415], code: 'unsupported_media_type', field: 'Content-Type' }],
  },
};

// Authority users reach the work of 东城's inspections; the unit user only
// when the inspection was of its unit; the matrix inspector is in no team.
function workInside(role, ctx) {
  if (role === 'authority') return true;
  if (role === 'unit') return ctx.W.unit === ctx.U1;
  return false;
}

// (when 东城's draw made a single inspection, it was started by the results rule)
function npExpect(role, ctx) {
  if (role === 'inspector') return [403];
  return ctx.I.np !== ctx.I.dc ? [200] : [409];
}

const key = (r) => `${r.method} ${r.pattern}`;

// ------------------------------------------------------------- the suite

describe(`access matrix [${testBackend()}]`, { timeout: 120000 }, () => {
  const routes = msupRoutes();
  const known = routes.filter((r) => RULES[key(r)]);
  let server;
  const ctx = { users: {}, jur: {} };

  before(async () => {
    server = await startServer({ seed: true, env: { ...ENV, MSUP_COMPLAINT_LIMIT: '1000' } });
    const u = ctx.users;
    u.sysadmin = await makeUser(server, 'h7sys', 'sysadmin');
    u.secadmin = await makeUser(server, 'h7sec', 'secadmin');
    u.auditor = await makeUser(server, 'h7aud', 'auditor');
    u.authority = await makeUser(server, 'h7dc', 'authority', ['--authority', '110101']);
    u.inspector = await makeUser(server, 'h7insp', 'inspector', ['--authority', '110101']);
    ctx.province = await makeUser(server, 'h7prov', 'authority', ['--authority', '110000']);
    u.anonymous = new Client(server.url);
    ctx.inspUserId = u.inspector.user.id;

    // The registry as the province sees it (everything but national certificates).
    const auths = await listAll(ctx.province, '/api/v1/authorities');
    const byCode = Object.fromEntries(auths.map((a) => [a.code, a.id]));
    ctx.province_id = byCode['110000'];
    ctx.dongcheng = byCode['110101'];
    ctx.xicheng = byCode['110102'];
    const units = await listAll(ctx.province, '/api/v1/units');
    const stds = await listAll(ctx.province, '/api/v1/standards');
    const stdsOf = (unitId, authId) => stds.filter((s) => s.unit_id === unitId && (!authId || s.cert_authority_id === authId));
    const dcUnits = units.filter((x) => x.authority_id === ctx.dongcheng);
    const withOwn = dcUnits.filter((x) => stdsOf(x.id, ctx.dongcheng).length >= 2);
    assert.ok(withOwn.length >= 2, 'two 东城 units with standards certified by 东城');
    ctx.U1 = withOwn[0].id;
    ctx.U2 = withOwn[1].id;
    ctx.S_U1 = stdsOf(ctx.U1, ctx.dongcheng)[0].id;
    ctx.S_U2 = stdsOf(ctx.U2, ctx.dongcheng)[0].id;
    // a 西城 unit none of whose standards 东城 certified
    ctx.UX = units.find((x) => x.authority_id === ctx.xicheng && stdsOf(x.id).every((s) => s.cert_authority_id !== ctx.dongcheng)).id;
    // certified by the province, preferably for a 东城 unit (the unit is
    // visible to 东城, that standard is not)
    const provStds = stds.filter((s) => s.cert_authority_id === ctx.province_id);
    ctx.S_prov = (provStds.find((s) => dcUnits.some((x) => x.id === s.unit_id)) ?? provStds[0]).id;
    ctx.S_xc = stds.find((s) => s.cert_authority_id === ctx.xicheng).id;

    u.unit = await makeUser(server, 'h7unit', 'unit', ['--unit', withOwn[0].uscc]);

    // Standards the transitions may change.
    ctx.T = {};
    for (const name of ['seal', 'unseal', 'revoke', 'replace', 'replacement']) {
      const r = await u.authority.call('POST', '/api/v1/standards', { json: standardBody(ctx) });
      assert.equal(r.status, 201, r.text);
      ctx.T[name] = r.body.id;
    }
    // Tokens of other people.
    const tok = async (api) => (await api.call('POST', '/api/v1/tokens', { json: { name: 'other' } })).body.id;
    ctx.tokenOfAuthority = await tok(u.authority);
    ctx.tokenOfUnit = await tok(u.unit);

    // Campaigns, made through the API: the province's and 东城's concern
    // 东城 and its units; 西城's (a sibling) and 天津's (another province,
    // registered here by the national authority) do not.
    const campaign = async (api, name) => {
      const r = await api.call('POST', '/api/v1/campaigns', { json: { name, year: 2021 } });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    ctx.xcApi = await makeUser(server, 'h7xc', 'authority', ['--authority', '110102']);
    const nat = await makeUser(server, 'h7nat', 'authority', ['--authority', '000000']);
    const natId = (await nat.call('GET', '/api/v1/me')).body.user.authority_id;
    const tj = await nat.call('POST', '/api/v1/authorities', {
      json: { code: '120000', name: '天津市市场监督管理局', level: 'provincial', parent_id: natId },
    });
    assert.equal(tj.status, 201, tj.text);
    const tjApi = await makeUser(server, 'h7tj', 'authority', ['--authority', '120000']);
    ctx.C = {
      prov: await campaign(ctx.province, '2021年北京市计量标准专项监督检查'),
      dc: await campaign(u.authority, '2021年东城区计量标准专项监督检查'),
      xc: await campaign(ctx.xcApi, '2021年西城区计量标准专项监督检查'),
      other: await campaign(tjApi, '2021年天津市计量标准专项监督检查'),
    };

    // Draws, made through the API: 东城's units and its (empty) subordinates
    // in its own campaign (the latter to be voided), 西城's units in its own.
    const draw = async (api, id, authority_id, kind) => {
      const r = await api.call('POST', '/api/v1/campaigns/{id}/draws', {
        params: { id },
        json: { authority_id, kind, seed: `矩阵测试 ${kind}` },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    // (the demo certificates have expired by today: 西城 certifies one more)
    const xs = await ctx.xcApi.call('POST', '/api/v1/standards', {
      json: standardBody(ctx, { unit_id: ctx.UX, cert_authority_id: ctx.xicheng, cert_no: `[2024]京量标西城证字第${8000 + nextSerial()}号` }),
    });
    assert.equal(xs.status, 201, xs.text);
    ctx.D = {
      dc: await draw(u.authority, ctx.C.dc, ctx.dongcheng, 'units'),
      dcAuth: await draw(u.authority, ctx.C.dc, ctx.dongcheng, 'authorities'),
      xc: await draw(ctx.xcApi, ctx.C.xc, ctx.xicheng, 'units'),
    };
    const dcInsp = await listAll(u.authority, '/api/v1/inspections', { draw_id: ctx.D.dc });
    const xcInsp = await listAll(ctx.xcApi, '/api/v1/inspections', { draw_id: ctx.D.xc });
    assert.ok(dcInsp.length > 0 && xcInsp.length > 0, 'both draws created inspections');
    ctx.I = {
      dc: dcInsp[0].id,
      xc: xcInsp[0].id,
      u1: dcInsp.find((i) => i.unit_id === ctx.U1)?.id,
      notU1: dcInsp.find((i) => i.unit_id !== ctx.U1)?.id,
      np: dcInsp[dcInsp.length - 1].id, // not performed, then its tracking closed (insp)
    };

    // Inspectors of 东城's and 西城's pools, made through the API.
    const inspector = async (api, authority_id) => {
      const r = await api.call('POST', '/api/v1/inspectors', { json: inspectorBody(authority_id) });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    ctx.P = { dc: await inspector(u.authority, ctx.dongcheng), xc: await inspector(ctx.xcApi, ctx.xicheng) };

    // Technical checks: one on U1's standard, one on a standard 西城 certified.
    const check = async (api, id) => {
      const r = await api.call('POST', '/api/v1/standards/{id}/checks', { params: { id }, json: checkBody() });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    ctx.CK = { u1: await check(u.authority, ctx.S_U1), xc: await check(ctx.xcApi, ctx.S_xc) };
    // Dispositions, violations and complaints of 东城 (U1) and of 西城 (UX).
    {
      const post = async (api, pattern, json) => {
        const r = await api.call('POST', pattern, { json });
        assert.equal(r.status, 201, r.text);
        return r.body;
      };
      const ux = units.find((x) => x.id === ctx.UX);
      ctx.K = { usccU1: withOwn[0].uscc };
      ctx.K.dispDc = (await post(u.authority, '/api/v1/dispositions', { unit_id: ctx.U1, action: 'warning' })).id;
      ctx.K.dispXc = (await post(ctx.xcApi, '/api/v1/dispositions', { unit_id: ctx.UX, action: 'warning' })).id;
      const v = { severity: 'general', summary: '矩阵测试：违法记录' };
      ctx.K.violDc = (await post(u.authority, '/api/v1/violations', { unit_id: ctx.U1, ...v })).id;
      ctx.K.violXc = (await post(ctx.xcApi, '/api/v1/violations', { unit_id: ctx.UX, ...v })).id;
      const c1 = await post(u.anonymous, '/api/v1/public/complaints', { unit_uscc: ctx.K.usccU1, summary: '矩阵测试' });
      await post(u.anonymous, '/api/v1/public/complaints', { unit_uscc: ux.uscc, summary: '矩阵测试' });
      ctx.K.receipt = c1.receipt;
      const dcComp = await listAll(u.authority, '/api/v1/complaints', { unit_id: ctx.U1 });
      const xcComp = await listAll(ctx.xcApi, '/api/v1/complaints', { unit_id: ctx.UX });
      ctx.K.compDc = dcComp.find((c) => c.receipt === c1.receipt).id;
      ctx.K.compXc = xcComp[0].id;
    }

    // Inspection work (insp): 东城 draws its units in a 2030 campaign,
    // staffs the teams, completes one inspection with two defects (two
    // findings), uploads a photo; the province submits a rectification of
    // the second finding on the unit's behalf (东城 decides it).
    {
      const all = ['01', '04', '12', '15', '23', '25', '28', '33', '37', '46', '51', '53', '55', '57', '59', '61', '63', '65'];
      for (let k = 0; k < 3; k++) {
        const p = await u.authority.call('POST', '/api/v1/inspectors', {
          json: { authority_id: ctx.dongcheng, name: `矩阵测试组员${k}`, kind: 'enforcement', fields: all },
        });
        assert.equal(p.status, 201, p.text);
      }
      // a campaign whose rectification deadline is still ahead (2030-08-31)
      const cw = (await u.authority.call('POST', '/api/v1/campaigns', { json: { name: '2030年东城区矩阵测试检查', year: 2030 } })).body.id;
      const d = await draw(u.authority, cw, ctx.dongcheng, 'units');
      const a = await u.authority.call('POST', '/api/v1/draws/{id}/assign', { params: { id: d }, json: { seed: '矩阵测试 检查', team_size: 2 } });
      assert.equal(a.status, 200, a.text);
      const t = a.body.assignment.result.teams.find((x) => x.assigned);
      assert.ok(t, 'a staffed inspection');
      const cl = (await u.authority.call('GET', '/api/v1/checklists/{code}', { params: { code: 'A1' } })).body;
      const answers = cl.items.map((it) => ({ item_no: it.no, verdict: it.no === 5 || it.no === 7 ? 'defect' : 'conform' }));
      const sv = await u.authority.call('PUT', '/api/v1/inspections/{id}/results', { params: { id: t.inspection_id }, json: answers });
      assert.equal(sv.status, 200, sv.text);
      const fd = new FormData();
      fd.append('file', new Blob([Buffer.from('89504e470d0a1a0a6d6174726978', 'hex')], { type: 'image/png' }), '矩阵.png');
      const ev = await u.authority.call('POST', '/api/v1/inspections/{id}/evidence', { params: { id: t.inspection_id }, body: fd });
      assert.equal(ev.status, 201, ev.text);
      const c = await u.authority.call('POST', '/api/v1/inspections/{id}/complete', { params: { id: t.inspection_id }, json: {} });
      assert.equal(c.status, 200, c.text);
      const findings = c.body.findings.map((f) => f.id);
      assert.equal(findings.length, 2);
      const rc = await ctx.province.call('POST', '/api/v1/findings/{id}/rectifications', { params: { id: findings[1] }, json: { text: '矩阵测试：纸质报告' } });
      assert.equal(rc.status, 201, rc.text);
      ctx.W = { insp: t.inspection_id, unit: c.body.unit_id, findings, evidence: ev.body.id, rect: rc.body.id };
    }

    const dc = {
      auth: ctx.dongcheng,
      authOut: [ctx.province_id, ctx.xicheng],
      unit: ctx.U1,
      unitOut: [ctx.UX],
      std: ctx.S_U1,
      stdOut: [ctx.S_prov, ctx.S_xc],
      camp: [ctx.C.dc, ctx.C.prov],
      campOut: [ctx.C.xc, ctx.C.other],
    };
    // A unit sees the campaigns of the authorities above it, and of those
    // that certified one of its standards: 西城's only if 西城 certified one of U1's.
    const u1ByXc = stdsOf(ctx.U1, ctx.xicheng).length > 0;
    ctx.jur = {
      authority: dc,
      inspector: dc,
      // a unit user: its own unit and standards; authorities are public records
      unit: {
        auth: ctx.dongcheng,
        authOut: [],
        unit: ctx.U1,
        unitOut: [ctx.U2, ctx.UX],
        std: ctx.S_U1,
        stdOut: [ctx.S_U2, ctx.S_prov, ctx.S_xc],
        camp: [ctx.C.dc, ctx.C.prov],
        campOut: [...(u1ByXc ? [] : [ctx.C.xc]), ctx.C.other],
      },
      // administrators hold no jurisdiction: every registry object is outside
      sysadmin: { auth: null, authOut: [ctx.dongcheng], unit: null, unitOut: [ctx.U1], std: null, stdOut: [ctx.S_U1] },
      secadmin: { authOut: [], unitOut: [], stdOut: [] },
      auditor: { authOut: [], unitOut: [], stdOut: [] },
    };
  });

  after(async () => {
    await server?.stop();
  });

  async function auditRows() {
    const r = await runCli(server, ['audit', 'export']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l.trim()).length;
  }

  function send(api, route, { params = {}, json } = {}) {
    return api.call(route.method, route.pattern, {
      params,
      json: route.body === 'json' ? (json ?? {}) : undefined,
    });
  }

  function check(res, c, what) {
    const expect = c.expect ?? [404];
    assert.ok(expect.includes(res.status), `${what}: expected ${expect.join('|')}, got ${res.status} ${res.text.slice(0, 300)}`);
    if (c.code) assert.equal(res.body?.error?.code, c.code, `${what}: error code`);
    else if (res.status === 404) assert.equal(res.body?.error?.code, 'not_found', `${what}: error code`);
    if (c.field) assert.equal(res.body?.error?.field, c.field, `${what}: error field`);
  }

  test('every route of `msup routes` has a rule in this file', () => {
    const unknown = routes.filter((r) => !RULES[key(r)]).map((r) => `new route ${key(r)}: add it to access.test.mjs`);
    assert.deepEqual(unknown, [], unknown.join('\n'));
    const stale = Object.keys(RULES).filter((k) => !routes.some((r) => key(r) === k));
    assert.deepEqual(stale, [], `rules for routes that no longer exist: ${stale.join(', ')}`);
  });

  test('三员分立: administrators never touch business data, the audit trail is the auditor\'s', () => {
    for (const r of routes) {
      const k = key(r);
      if (k.includes('/audit')) assert.deepEqual(r.roles, ['auditor'], `${k}: auditor only`);
      if (/\/(authorities|units|standards|registry|campaigns|checklists)/.test(k)) {
        for (const role of ['secadmin', 'auditor']) assert.ok(!r.roles.includes(role), `${k}: not ${role}`);
        if (r.method !== 'GET') for (const role of ['sysadmin', 'inspector']) assert.ok(!r.roles.includes(role), `${k}: ${role} does not write`);
      }
      if (k.includes('/users') && !k.endsWith('/password')) assert.deepEqual(r.roles, ['secadmin'], `${k}: secadmin only`);
    }
  });

  test('anonymous: 401 on every non-public route, whatever the id; public routes answer', async () => {
    const anon = ctx.users.anonymous;
    for (const r of known) {
      const rule = RULES[key(r)];
      if (r.public) {
        for (const c of rule.inside('anonymous', ctx)) check(await send(anon, r, c), c, `anonymous ${key(r)}`);
        continue;
      }
      const a = rule.any(ctx);
      for (const params of [a.params, a.params?.id ? { ...a.params, id: MISSING } : null].filter((p) => p !== null)) {
        const res = await send(anon, r, { ...a, params });
        check(res, { expect: [401], code: 'unauthenticated' }, `anonymous ${key(r)} ${JSON.stringify(params)}`);
      }
    }
  });

  test('a role the route does not allow: 403 forbidden, whatever the id, nothing written', async () => {
    const before0 = await auditRows();
    let n = 0;
    for (const r of known) {
      if (r.public) continue;
      const rule = RULES[key(r)];
      for (const role of ROLES) {
        if (role === 'anonymous' || r.roles.includes(role)) continue;
        const a = rule.any(ctx);
        for (const params of [a.params, a.params?.id ? { ...a.params, id: MISSING } : null].filter((p) => p !== null)) {
          const res = await send(ctx.users[role], r, { ...a, params });
          check(res, { expect: [403], code: 'forbidden' }, `${role} ${key(r)} ${JSON.stringify(params ?? {})}`);
          n++;
        }
      }
    }
    assert.ok(n > 50, `only ${n} refusals checked`);
    assert.equal(await auditRows(), before0, 'refused requests wrote nothing to the audit trail');
  });

  describe('allowed roles: inside answers, outside reads as missing', () => {
    for (const r of routes) {
      test(key(r), async () => {
        const rule = RULES[key(r)];
        assert.ok(rule, `new route ${key(r)}: add it to access.test.mjs`);
        const roles = r.public ? ROLES.filter((x) => x !== 'anonymous') : r.roles;
        for (const role of roles) {
          const api = ctx.users[role];
          for (const c of rule.inside(role, ctx)) {
            const what = `${role} ${key(r)} inside ${JSON.stringify(c.params ?? {})}`;
            let client = api;
            let params = c.params;
            if (c.fresh) {
              client = new Client(server.url);
              assert.equal((await login(client, api.name, PW)).status, 200, `${what}: second login`);
            }
            if (c.ownToken) {
              const t = await api.call('POST', '/api/v1/tokens', { json: { name: 'mine' } });
              assert.equal(t.status, 201, t.text);
              params = { id: t.body.id };
            }
            if (c.before) await c.before();
            const res = await send(client, r, { params, json: c.json });
            check(res, c, what);
          }
          for (const c of rule.outside?.(role, ctx) ?? []) {
            const what = `${role} ${key(r)} outside ${JSON.stringify(c.params ?? c.json ?? {})}`;
            const res = await send(api, r, c);
            check(res, c, what);
            if (c.noMissing) continue;
            // exactly like a missing object
            const miss = await send(api, r, {
              params: c.missingParams ?? (c.params?.id ? { ...c.params, id: MISSING } : c.params),
              json: c.missingJson ?? c.json,
            });
            assert.equal(miss.status, res.status, `${what}: same status as a missing id`);
            assert.equal(miss.body?.error?.code, res.body?.error?.code, `${what}: same code as a missing id`);
            assert.equal(miss.body?.error?.field, res.body?.error?.field, `${what}: same field as a missing id`);
            if (res.status === 404) assert.deepEqual(miss.body, res.body, `${what}: the same 404 as a missing id`);
          }
        }
      });
    }
  });

  // ----------------------------------------------------------- lists

  /** The authority tree (public records: the unit user sees all of it). */
  async function tree() {
    const all = await listAll(ctx.users.unit, '/api/v1/authorities');
    assert.ok(all.length >= 18, 'the whole tree: national, province, 16 districts');
    const parent = new Map(all.map((a) => [a.id, a.parent_id]));
    return {
      all,
      subtree(root) {
        const out = new Set();
        for (const a of all) {
          for (let x = a.id; x; x = parent.get(x)) {
            if (x === root) {
              out.add(a.id);
              break;
            }
          }
        }
        return out;
      },
    };
  }

  for (const [label, who, rootOf] of [
    ['authority 东城', (c) => c.users.authority, (c) => c.dongcheng],
    ['inspector 东城', (c) => c.users.inspector, (c) => c.dongcheng],
    ['authority 北京市', (c) => c.province, (c) => c.province_id],
  ]) {
    test(`lists of ${label} hold only its jurisdiction (no list leaks what a detail refuses)`, async () => {
      const api = who(ctx);
      const { subtree } = await tree();
      const sub = subtree(rootOf(ctx));
      const auths = await listAll(api, '/api/v1/authorities');
      assert.deepEqual(new Set(auths.map((a) => a.id)), sub, 'authorities: exactly the subtree');

      const stds = await listAll(api, '/api/v1/standards');
      assert.ok(stds.length > 0);
      for (const s of stds) assert.ok(sub.has(s.cert_authority_id), `standard ${s.id} certified by ${s.cert_authority_id}, outside`);
      const stdIds = new Set(stds.map((s) => s.id));
      const certifiedUnits = new Set(stds.map((s) => s.unit_id));

      const units = await listAll(api, '/api/v1/units');
      assert.ok(units.length > 0);
      for (const x of units)
        assert.ok(sub.has(x.authority_id) || certifiedUnits.has(x.id), `unit ${x.id} (authority ${x.authority_id}) is outside`);
      const unitIds = new Set(units.map((x) => x.id));

      if (rootOf(ctx) === ctx.dongcheng) {
        for (const id of [ctx.S_prov, ctx.S_xc]) assert.ok(!stdIds.has(id), `standard ${id} (404 in detail) is listed`);
        assert.ok(!unitIds.has(ctx.UX), `unit ${ctx.UX} (404 in detail) is listed`);
        // filters cannot widen the view
        for (const query of [{ authority_id: ctx.xicheng }, { unit_id: ctx.UX }]) {
          const r = await api.call('GET', '/api/v1/standards', { query });
          assert.equal(r.status, 200);
          assert.equal(r.body.total, 0, `standards ${JSON.stringify(query)}`);
        }
        const byProv = await listAll(api, '/api/v1/standards', { authority_id: ctx.province_id });
        for (const s of byProv) assert.ok(sub.has(s.cert_authority_id), `authority_id=province: standard ${s.id}`);
        const r = await api.call('GET', '/api/v1/units', { query: { authority_id: ctx.xicheng } });
        for (const x of r.body.items) assert.ok(sub.has(x.authority_id) || certifiedUnits.has(x.id), `units authority_id=西城: ${x.id}`);
        const ux = (await ctx.province.call('GET', '/api/v1/units/{id}', { params: { id: ctx.UX } })).body;
        const q = await api.call('GET', '/api/v1/units', { query: { q: ux.name } });
        assert.equal(q.body.total, 0, 'searching by the name of a unit outside finds nothing');
      } else {
        // the province sees its districts' standards, not the national ones
        assert.ok(stdIds.has(ctx.S_U1) && stdIds.has(ctx.S_xc));
      }

      const al = await api.call('GET', '/api/v1/registry/alerts', { query: { limit: 100000 } });
      assert.equal(al.status, 200);
      for (const a of al.body.items) {
        assert.ok(stdIds.has(a.standard_id), `alert ${a.kind} on standard ${a.standard_id}, outside`);
        assert.ok(unitIds.has(a.unit_id), `alert ${a.kind} on unit ${a.unit_id}, outside`);
      }
      const c = al.body.counts;
      assert.equal(al.body.items.length, c.cert_expiring + c.cert_expired + c.apparatus_overdue + c.understaffed, 'alert counts = items');

      // a sample of listed items opens in detail
      for (const s of stds.slice(0, 5)) assert.equal((await api.call('GET', '/api/v1/standards/{id}', { params: { id: s.id } })).status, 200);
      for (const x of units.slice(0, 3)) assert.equal((await api.call('GET', '/api/v1/units/{id}', { params: { id: x.id } })).status, 200);
    });
  }

  test('lists of a unit user hold only its own unit', async () => {
    const api = ctx.users.unit;
    const units = await listAll(api, '/api/v1/units');
    assert.deepEqual(units.map((x) => x.id), [ctx.U1]);
    const stds = await listAll(api, '/api/v1/standards');
    assert.ok(stds.length >= 2);
    for (const s of stds) assert.equal(s.unit_id, ctx.U1, `standard ${s.id} of unit ${s.unit_id}`);
    for (const query of [{ unit_id: ctx.U2 }, { authority_id: ctx.xicheng }]) {
      const r = await api.call('GET', '/api/v1/standards', { query });
      for (const s of r.body.items) assert.equal(s.unit_id, ctx.U1, `standards ${JSON.stringify(query)}`);
    }
    const r = await api.call('GET', '/api/v1/units', { query: { authority_id: ctx.xicheng } });
    assert.equal(r.body.total, 0);
    const al = await api.call('GET', '/api/v1/registry/alerts', { query: { limit: 100000 } });
    assert.equal(al.status, 200);
    for (const a of al.body.items) assert.equal(a.unit_id, ctx.U1, `alert on unit ${a.unit_id}`);
    for (const pattern of ['/api/v1/standards/{id}/apparatus', '/api/v1/standards/{id}/personnel']) {
      assert.equal((await api.call('GET', pattern, { params: { id: ctx.S_U1 } })).status, 200);
      assert.equal((await api.call('GET', pattern, { params: { id: ctx.S_U2 } })).status, 404);
    }
  });

  for (const [label, who, sees, hidden] of [
    ['authority 东城', (c) => c.users.authority, (c) => [c.C.prov, c.C.dc], (c) => [c.C.xc, c.C.other]],
    ['inspector 东城', (c) => c.users.inspector, (c) => [c.C.prov, c.C.dc], (c) => [c.C.xc, c.C.other]],
    ['unit', (c) => c.users.unit, (c) => [c.C.prov, c.C.dc], (c) => c.jur.unit.campOut],
    ['authority 北京市', (c) => c.province, (c) => [c.C.prov, c.C.dc, c.C.xc], (c) => [c.C.other]],
  ]) {
    test(`campaigns listed to ${label}: the ones its details show, filters do not widen`, async () => {
      const api = who(ctx);
      const ids = new Set((await listAll(api, '/api/v1/campaigns')).map((c) => c.id));
      for (const id of sees(ctx)) assert.ok(ids.has(id), `campaign ${id} is not listed`);
      for (const id of hidden(ctx)) {
        assert.ok(!ids.has(id), `campaign ${id} (404 in detail) is listed`);
        const g = await api.call('GET', '/api/v1/campaigns/{id}', { params: { id } });
        assert.equal(g.status, 404, `campaign ${id}: ${g.text.slice(0, 200)}`);
      }
      for (const id of ids) {
        const g = await api.call('GET', '/api/v1/campaigns/{id}', { params: { id } });
        assert.equal(g.status, 200, `listed campaign ${id} opens`);
      }
      // naming the organiser of a hidden campaign finds nothing
      const tj = await api.call('GET', '/api/v1/campaigns', { query: { authority_id: MISSING } });
      assert.equal(tj.status, 200);
      assert.equal(tj.body.total, 0);
      if (who(ctx) !== ctx.province) {
        const r = await api.call('GET', '/api/v1/campaigns', { query: { authority_id: ctx.xicheng } });
        assert.equal(r.status, 200);
        if (hidden(ctx).includes(ctx.C.xc)) assert.equal(r.body.total, 0, 'campaigns authority_id=西城');
      }
    });
  }

  test('self-check overview: 东城 sees only its jurisdiction\'s units, the province more, a unit itself', async () => {
    const pattern = '/api/v1/campaigns/{id}/self-checks';
    const params = { id: ctx.C.prov };
    const { subtree } = await tree();
    const sub = subtree(ctx.dongcheng);
    const dc = ctx.users.authority;
    // the units 东城 may read: those it supervises, and those it certified a standard of
    const visible = new Set((await listAll(dc, '/api/v1/units')).map((x) => x.id));
    const certified = new Set((await listAll(dc, '/api/v1/standards')).map((s) => s.unit_id));

    const overview = async (api, query = {}) => {
      const r = await api.call('GET', pattern, { params, query: { per_page: 500, ...query } });
      assert.equal(r.status, 200, r.text.slice(0, 300));
      const items = await listAll(api, pattern, query, params);
      const c = r.body.counts; // over the whole overview, whatever the filter
      const n = query.status ? c[query.status] : c.none + c.draft + c.submitted;
      assert.equal(items.length, n, 'the units listed are those counted');
      return { items, counts: c, ids: new Set(items.map((x) => x.unit_id)) };
    };
    const mine = await overview(dc);
    assert.ok(mine.items.length > 0, '东城 has units in the province\'s campaign');
    for (const x of mine.items) {
      assert.ok(sub.has(x.authority_id) || certified.has(x.unit_id), `unit ${x.unit_id} (authority ${x.authority_id}) is outside 东城`);
      assert.ok(visible.has(x.unit_id), `unit ${x.unit_id} is in the overview, not in /units`);
    }
    assert.ok(!mine.ids.has(ctx.UX), `unit ${ctx.UX} of 西城 (404 in detail) is listed`);
    assert.ok(mine.ids.has(ctx.U1) && mine.ids.has(ctx.U2));
    assert.equal(mine.items.find((x) => x.unit_id === ctx.U1).status, 'submitted', 'U1 submitted above');
    // filters stay within it
    for (const status of ['none', 'draft', 'submitted']) {
      const f = await overview(dc, { status });
      for (const x of f.items) {
        assert.equal(x.status, status);
        assert.ok(mine.ids.has(x.unit_id), `status=${status}: unit ${x.unit_id} not in the full overview`);
      }
      assert.deepEqual(f.counts, mine.counts, `status=${status}: the same counts`);
    }
    // the inspector of 东城 sees the same; the province sees more
    const insp = await overview(ctx.users.inspector);
    assert.deepEqual(insp.ids, mine.ids, 'inspector 东城 = authority 东城');
    const prov = await overview(ctx.province);
    for (const id of mine.ids) assert.ok(prov.ids.has(id), `unit ${id}: in 东城's overview, not the province's`);
    assert.ok(prov.items.some((x) => !sub.has(x.authority_id)), 'the province sees units of other districts');
    const outside = prov.items.find((x) => !mine.ids.has(x.unit_id));
    assert.ok(outside, 'a unit of the province\'s overview that 东城 does not see');
    const d = await dc.call('GET', '/api/v1/campaigns/{id}/self-checks/{unit_id}', { params: { id: ctx.C.prov, unit_id: outside.unit_id } });
    assert.equal(d.status, 404, `its report from 东城: ${d.text.slice(0, 200)}`);
    // a sample of listed units opens in detail
    for (const x of mine.items.slice(0, 5)) {
      const r = await dc.call('GET', '/api/v1/campaigns/{id}/self-checks/{unit_id}', { params: { id: ctx.C.prov, unit_id: x.unit_id } });
      assert.equal(r.status, 200, `unit ${x.unit_id}: ${r.text.slice(0, 200)}`);
      assert.equal(r.body.status, x.status);
    }
    // the unit user: its own unit only
    const unit = await overview(ctx.users.unit);
    assert.deepEqual([...unit.ids], [ctx.U1]);
  });

  test('the system administrator reads no registry record (三员分立)', async () => {
    const api = ctx.users.sysadmin;
    for (const pattern of ['/api/v1/authorities', '/api/v1/units', '/api/v1/standards', '/api/v1/registry/alerts']) {
      const r = await api.call('GET', pattern);
      assert.equal(r.status, 403, `${pattern}: sysadmin manages the system, not business data`);
      assert.equal(r.body.error.code, 'forbidden');
    }
  });

  test('certifying one standard of another district\'s unit does not hand over that unit', async () => {
    // store/reg_int.h widens the *view* of a unit to the authorities that
    // certified one of its standards; writes to the unit must stay with the
    // authority that supervises it (API.md: an authority sees its subtree,
    // out-of-jurisdiction objects answer 404).
    const p = ctx.province;
    const units = await listAll(p, '/api/v1/units', { authority_id: ctx.xicheng });
    const target = units.find((x) => x.id !== ctx.UX);
    const s = await p.call('POST', '/api/v1/standards', { json: standardBody(ctx, { unit_id: target.id }) });
    assert.equal(s.status, 201, s.text);
    const dc = ctx.users.authority;
    assert.equal((await dc.call('GET', '/api/v1/units/{id}', { params: { id: target.id } })).status, 200, 'readable: it holds a standard 东城 certified');
    const res = await dc.call('PATCH', '/api/v1/units/{id}', { params: { id: target.id }, json: { name: '被东城改名', authority_id: ctx.dongcheng } });
    const after = (await p.call('GET', '/api/v1/units/{id}', { params: { id: target.id } })).body;
    assert.equal(after.authority_id, ctx.xicheng, `the 西城 unit now belongs to ${after.authority_id} (PATCH answered ${res.status})`);
    assert.equal(after.name, target.name, 'renamed by another district');
    assert.equal(res.status, 404, `PATCH of a unit 东城 does not supervise answered ${res.status}`);
  });

  test('outside writes changed nothing', async () => {
    // The outside cases above sent valid bodies at foreign objects: those
    // objects still read as before.
    const p = ctx.province;
    for (const id of [ctx.S_prov, ctx.S_xc]) {
      const r = await p.call('GET', '/api/v1/standards/{id}', { params: { id } });
      assert.notEqual(r.body.uncertainty, 'U=0.1%, k=2', `standard ${id} patched from outside`);
      assert.ok(!r.body.history.some((h) => h.reason === '矩阵测试'), `standard ${id} transitioned from outside`);
      const ap = await p.call('GET', '/api/v1/standards/{id}/apparatus', { params: { id } });
      assert.ok(!ap.body.items.some((a) => a.name === '标准器' && a.model === 'M-1'), `apparatus added to ${id} from outside`);
    }
    const ux = await p.call('GET', '/api/v1/units/{id}', { params: { id: ctx.UX } });
    assert.notEqual(ux.body.address, '北京市某路2号');
    const xc = await p.call('GET', '/api/v1/authorities/{id}', { params: { id: ctx.xicheng } });
    assert.notEqual(xc.body.short_name, '外区');
    // campaigns and self-checks written at from outside
    const cx = await ctx.xcApi.call('GET', '/api/v1/campaigns/{id}', { params: { id: ctx.C.xc } });
    assert.equal(cx.body.authority_rate, 0.2, '西城\'s campaign patched from outside');
    const cp = await p.call('GET', '/api/v1/campaigns/{id}', { params: { id: ctx.C.prov } });
    assert.equal(cp.body.authority_rate, 0.2, 'the province\'s campaign patched by 东城');
    for (const [id, unit_id] of [
      [ctx.C.dc, ctx.U2],
      [ctx.C.prov, ctx.U2],
      [ctx.C.prov, ctx.UX],
    ]) {
      const r = await p.call('GET', '/api/v1/campaigns/{id}/self-checks/{unit_id}', { params: { id, unit_id } });
      assert.equal(r.status, 200, r.text.slice(0, 200));
      assert.equal(r.body.status, 'none', `campaign ${id}: unit ${unit_id}'s report was written from outside`);
    }
  });
});
