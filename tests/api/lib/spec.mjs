// spec.mjs - docs/openapi.yaml loaded once, and validateResponse(): every
// response a test checks is validated against the operation's documented
// response (status, media type, schema) with ajv in strict mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const specPath = path.resolve(
  process.env.MSUP_OPENAPI || path.join(repoRoot, 'docs/openapi.yaml'),
);
export const specText = readFileSync(specPath, 'utf8');
export const spec = YAML.parse(specText);

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// The component schemas live in one ajv schema under this id; every
// '#/components/schemas/X' reference is rewritten to point there.
const COMPONENTS_ID = 'https://msup.invalid/openapi/components.json';

function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
      out[k] = `${COMPONENTS_ID}#/definitions/${v.slice('#/components/schemas/'.length)}`;
    else out[k] = rewriteRefs(v);
  }
  return out;
}

/** A fresh ajv in strict mode with the spec's component schemas added. */
export function makeAjv() {
  const ajv = new Ajv({ strict: true, allErrors: true, strictRequired: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example' });
  ajv.addSchema({ $id: COMPONENTS_ID, definitions: rewriteRefs(spec.components?.schemas ?? {}) });
  return ajv;
}

const ajv = makeAjv();
const compiled = new Map();

/** Compile SCHEMA (a schema object of the spec, refs as in the spec). */
export function compileSchema(schema) {
  return ajv.compile(rewriteRefs(schema));
}

/** Follow a local '#/...' reference of the spec (repeatedly). */
export function deref(node) {
  let seen = 0;
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    assert.ok(node.$ref.startsWith('#/'), `only local references are used: ${node.$ref}`);
    let target = spec;
    for (const part of node.$ref.slice(2).split('/')) {
      target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    assert.ok(target !== undefined, `unresolved reference ${node.$ref}`);
    node = target;
    assert.ok(++seen < 20, 'reference loop');
  }
  return node;
}

/** Every operation of the spec: {method: 'GET', pattern, op}. */
export function specOperations() {
  const ops = [];
  for (const [pattern, item] of Object.entries(spec.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      if (item[m]) ops.push({ method: m.toUpperCase(), pattern, op: item[m] });
    }
  }
  return ops;
}

/** The operation of METHOD and PATTERN, or undefined. */
export function specOperation(method, pattern) {
  return spec.paths?.[pattern]?.[method.toLowerCase()];
}

function baseType(type) {
  return String(type || '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function excerpt(body) {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  return s === undefined ? String(s) : s.length > 600 ? `${s.slice(0, 600)}…` : s;
}

/**
 * Check a response against docs/openapi.yaml; throws an AssertionError naming
 * what is wrong. METHOD and PATTERN name the operation ('GET',
 * '/api/v1/units/{id}'); PATTERN null (or a path without that method) means
 * no operation answered: only 404 (NotFound) or 405 (MethodNotAllowed) are
 * valid then. BODY is the parsed JSON, or the text of a non-JSON reply;
 * CONTENT_TYPE the response's Content-Type (defaults to JSON for objects).
 */
export function validateResponse(method, pattern, status, body, contentType) {
  const where = `${method} ${pattern ?? '(no route)'} -> ${status}`;
  const op = pattern == null ? undefined : specOperation(method, pattern);
  let resp;
  let key;
  if (op) {
    resp = op.responses?.[String(status)];
    assert.ok(
      resp,
      `${where}: status ${status} is not documented in openapi.yaml ` +
        `(documented: ${Object.keys(op.responses ?? {}).join(', ')}); body: ${excerpt(body)}`,
    );
    key = `${method} ${pattern} ${status}`;
  } else if (status === 405 && pattern != null && spec.paths?.[pattern]) {
    resp = spec.components.responses.MethodNotAllowed;
    key = 'MethodNotAllowed';
  } else if (status === 404) {
    resp = spec.components.responses.NotFound;
    key = 'NotFound';
  } else {
    assert.fail(`${where}: no operation in openapi.yaml answers this; body: ${excerpt(body)}`);
  }
  resp = deref(resp);
  if (!resp.content) {
    assert.ok(
      body === undefined || body === null || body === '',
      `${where}: documented without a body, got ${excerpt(body)}`,
    );
    return true;
  }
  const types = Object.keys(resp.content);
  let media;
  if (contentType) {
    media = types.find((t) => baseType(t) === baseType(contentType));
    assert.ok(media, `${where}: Content-Type ${contentType} is not documented (${types.join(', ')})`);
  } else {
    media = typeof body === 'string' ? types.find((t) => t !== 'application/json') : 'application/json';
    assert.ok(media && resp.content[media], `${where}: no ${media ?? 'text'} content documented`);
  }
  const schema = resp.content[media].schema;
  if (!schema) return true;
  const ckey = `${key} ${media}`;
  let validate = compiled.get(ckey);
  if (!validate) {
    validate = compileSchema(schema);
    compiled.set(ckey, validate);
  }
  if (!validate(body)) {
    const errs = validate.errors
      .map((e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('\n');
    assert.fail(`${where}: response does not match openapi.yaml:\n${errs}\nbody: ${excerpt(body)}`);
  }
  return true;
}
