// Runs the published @forge/realtime package, unmodified, against a running frt hub,
// the way a Forge resolver calls it, while `frt subscribe` processes receive the
// events. Driven by tests/sdk.rs, which starts the hub and sets:
//   FRT_BIN        the frt binary under test
//   FRT_STATE_DIR  the hub's state directory (hub.json)
// Prints one "ok - …" or "not ok - …" line per check; exits non-zero on any failure.
'use strict';

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const FRT = process.env.FRT_BIN;
const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

function frt(args) {
  const r = spawnSync(FRT, args, { encoding: 'utf8', env: process.env, timeout: 30000 });
  return { code: r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

/** Starts `frt subscribe … -o json` and resolves once the hub confirmed it. */
function subscribe(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(FRT, ['subscribe', ...args, '-o', 'json'], { env: process.env });
    children.add(child);
    const events = [];
    const waiters = [];
    let buf = '';
    let err = '';
    child.stdout.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const ev = JSON.parse(line);
        const w = waiters.shift();
        if (w) w(ev); else events.push(ev);
      }
    });
    const timer = setTimeout(() => reject(new Error(`frt subscribe ${args.join(' ')}: not subscribed in 10 s: ${err}`)), 10000);
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('subscribed to')) {
        clearTimeout(timer);
        resolve({
          next(ms = 5000) {
            if (events.length) return Promise.resolve(events.shift());
            return new Promise((res) => {
              const t = setTimeout(() => { waiters.splice(waiters.indexOf(done), 1); res(null); }, ms);
              const done = (ev) => { clearTimeout(t); res(ev); };
              waiters.push(done);
            });
          },
          stop() { child.kill('SIGINT'); children.delete(child); },
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`frt subscribe exited ${code}: ${err}`)));
  });
}

function base64url(s) {
  return Buffer.from(s).toString('base64url');
}

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
  }
}

