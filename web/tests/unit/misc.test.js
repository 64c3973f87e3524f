import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import zh from '../../src/locales/zh-CN.js';
import en from '../../src/locales/en.js';
import { sm3 } from '../../src/sm3.js';
import { fmtDate, fmtTime } from '../../src/fmt.js';
import { computeConclusion } from '../../src/conclusion.js';

const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]));

describe('locales', () => {
  it('zh-CN and en have exactly the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const k of keys(zh)) expect(k.split('.').reduce((o, x) => o[x], zh)).not.toBe('');
  });
  it('every $t key used by the sources exists', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = [];
    const walk = (d) => { for (const f of readdirSync(d, { withFileTypes: true })) f.isDirectory() ? walk(join(d, f.name)) : /\.(vue|js)$/.test(f.name) && files.push(join(d, f.name)); };
    walk(join(process.cwd(), 'src'));
    const have = new Set(keys(zh));
    const missing = [];
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_]+\.[a-zA-Z_.]+)'\s*[),]/g)) if (!have.has(m[1])) missing.push(`${f}: ${m[1]}`);
    expect(missing).toEqual([]);
  });
});

describe('sm3', () => {
  it('matches the standard test vector and openssl', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    const s = '2021-06-01 东城 第1轮|91110101MARTBYG74F'.repeat(3);
    let ref = null;
    try { ref = execFileSync('openssl', ['dgst', '-sm3'], { input: s }).toString().trim().split(' ').pop(); } catch { /* no openssl */ }
    if (ref) expect(sm3(s)).toBe(ref);
  });
});

describe('dates', () => {
  it('are Chinese style in zh-CN and ISO in en', () => {
    expect(fmtDate('2021-03-01', 'zh-CN')).toBe('2021年3月1日');
    expect(fmtDate('2021-03-01', 'en')).toBe('2021-03-01');
    expect(fmtDate(null)).toBe('—');
    expect(fmtTime('2021-03-01T08:05:00Z', 'zh-CN')).toMatch(/^2021年3月1日 \d\d:05$/);
  });
});

describe('computeConclusion', () => {
  const items = [{ no: 1, key: true }, { no: 2 }, { no: 3 }];
  it('waits for every item', () => {
    expect(computeConclusion(items, { 1: { verdict: 'conform' } })).toMatchObject({ conclusion: null, open: 2 });
  });
  it('fails on a key item nonconform, asks rectification for other nonconform or defect items', () => {
    expect(computeConclusion(items, { 1: { verdict: 'conform' }, 2: { verdict: 'na' }, 3: { verdict: 'conform' } }).conclusion).toBe('pass');
    expect(computeConclusion(items, { 1: { verdict: 'conform' }, 2: { verdict: 'defect' }, 3: { verdict: 'conform' } }).conclusion).toBe('rectify');
    expect(computeConclusion(items, { 1: { verdict: 'defect' }, 2: { verdict: 'nonconform' }, 3: { verdict: 'conform' } }).conclusion).toBe('rectify');
    expect(computeConclusion(items, { 1: { verdict: 'nonconform' }, 2: { verdict: 'conform' }, 3: { verdict: 'conform' } }).conclusion).toBe('fail');
  });
});
