// users.mjs - accounts for the black-box tests: run `msup` on a test
// server's database, log in, create a user and pass its first-login
// password change, and make valid USCCs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

import { Client } from './client.mjs';
import { msupBinary } from './server.mjs';
import { validateResponse } from './spec.mjs';

/** Environment of every msup the tests start: fast password hashing. */
export const ENV = { MSUP_PBKDF2_ITER: '1000' };
/** The first password of a CLI-created account, and the one set at first login. */
export const PW0 = 'Init!Pass-2026x';
export const PW = 'Work!Pass-2026y';

/** `msup --db <SERVER's database> ARGS` without touching its stdin (writing
 *  to stdin can die of EPIPE when msup exits first). Resolves {code, stdout, stderr}. */
export function runCli(server, args) {
  return new Promise((resolve, reject) => {
    execFile(
      msupBinary(),
      ['--db', server.dbUrl, ...args],
      { env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...ENV }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** POST /session with API; on success keeps the CSRF token and the user on it. */
export async function login(api, username, password) {
  const res = await api.request('POST', '/api/v1/session', { json: { username, password } });
  validateResponse('POST', '/api/v1/session', res.status, res.body, res.contentType);
  if (res.status === 200) {
    api.csrf = res.body.csrf_token;
    api.user = res.body.user;
  }
  return res;
}

/** A logged-in client of a new account NAME with ROLE (extra `msup user add`
 *  arguments in EXTRA); with CHANGE the first-login password change is done
 *  and the account works with PW. */
export async function makeUser(server, name, role, extra = [], { change = true } = {}) {
  const r = await runCli(server, ['user', 'add', name, '--role', role, ...extra, '--password', PW0]);
  assert.equal(r.code, 0, `user add ${name}: ${r.stderr}`);
  const api = new Client(server.url);
  assert.equal((await login(api, name, PW0)).status, 200, `login ${name}`);
  if (change) {
    const res = await api.call('POST', '/api/v1/users/{id}/password', {
      params: { id: api.user.id },
      json: { old_password: PW0, new_password: PW },
    });
    assert.equal(res.status, 204, res.text);
  }
  api.name = name;
  return api;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** FIRST17 completed with its GB 32100 check character. */
export function uscc(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]) * USCC_W[i];
  return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}
