// db.mjs - read the test server's database directly (sqlite3 or psql), to
// check counts against what the API said. Read-only queries only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Rows of SQL on SERVER's database, each an array of column texts. */
export async function dbRows(server, sql) {
  let out;
  if (server.dbUrl.startsWith('sqlite:')) {
    ({ stdout: out } = await run('sqlite3', ['-readonly', '-noheader', '-separator', '\t', server.dbUrl.slice(7), sql], {
      maxBuffer: 64 << 20,
    }));
  } else {
    ({ stdout: out } = await run('psql', [server.dbUrl, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      maxBuffer: 64 << 20,
    }));
  }
  return out
    .split('\n')
    .filter((l) => l.length)
    .map((l) => l.split('\t'));
}

/** The single integer SQL answers. */
export async function dbInt(server, sql) {
  const rows = await dbRows(server, sql);
  assert.equal(rows.length, 1, `${sql}: one row expected, got ${rows.length}`);
  const v = Number(rows[0][0]);
  assert.ok(Number.isInteger(v), `${sql}: not an integer: ${rows[0][0]}`);
  return v;
}
