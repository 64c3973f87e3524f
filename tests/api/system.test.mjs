// system.test.mjs - /healthz, /metrics (Prometheus text, counters that
// move) and /api/v1/openapi.yaml (the file, byte for byte). No login.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import YAML from 'yaml';

import { Client } from './lib/client.mjs';
import { startServer, testBackend } from './lib/server.mjs';
import { specText } from './lib/spec.mjs';

// One Prometheus text-format sample: name{labels} value
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$/;

/** Parse Prometheus text: {types: {name: type}, samples: [{name, labels, value}]}. */
function parseMetrics(text) {
  const types = {};
  const helps = {};
  const samples = [];
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m;
    if ((m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      types[m[1]] = m[2];
      continue;
    }
    if ((m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line))) {
      helps[m[1]] = true;
      continue;
    }
    assert.ok(!line.startsWith('#'), `unexpected comment line: ${line}`);
    m = SAMPLE.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3].replace('+Inf', 'Infinity')) });
  }
  for (const s of samples) {
    const family = s.name.replace(/_(bucket|sum|count)$/, '');
    assert.ok(types[s.name] || types[family], `${s.name} has a # TYPE line`);
    assert.ok(helps[s.name] || helps[family], `${s.name} has a # HELP line`);
  }
  return { types, samples };
}

function sampleValue(m, name, labels = {}) {
  const hit = m.samples.find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return hit ? hit.value : 0;
}

describe(`system endpoints [${testBackend()}]`, { timeout: 60000 }, () => {
  let server;
  let api;

  before(async () => {
    server = await startServer();
    api = new Client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  async function scrape() {
    const res = await api.call('GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.contentType, /^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.text);
  }

  test('/healthz answers 200 with the database up', async () => {
    const res = await api.call('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ...res.body, status: 'ok', database: 'ok' });
    assert.match(res.contentType, /^application\/json/);
  });

  test('/metrics is Prometheus text with the documented families', async () => {
    const m = await scrape();
    assert.equal(m.types.msup_http_requests_total, 'counter');
    assert.equal(m.types.msup_http_request_duration_seconds, 'histogram');
    assert.equal(m.types.msup_db_connections, 'gauge');
    assert.ok(sampleValue(m, 'msup_db_connections') >= 1, 'at least one database connection');
    // Histogram: cumulative buckets, +Inf equals the count.
    const buckets = m.samples.filter((s) => s.name === 'msup_http_request_duration_seconds_bucket');
    assert.ok(buckets.length >= 2);
    for (let i = 1; i < buckets.length; i++)
      assert.ok(buckets[i].value >= buckets[i - 1].value, 'buckets are cumulative');
    assert.equal(buckets.at(-1).labels.le, '+Inf');
    assert.equal(buckets.at(-1).value, sampleValue(m, 'msup_http_request_duration_seconds_count'));
    assert.ok(sampleValue(m, 'msup_http_request_duration_seconds_sum') >= 0);
  });

  test('/metrics counters increase with the requests served', async () => {
    const ok = { method: 'GET', route: '/healthz', status: '2xx' };
    const denied = { method: 'GET', route: '/api/v1/units', status: '4xx' };
    const m0 = await scrape();
    for (let i = 0; i < 3; i++) assert.equal((await api.call('GET', '/healthz')).status, 200);
    assert.equal((await api.call('GET', '/api/v1/units')).status, 401);
    // Requests are counted when they complete, just after the reply is
    // sent: allow the last one a moment to land.
    let m1;
    for (let i = 0; i < 40; i++) {
      m1 = await scrape();
      if (sampleValue(m1, 'msup_http_requests_total', denied) > sampleValue(m0, 'msup_http_requests_total', denied))
        break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(
      sampleValue(m1, 'msup_http_requests_total', ok) - sampleValue(m0, 'msup_http_requests_total', ok),
      3,
      'three /healthz 2xx counted',
    );
    assert.equal(
      sampleValue(m1, 'msup_http_requests_total', denied) - sampleValue(m0, 'msup_http_requests_total', denied),
      1,
      'one /api/v1/units 4xx counted',
    );
    const count = (m) => sampleValue(m, 'msup_http_request_duration_seconds_count');
    assert.ok(count(m1) - count(m0) >= 4, 'latency observations for every request');
  });

  test('/api/v1/openapi.yaml serves docs/openapi.yaml byte for byte', async () => {
    const res = await api.call('GET', '/api/v1/openapi.yaml');
    assert.equal(res.status, 200);
    assert.match(res.contentType, /^application\/yaml/);
    assert.equal(res.text, specText);
    assert.equal(YAML.parse(res.text).openapi, '3.0.3');
  });
});
