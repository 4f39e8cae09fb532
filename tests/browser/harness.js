// The browser half of the Forge realtime loop, for real: the published @forge/bridge,
// unmodified and bundled with esbuild, runs in Chromium (puppeteer-core) after frt's
// bridge shim, against `frt serve`. Unmodified @forge/realtime resolver code publishes
// through `frt sdk-shim`. Then the inspector gets a DOM check and a screenshot.
//
// Environment: FRT_BIN (the frt binary), FRT_STATE_DIR (the hub's), CHROMIUM (the
// browser), SCREENSHOT (where to write the inspector's screenshot).
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');
const puppeteer = require('puppeteer-core');

const FRT = process.env.FRT_BIN;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'frt-browser-'));
const MODULE = 'jira:issuePanel';
const ISSUE = '10001';

function frt(args, extraEnv) {
  return execFileSync(FRT, args, { env: { ...process.env, ...extraEnv }, encoding: 'utf8' }).trim();
}

function ok(name) { console.log('ok - ' + name); }

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

const hub = JSON.parse(fs.readFileSync(path.join(process.env.FRT_STATE_DIR, 'hub.json'), 'utf8')).endpoint;
const shimPath = path.join(work, 'frt-shim.js');
fs.writeFileSync(shimPath, frt(['sdk-shim']));

// Unmodified resolver code, as a Forge function would run it, publishing through the shim.
function resolver(code, env) {
  const out = execFileSync(process.execPath, ['-r', shimPath, '-e', code], {
    cwd: __dirname,
    env: { ...process.env, FRT_MODULE: MODULE, FRT_CONTEXT: 'issue=' + ISSUE, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop());
}

function resolverPublish(channel, payload, options, env, global) {
  const fn = global ? 'publishGlobal' : 'publish';
  return resolver(
    `const rt = require('@forge/realtime');
     rt.${fn}(${JSON.stringify(channel)}, ${JSON.stringify(payload)}, ${JSON.stringify(options || {})})
       .then(r => console.log(JSON.stringify(r)), e => { console.log(JSON.stringify({error: String(e)})); });`,
    env);
}

function waitFor(predicate, what, ms = 10000) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = predicate();
      if (v) return resolve(v);
      if (Date.now() > end) return reject(new Error('timed out waiting for ' + what));
      setTimeout(tick, 20);
    };
    tick();
  });
}