async function main() {
  assert.ok(FRT, 'FRT_BIN is not set');
  const hub = JSON.parse(fs.readFileSync(path.join(process.env.FRT_STATE_DIR, 'hub.json'), 'utf8'));
  // The shim as the hub serves it, required the way a developer would.
  const shimSource = await (await fetch(`${hub.endpoint}/sdk-shim.js`)).text();
  const shimPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'frt-sdk-')), 'frt-shim.js');
  fs.writeFileSync(shimPath, shimSource);
  const shim = require(shimPath);
  const { publish, publishGlobal, signRealtimeToken, Jira } = require('@forge/realtime');

  const context = { installationId: 'sdk-inst', moduleKey: 'jira:issuePanel', extension: { issue: '10001', project: 'P1' } };
  shim.setContext(context);
  const ctxArgs = ['--installation', 'sdk-inst', '--module', 'jira:issuePanel', '--context', 'issue=10001', '--context', 'project=P1'];

  await check('seed example 1: a resolver publishes an object; frt subscribe gets JSON.stringify of it', async () => {
    const sub = await subscribe(['my-example-channel', ...ctxArgs]);
    const payload = { foo: 'foo', bar: 'bar' };
    const result = await publish('my-example-channel', payload);
    assert.ok(result.eventId && result.eventTimestamp, JSON.stringify(result));
    assert.equal('errors' in result, false, 'no errors key on success');
    assert.match(result.eventTimestamp, /^\d{13}$/);
    const ev = await sub.next();
    assert.ok(ev, 'the event arrived');
    assert.equal(ev.payload, JSON.stringify(payload));
    assert.equal(ev.eventId, result.eventId);
    sub.stop();
  });

  await check('seed example 2: signRealtimeToken, then publish with the token; frt subscribe --token gets it', async () => {
    const customClaims = { allowedUsers: ['accountId-1', 'accountId-2'] };
    const { token, expiresAt } = await signRealtimeToken('my-test-channel', customClaims);
    assert.ok(token, 'a token');
    const TOKEN_EXPIRY_BUFFER = 5000;
    assert.ok(Date.now() - TOKEN_EXPIRY_BUFFER < expiresAt * 1000, `expiresAt ${expiresAt} is epoch seconds in the future`);
    const sub = await subscribe(['my-test-channel', '--token', token, ...ctxArgs]);
    const result = await publish('my-test-channel', 'This is an event payload', { token });
    assert.ok(result.eventId, JSON.stringify(result));
    const ev = await sub.next();
    assert.ok(ev, 'the event arrived');
    assert.equal(ev.payload, JSON.stringify('This is an event payload'));
    // The same token's claims are part of the key: a subscriber without it gets nothing.
    const bare = await subscribe(['my-test-channel', ...ctxArgs]);
    await publish('my-test-channel', 'again', { token });
    assert.equal(await bare.next(300), null);
    sub.stop();
    bare.stop();
  });

  await check('a token from frt sign-token works with the SDK', async () => {
    const signed = frt(['sign-token', 'vice-versa', '--claim', 'team=red', '--installation', 'sdk-inst']);
    assert.equal(signed.code, 0, signed.stderr);
    const token = signed.stdout.trim();
    const sub = await subscribe(['vice-versa', '--token', token, ...ctxArgs]);
    const result = await publish('vice-versa', { n: 1 }, { token });
    assert.ok(result.eventId, JSON.stringify(result));
    assert.equal((await sub.next()).payload, '{"n":1}');
    sub.stop();
  });

  await check('publishGlobal reaches frt subscribe --global from another module', async () => {
    const sub = await subscribe(['announcements', '--global', '--installation', 'sdk-inst', '--module', 'confluence:macro']);
    const result = await publishGlobal('announcements', 'deployed');
    assert.ok(result.eventId, JSON.stringify(result));
    assert.equal((await sub.next()).payload, '"deployed"');
    sub.stop();
  });

  await check('context overrides from the SDK meet frt subscribe --context-override', async () => {
    const sub = await subscribe(['by-project', '--installation', 'sdk-inst', '--module', 'jira:projectPage',
      '--context', 'project=P1', '--context-override', 'project']);
    const result = await publish('by-project', 'p', { contextOverrides: [Jira.Project] });
    assert.ok(result.eventId, JSON.stringify(result));
    assert.equal((await sub.next()).payload, '"p"');
    const plain = await publish('by-project', 'no overrides');
    assert.equal(plain.eventId, null, 'without the override the module scope applies');
    sub.stop();
  });

  await check('a publish with no subscriber returns nulls', async () => {
    const result = await publish('nobody-listens', { x: 1 });
    assert.deepEqual(result, { eventId: null, eventTimestamp: null });
  });

  await check("the SDK's token pre-validation and frt's agree on the code", async () => {
    const sign = (args) => {
      const r = frt(['sign-token', ...args, '--installation', 'sdk-inst']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    };
    const expiring = sign(['pv', '--ttl', '1s']);
    const cases = [
      ['CHANNEL_NAME_MISMATCH', sign(['some-other-channel'])],
      ['MISSING_PERMISSION', sign(['pv', '--permission', 'subscribe'])],
      ['INVALID_TOKEN', 'not-a-token'],
    ];
    const exp = JSON.parse(Buffer.from(expiring.split('.')[1], 'base64url').toString()).exp;
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now() + 50)));
    cases.push(['TOKEN_EXPIRED', expiring]);
    for (const [code, token] of cases) {
      const sdk = await publish('pv', 'x', { token });
      assert.equal(sdk.eventId, null);
      assert.equal(sdk.errors[0].message, `Realtime token validation failed: ${code}`);
      const cli = frt(['publish', 'pv', 'x', '--token', token, ...ctxArgs]);
      assert.equal(cli.code, 4, `frt publish exit for ${code}: ${cli.stderr}`);
      assert.ok(cli.stderr.includes(code), `frt publish says ${code}: ${cli.stderr}`);
      const inspect = frt(['inspect-token', token, '--channel', 'pv', '--permission', 'publish', '-o', 'json']);
      assert.equal(inspect.code, 4);
      assert.equal(JSON.parse(inspect.stdout).code, code);
    }
  });

  await check('a token with no channel claim: frt says INVALID_TOKEN where the SDK throws', async () => {
    const token = `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify({ exp: 9999999999, claims: {} }))}.sig`;
    await assert.rejects(publish('pv', 'x', { token }), TypeError);
    const cli = frt(['publish', 'pv', 'x', '--token', token, ...ctxArgs]);
    assert.equal(cli.code, 4);
    assert.ok(cli.stderr.includes('INVALID_TOKEN'), cli.stderr);
  });

  await check('a forged signature passes the SDK pre-check and is refused by the hub as INVALID_TOKEN', async () => {
    const { token } = await signRealtimeToken('forged', {});
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${base64url('not the signature')}`;
    const result = await publish('forged', 'x', { token: forged });
    assert.equal(result.eventId, null);
    assert.equal(result.errors[0].extensions.code, 'INVALID_TOKEN', JSON.stringify(result.errors));
  });

  await check('a flood past the rate limit surfaces as RATE_LIMIT_EXCEEDED', async () => {
    shim.setContext({ installationId: 'sdk-flood', moduleKey: 'jira:issuePanel', extension: {} });
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => publish('flood', i)));
    shim.setContext(context);
    const limited = results.filter((r) => r.errors && r.errors[0].message === 'RATE_LIMIT_EXCEEDED');
    assert.ok(limited.length > 0, 'some publishes were rate limited');
    assert.equal(limited[0].errors[0].status, 429);
    const fine = results.filter((r) => !r.errors);
    assert.ok(fine.length >= 40, `the budget let ${fine.length} through`);
    // Another installation's budget is untouched.
    assert.deepEqual(await publish('flood', 'other installation'), { eventId: null, eventTimestamp: null });
  });

  if (failures > 0) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log('all SDK checks passed');
  process.exit(0);
}

main().catch((e) => {
  console.log(`not ok - harness crashed: ${e && e.stack || e}`);
  process.exit(1);
});
