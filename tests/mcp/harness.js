// Drives `frt mcp` with the official MCP TypeScript client (@modelcontextprotocol/sdk)
// over stdio, the way an editor does, while `frt subscribe` and `frt publish`
// processes stand on the other side of the hub. Driven by tests/mcp.rs, which starts
// the hub and sets:
//   FRT_BIN        the frt binary under test
//   FRT_STATE_DIR  the hub's state directory (hub.json)
// Prints one "ok - …" or "not ok - …" line per check; exits non-zero on any failure.
'use strict';

const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

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

/** Resolves once `frt channels` lists a subscriber on `name` (bounded). */
async function untilSubscribed(name) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const out = frt(['channels', '--name', name, '-o', 'json']);
    assert.equal(out.code, 0, out.stderr);
    if (JSON.parse(out.stdout).channels.some((c) => c.subscribers > 0)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nobody subscribed to ${name} in time`);
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

/** The text summary of a tool result. */
function text(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function main() {
  assert.ok(FRT, 'FRT_BIN is not set');
  const hub = JSON.parse(fs.readFileSync(path.join(process.env.FRT_STATE_DIR, 'hub.json'), 'utf8'));
  const transport = new StdioClientTransport({
    command: FRT,
    args: ['mcp', '--max-events', '5', '--max-wait', '20s', '--truncate-at', '64'],
    env: { ...process.env },
    stderr: 'pipe',
  });
  let serverLog = '';
  transport.stderr.on('data', (d) => { serverLog += d; });
  const client = new Client({ name: 'frt-mcp-harness', version: '1.0.0' });
  // Every result the server sends, to check none holds the API key.
  const seen = [];
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    seen.push(JSON.stringify(result));
    return result;
  };

  await check('initialize: the server names itself and offers tools', async () => {
    await client.connect(transport);
    const info = client.getServerVersion();
    assert.equal(info.name, 'frt');
    assert.ok(client.getServerCapabilities().tools, 'tools capability');
    assert.match(client.getInstructions() || '', /channel key/);
  });

  await check('list tools: each has a description and input and output schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['explain_undelivered', 'inspect_token', 'list_channels', 'publish', 'publish_global', 'sign_token', 'subscribe']);
    for (const t of tools) {
      assert.ok(t.description && t.description.length > 40, `${t.name} describes itself`);
      assert.equal(t.inputSchema.type, 'object', t.name);
      assert.equal(t.outputSchema && t.outputSchema.type, 'object', `${t.name} has an output schema`);
      for (const [prop, schema] of Object.entries(t.inputSchema.properties || {})) {
        assert.ok(schema.description || schema.$ref || schema.allOf || schema.anyOf, `${t.name}.${prop} is described`);
      }
    }
    const publish = tools.find((t) => t.name === 'publish');
    assert.deepEqual(publish.inputSchema.required.sort(), ['channel', 'payload']);
  });

  await check('publish reaches a frt subscribe of the same key', async () => {
    const sub = await subscribe(['demo', '--module', 'jira:issuePanel', '--context', 'issue=10001']);
    const result = await call('publish', {
      channel: 'demo', payload: { hello: 'mcp' }, module: 'jira:issuePanel', context: { issue: '10001' },
    });
    assert.equal(result.isError, false, text(result));
    assert.equal(result.structuredContent.delivered, true);
    assert.match(result.structuredContent.eventId, /^[0-9a-f-]{36}$/);
    assert.match(text(result), /published to "demo"/);
    const ev = await sub.next();
    assert.ok(ev, 'the event arrived');
    assert.equal(ev.payload, '{"hello":"mcp"}');
    assert.equal(ev.eventId, result.structuredContent.eventId);
    sub.stop();
  });

  await check('subscribe collects what frt publish sends, bounded and cut as the server says', async () => {
    const pending = call('subscribe', { channels: ['from-cli'], maxEvents: 50, waitSeconds: 20 });
    await untilSubscribed('from-cli');
    const big = JSON.stringify({ n: 2, filler: 'x'.repeat(100) });
    for (const payload of ['{"n":1}', big, '3', '4', '5']) {
      const out = frt(['publish', 'from-cli', payload]);
      assert.equal(out.code, 0, out.stderr);
    }
    const result = await pending;
    assert.equal(result.isError, false, text(result));
    const out = result.structuredContent;
    assert.equal(out.stoppedBecause, 'maxEvents');
    assert.equal(out.events.length, 5, 'capped at --max-events 5');
    assert.deepEqual(out.events[0].data, { n: 1 });
    assert.equal(out.events[1].truncated, true);
    assert.equal(out.events[1].payloadBytes, big.length);
    assert.equal(out.events[1].payload, big.slice(0, 64));
    assert.equal(out.events[1].data, undefined);
    assert.ok(out.notes.some((n) => n.includes('maxEvents capped at 5')), JSON.stringify(out.notes));
    assert.ok(out.notes.some((n) => n.includes('cut')), JSON.stringify(out.notes));
    assert.match(text(result), /5 events on "from-cli"/);
  });

  await check('sign_token and inspect_token: a token the hub verifies', async () => {
    const signed = await call('sign_token', { channel: 'locked', claims: { team: 'red' }, permissions: ['publish'], ttlSeconds: 600 });
    assert.equal(signed.isError, false, text(signed));
    const { token, expiresAt } = signed.structuredContent;
    assert.ok(token.split('.').length === 3, 'a JWT');
    assert.ok(expiresAt * 1000 > Date.now());
    const inspected = await call('inspect_token', { token, channel: 'locked', permission: 'publish' });
    assert.equal(inspected.isError, false, text(inspected));
    assert.equal(inspected.structuredContent.status, 'valid');
    assert.equal(inspected.structuredContent.verified, true);
    assert.equal(inspected.structuredContent.payload.claims.team, 'red');
    const refused = await call('inspect_token', { token, permission: 'subscribe', verify: false });
    assert.equal(refused.structuredContent.status, 'invalid');
    assert.equal(refused.structuredContent.code, 'MISSING_PERMISSION');
  });

  await check('a refused call is a tool error naming the code', async () => {
    const signed = await call('sign_token', { channel: 'locked' });
    const result = await call('publish', { channel: 'other', payload: 'x', token: signed.structuredContent.token });
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent, undefined);
    assert.match(text(result), /^CHANNEL_NAME_MISMATCH: /);
    const bad = await call('publish', { channel: 'demo', payload: 'x', context: { colour: 'red' } });
    assert.equal(bad.isError, true);
    assert.match(text(bad), /colour/);
    const missing = await call('subscribe', { waitSeconds: 1 });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /missing field `channels`/);
  });

  await check('an undelivered publish gets the hub\'s hints, and explain_undelivered says the same', async () => {
    const sub = await subscribe(['orders', '--global']);
    const result = await call('publish', { channel: 'orders', payload: 'hi' });
    assert.equal(result.isError, false, text(result));
    assert.equal(result.structuredContent.delivered, false);
    assert.equal(result.structuredContent.eventId, null);
    assert.equal(result.structuredContent.hints[0].component, 'plane');
    const explained = await call('explain_undelivered', { channel: 'orders' });
    assert.equal(explained.isError, false, text(explained));
    assert.equal(explained.structuredContent.subscribersNow, 0);
    assert.deepEqual(explained.structuredContent.hints, result.structuredContent.hints);
    assert.match(text(explained), /global plane/);
    const exact = await call('explain_undelivered', { channel: 'orders', global: true });
    assert.equal(exact.structuredContent.subscribersNow, 1);
    const listed = await call('list_channels', { name: 'orders' });
    assert.equal(listed.structuredContent.channels.length, 1);
    assert.equal(listed.structuredContent.channels[0].plane, 'global');
    assert.equal(listed.structuredContent.channels[0].subscribers, 1);
    sub.stop();
  });

  await check('publish_global reaches a global frt subscribe', async () => {
    const sub = await subscribe(['news', '--global']);
    const result = await call('publish_global', { channel: 'news', payload: 'extra' });
    assert.equal(result.structuredContent.delivered, true, text(result));
    const ev = await sub.next();
    assert.equal(ev && ev.payload, 'extra');
    sub.stop();
  });

  await check('no result holds the API key', async () => {
    assert.ok(seen.length >= 10, `${seen.length} results seen`);
    for (const s of seen) assert.ok(!s.includes(hub.apiKey), s);
    assert.ok(!serverLog.includes(hub.apiKey), 'nor the server\'s log');
  });

  await client.close();
  if (failures > 0) {
    console.log(`server log:\n${serverLog}`);
    process.exit(1);
  }
  console.log('all MCP checks passed');
}

main().catch((e) => {
  console.log(`not ok - harness crashed: ${e && e.stack || e}`);
  process.exit(1);
});