async function main() {
  const session = JSON.parse(frt(['browser-session', '--module', MODULE, '--context', 'issue=' + ISSUE,
    '--allow-publish', '-o', 'json'])).session;
  const appEntry = path.join(work, 'app.js');
  fs.writeFileSync(appEntry, "import { realtime } from '@forge/bridge';\nwindow.realtime = realtime;\n");
  const built = await esbuild.build({
    entryPoints: [appEntry], bundle: true, write: false, format: 'iife', platform: 'browser',
    nodePaths: [path.join(__dirname, 'node_modules')], logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const bundlePath = path.join(work, 'app.bundle.js');
  fs.writeFileSync(bundlePath, built.outputFiles[0].text);

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const children = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log('# page error: ' + e.message));
    // The app page: the shim first (with the session in its URL), then the bundle.
    await page.setContent(
      `<!doctype html><script src="${hub}/bridge-shim.js?session=${encodeURIComponent(session)}"></script>` +
      `<script>${built.outputFiles[0].text.replace(/<\/script/gi, '<\\/script')}</script>`,
      { waitUntil: 'load' });
    await page.evaluate(() => {
      window.got = {};
      window.subs = {};
      window.listen = async (key, channel, options, global) => {
        window.got[key] = [];
        const fn = global ? window.realtime.subscribeGlobal : window.realtime.subscribe;
        window.subs[key] = await fn(channel, (payload, error) => {
          window.got[key].push(error ? { error: error.message, code: error.code } : { payload });
        }, options);
        return true;
      };
    });
    const got = (key) => page.evaluate((k) => window.got[k], key);
    const waitGot = async (key, n, what) => {
      const end = Date.now() + 10000;
      for (;;) {
        const list = await got(key);
        if (list && list.length >= n) return list;
        if (Date.now() > end) throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify(list));
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    // 1. subscribe, and a resolver's publish arrives parsed.
    await page.evaluate(() => window.listen('scoped', 'orders', {}));
    const pub = resolverPublish('orders', { foo: 'foo', bar: 'bar' });
    check(pub.eventId, 'the resolver publish found the page subscribed: ' + JSON.stringify(pub));
    const scoped = await waitGot('scoped', 1, 'the resolver event');
    check(JSON.stringify(scoped[0].payload) === JSON.stringify({ foo: 'foo', bar: 'bar' }), 'payload ' + JSON.stringify(scoped));
    resolverPublish('orders', 'plain text');
    const plain = await waitGot('scoped', 2, 'a string event');
    check(plain[1].payload === 'plain text', 'a string stays a string: ' + JSON.stringify(plain));
    ok('realtime.subscribe receives @forge/realtime publishes');

    // 2. subscribeGlobal.
    await page.evaluate(() => window.listen('global', 'announcements', {}, true));
    check(resolverPublish('announcements', { g: 1 }, {}, {}, true).eventId, 'global publish delivered');
    const glob = await waitGot('global', 1, 'the global event');
    check(glob[0].payload.g === 1, 'global payload');
    ok('realtime.subscribeGlobal');

    // 3. replaySeconds: an event published before this subscription is replayed.
    resolverPublish('orders', { early: true });
    await waitGot('scoped', 3, 'the early event');
    await page.evaluate(() => window.listen('replay', 'orders', { replaySeconds: 60 }));
    const replayed = await waitGot('replay', 3, 'the replay');
    check(replayed.some((e) => e.payload && e.payload.early === true), 'replayed ' + JSON.stringify(replayed));
    ok('replaySeconds');

    // 4. contextOverrides: another module meets the page on the issue alone.
    await page.evaluate(() => window.listen('override', 'issue-feed', { contextOverrides: ['issue'] }));
    const viaOverride = resolverPublish('issue-feed', { by: 'other module' }, { contextOverrides: ['issue'] },
      { FRT_MODULE: 'jira:issueGlance' });
    check(viaOverride.eventId, 'override publish delivered: ' + JSON.stringify(viaOverride));
    const over = await waitGot('override', 1, 'the override event');
    check(over[0].payload.by === 'other module', 'override payload');
    ok('contextOverrides');

    // 5. A token with claims: the page's and the resolver's claims must match.
    const token = frt(['sign-token', 'secure', '--claim', 'user=42']);
    await page.evaluate((t) => window.listen('token', 'secure', { token: t }), token);
    check(resolverPublish('secure', { secret: 1 }, { token }).eventId, 'same claims meet');
    check(resolverPublish('secure', { nope: 1 }).eventId === null, 'no token does not meet the claims');
    const tok = await waitGot('token', 1, 'the token event');
    check(tok.length === 1 && tok[0].payload.secret === 1, 'token payloads ' + JSON.stringify(tok));
    ok('a token with claims');

    // 6. unsubscribe(): nothing more arrives, and the key is no longer live.
    await page.evaluate(() => window.subs.global.unsubscribe());
    check(resolverPublish('announcements', { after: 1 }, {}, {}, true).eventId === null, 'no subscriber after unsubscribe');
    check((await got('global')).length === 1, 'no event after unsubscribe');
    ok('unsubscribe()');

    // 7. A publish from the page reaches `frt subscribe`.
    const sub = spawn(FRT, ['subscribe', 'from-page', '--module', MODULE, '--context', 'issue=' + ISSUE,
      '-c', '1', '-o', 'raw'], { env: process.env });
    children.push(sub);
    let subOut = '';
    let subErr = '';
    sub.stdout.on('data', (d) => { subOut += d; });
    sub.stderr.on('data', (d) => { subErr += d; });
    await waitFor(() => subErr.includes('subscribed'), 'frt subscribe to start');
    const result = await page.evaluate(() => window.realtime.publish('from-page', { x: 1 }));
    check(result.eventId && result.eventTimestamp, 'page publish result ' + JSON.stringify(result));
    await waitFor(() => subOut.includes('{"x":1}'), 'frt subscribe to print the page event');
    ok('realtime.publish from the page reaches frt subscribe');

    // 8. Other bridge calls are refused by name.
    const refused = await page.evaluate(() => globalThis.__bridge.callBridge('invoke', {}).then(() => 'resolved', (e) => e.message));
    check(/"invoke" is not available locally/.test(refused), 'refusal ' + refused);
    ok('other bridge calls are refused with their name');

    // 9. The inspector: live keys, a chosen key's events, escaping, a token, a screenshot.
    const url = frt(['ui', '--no-open', '-o', 'raw']);
    const inspector = await browser.newPage();
    await inspector.setViewport({ width: 1200, height: 900 });
    await inspector.goto(url, { waitUntil: 'load' });
    await inspector.waitForFunction(() => [...document.querySelectorAll('#keys tbody td')]
      .some((td) => td.textContent === 'orders'), { timeout: 10000 });
    await inspector.evaluate(() => {
      const row = [...document.querySelectorAll('#keys tbody tr')]
        .find((tr) => tr.cells[2].textContent === 'orders' && tr.cells[1].textContent === 'scoped');
      row.click();
    });
    await inspector.waitForFunction(() => document.getElementById('status').textContent === 'connected', { timeout: 10000 });
    // The tap is attached a moment after the click; publish until an event shows.
    const hostile = { note: '<img src=x onerror="window.pwned=1">', n: 7 };
    const end = Date.now() + 10000;
    for (;;) {
      resolverPublish('orders', hostile);
      const shown = await inspector.evaluate(() => document.querySelectorAll('#events li').length);
      if (shown > 0) break;
      if (Date.now() > end) throw new Error('no event shown in the inspector');
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = await inspector.evaluate(() => document.querySelector('#events li pre').textContent);
    check(text.includes('"note": "<img src=x onerror=\\"window.pwned=1\\">"'), 'payload shown as text: ' + text);
    check(await inspector.evaluate(() => document.querySelectorAll('#events img').length === 0 && window.pwned === undefined),
      'network data never becomes markup');
    await inspector.type('#token', token);
    const facts = await inspector.evaluate(() => document.getElementById('token-facts').textContent);
    check(facts.includes('secure') && /expires.*in \d+m/.test(facts), 'token facts ' + facts);
    await inspector.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
    ok('the inspector shows live keys, events as text, a token, and a screenshot');

    console.log('all browser checks passed');
  } finally {
    for (const c of children) c.kill();
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.log('not ok - ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
