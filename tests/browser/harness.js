// The browser half of the Forge realtime loop, for real: the published @forge/bridge,
// unmodified and bundled with esbuild, runs in Chromium (puppeteer-core) after frt's
// bridge shim, against `frt serve`. Unmodified @forge/realtime resolver code publishes
// through `frt sdk-shim`. Then the page's link to the hub is cut and restored (a TCP
// proxy between the page and the hub, and DevTools' offline mode): subscriptions
// resume without loss or duplicates, calls made while cut off settle, an expired
// session is reported, an oversized publish is named. Then the inspector gets a DOM
// check and a screenshot.
//
// Environment: FRT_BIN (the frt binary), FRT_STATE_DIR (the hub's), CHROMIUM (the
// browser), SCREENSHOT (where to write the inspector's screenshot).
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
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

// A TCP proxy between the page and the hub whose link can be cut (every connection
// closed, new ones refused) and restored, like a network that drops.
function startProxy(target) {
  const to = new URL(target);
  const live = new Set();
  const proxy = { down: false };
  const server = net.createServer((client) => {
    if (proxy.down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(to.port), to.hostname);
    const end = () => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    for (const s of [client, upstream]) {
      live.add(s);
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  proxy.cut = () => {
    proxy.down = true;
    for (const s of live) s.destroy();
    live.clear();
  };
  proxy.restore = () => { proxy.down = false; };
  proxy.close = () => { proxy.cut(); server.close(); };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    proxy.url = 'http://127.0.0.1:' + server.address().port;
    resolve(proxy);
  }));
}

// Counts the page's WebSockets opened and closed, for the test to wait on; runs before
// the shim. The page's own code, not a change to the shim or the bridge.
const INSTRUMENT = `<script>(function () {
  var Native = window.WebSocket;
  window.NativeWebSocket = Native;
  window.__ws = { opened: 0, closed: 0 };
  function Counted(url, protocols) {
    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    ws.addEventListener('open', function () { window.__ws.opened += 1; });
    ws.addEventListener('close', function () { window.__ws.closed += 1; });
    return ws;
  }
  Counted.prototype = Native.prototype;
  window.WebSocket = Counted;
})();</script>`;

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
  const proxy = await startProxy(hub);
  const bundle = built.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
  // An app page: the shim first (from `origin`, with the session in its URL), then
  // the bundle, and helpers that record what the bridge calls give back.
  const appPage = async (origin, sess, query) => {
    const p = await browser.newPage();
    p.on('pageerror', (e) => console.log('# page error: ' + e.message));
    await p.setContent(
      `<!doctype html>${INSTRUMENT}<script src="${origin}/bridge-shim.js?session=${encodeURIComponent(sess)}${query || ''}"></script>` +
      `<script>${bundle}</script>`,
      { waitUntil: 'load' });
    await p.evaluate(() => {
      window.got = {};
      window.subs = {};
      window.settled = {};
      const callback = (key) => (payload, error) => {
        window.got[key].push(error ? { error: error.message, code: error.code } : { payload });
      };
      window.listen = async (key, channel, options, global) => {
        window.got[key] = [];
        const fn = global ? window.realtime.subscribeGlobal : window.realtime.subscribe;
        window.subs[key] = await fn(channel, callback(key), options);
        return true;
      };
      // Starts a call without waiting; its outcome lands in window.settled[key].
      window.track = (key, promise) => {
        window.settled[key] = { state: 'pending' };
        promise.then(
          (value) => { window.settled[key] = { state: 'resolved', value: value || null }; },
          (e) => { window.settled[key] = { state: 'rejected', message: e.message, code: e.code }; });
        return true;
      };
      window.listenLater = (key, channel, options) => {
        window.got[key] = [];
        return window.track(key, window.realtime.subscribe(channel, callback(key), options)
          .then((sub) => { window.subs[key] = sub; return null; }));
      };
    });
    return p;
  };
  const gotOn = (p, key) => p.evaluate((k) => window.got[k], key);
  const waitGotOn = async (p, key, n, what, ms = 10000) => {
    const end = Date.now() + ms;
    for (;;) {
      const list = await gotOn(p, key);
      if (list && list.length >= n) return list;
      if (Date.now() > end) throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify(list));
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const settledOn = async (p, key, what, ms = 10000) => {
    const end = Date.now() + ms;
    for (;;) {
      const s = await p.evaluate((k) => window.settled[k], key);
      if (s && s.state !== 'pending') return s;
      if (Date.now() > end) throw new Error('timed out waiting for ' + what + ' to settle');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const pageWait = async (p, fn, arg, what, ms = 10000) => {
    await p.waitForFunction(fn, { polling: 20, timeout: ms }, arg)
      .catch((e) => { throw new Error('timed out waiting for ' + what + ': ' + e.message); });
  };
  try {
    // The app page reaches the hub through the proxy, so its link can be cut.
    const page = await appPage(proxy.url, session);
    const got = (key) => gotOn(page, key);
    const waitGot = (key, n, what) => waitGotOn(page, key, n, what);

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

    // 14 needs a session that expires during the run: its clock runs meanwhile.
    const shortLived = JSON.parse(frt(['browser-session', '--module', MODULE, '--context', 'issue=' + ISSUE,
      '--allow-publish', '--ttl', '6s', '-o', 'json']));
    const expiring = await appPage(hub, shortLived.session);
    await expiring.evaluate(() => window.listen('doomed', 'doomed', {}));

    // 9-12. The page's link is cut. Before: a subscription with events (scoped), one
    // confirmed that has seen none (early), one the page publishes to (echo); and a
    // second page whose calls wait at most 1.5 s (wait=1500).
    await page.evaluate(() => window.listen('early', 'cut-early', {}));
    await page.evaluate(() => window.listen('echo', 'echo', {}));
    const impatient = await appPage(proxy.url, session, '&wait=1500');
    const before = (await got('scoped')).length;
    const closedBefore = await page.evaluate(() => window.__ws.closed);
    proxy.cut();
    await page.setOfflineMode(true);
    await pageWait(page, (n) => window.__ws.closed > n, closedBefore, 'the page to see its socket close');
    // Published while the page is cut off: acknowledged, since the hub holds the
    // page's subscriptions for the grace period.
    const cut1 = resolverPublish('orders', { cut: 1 });
    const cut2 = resolverPublish('orders', { cut: 2 });
    const early = resolverPublish('cut-early', { early: 1 });
    check(cut1.eventId && cut2.eventId && early.eventId, 'publishes during the cut were acknowledged: ' +
      JSON.stringify([cut1, cut2, early]));
    // Calls made while cut off.
    await page.evaluate(() => {
      window.listenLater('during', 'during-cut', {});
      window.track('unsub', window.subs.override.unsubscribe());
      window.track('pub', window.realtime.publish('echo', { offline: 1 }));
    });
    await impatient.evaluate(() => {
      window.listenLater('sub', 'never', {});
      window.track('pub', window.realtime.publish('echo', { never: 1 }));
    });
    const gaveUp = await settledOn(impatient, 'sub', 'a subscribe that cannot reach the hub');
    const gaveUpPub = await settledOn(impatient, 'pub', 'a publish that cannot reach the hub');
    check(gaveUp.state === 'rejected' && gaveUp.code === 'HUB_UNREACHABLE' && /frt serve/.test(gaveUp.message),
      'a subscribe that cannot reach the hub rejects: ' + JSON.stringify(gaveUp));
    check(gaveUpPub.state === 'resolved' && gaveUpPub.value.eventId === null &&
      /^HUB_UNREACHABLE: /.test(gaveUpPub.value.errors[0]), 'a publish that cannot reach the hub settles: ' +
      JSON.stringify(gaveUpPub));
    const waiting = await page.evaluate(() => ['during', 'unsub', 'pub'].map((k) => window.settled[k].state));
    check(waiting.every((s) => s === 'pending'), 'calls wait while the link is down: ' + waiting);
    ok('calls that cannot reach the hub settle after the bounded wait (HUB_UNREACHABLE)');
    proxy.restore();
    await page.setOfflineMode(false);

    // Resume: the events published during the cut arrive once, in order, then live ones.
    await waitGot('scoped', before + 2, 'the events published during the cut');
    check(resolverPublish('orders', { live: 1 }).eventId, 'live publish after the cut');
    const resumed = (await waitGot('scoped', before + 3, 'a live event after the resume')).slice(before);
    check(JSON.stringify(resumed.map((e) => e.payload)) === JSON.stringify([{ cut: 1 }, { cut: 2 }, { live: 1 }]),
      'exactly once, in order: ' + JSON.stringify(resumed));
    ok('reconnect and resume: events published while the page was cut off arrive once, in order');

    const first = await waitGot('early', 1, 'the event published before the subscription saw any');
    check(first.length === 1 && first[0].payload.early === 1, 'early ' + JSON.stringify(first));
    ok('a subscription cut before its first event resumes from its position');

    const during = await settledOn(page, 'during', 'the subscribe made during the cut');
    const unsub = await settledOn(page, 'unsub', 'the unsubscribe made during the cut');
    const offPub = await settledOn(page, 'pub', 'the publish made during the cut');
    check(during.state === 'resolved', 'subscribe during the cut ' + JSON.stringify(during));
    check(unsub.state === 'resolved', 'unsubscribe during the cut ' + JSON.stringify(unsub));
    check(offPub.state === 'resolved' && offPub.value.eventId, 'publish during the cut ' + JSON.stringify(offPub));
    check(resolverPublish('during-cut', { d: 1 }).eventId, 'the subscription made during the cut is live');
    const dur = await waitGot('during', 1, 'an event on the subscription made during the cut');
    check(dur[0].payload.d === 1, 'during ' + JSON.stringify(dur));
    const overBefore = (await got('override')).length;
    check(resolverPublish('issue-feed', { gone: 1 }, { contextOverrides: ['issue'] },
      { FRT_MODULE: 'jira:issueGlance' }).eventId === null, 'the unsubscribe made during the cut ended it on the hub');
    check(resolverPublish('echo', { marker: 1 }).eventId, 'echo marker');
    const echo = await waitGot('echo', 2, 'the publish made during the cut and a marker');
    check(JSON.stringify(echo.map((e) => e.payload)) === JSON.stringify([{ offline: 1 }, { marker: 1 }]),
      'the page publish made during the cut arrived once: ' + JSON.stringify(echo));
    check((await got('override')).length === overBefore, 'nothing after the unsubscribe');
    ok('subscribe, unsubscribe and publish made during a cut are sent when the link returns');

    // 13. An oversized publish: the shim refuses it without touching its socket...
    const sockets = await page.evaluate(() => ({ ...window.__ws }));
    const big = await page.evaluate(() => window.realtime.publish('echo', 'x'.repeat(600 * 1024)));
    check(big.eventId === null && /^PAYLOAD_TOO_LARGE: payload is 614400 bytes; this hub accepts up to 65536 \(frt serve --max-payload\)$/
      .test(big.errors[0]), 'oversized publish ' + JSON.stringify(big));
    const small = await page.evaluate(() => window.realtime.publish('echo', { small: 1 }));
    check(small.eventId, 'a publish after the refused one ' + JSON.stringify(small));
    const after = await page.evaluate(() => ({ ...window.__ws }));
    check(JSON.stringify(after) === JSON.stringify(sockets), 'the socket stayed: ' + JSON.stringify([sockets, after]));
    // ...and the hub's refusal reaches a page that sends one anyway: per publish when
    // the frame is within the socket's limit, else a 1009 close with the reason.
    const wsUrl = hub.replace(/^http/, 'ws') + '/forge/realtime/v1/subscribe?session=' + encodeURIComponent(session);
    const raw = await page.evaluate(async (url) => {
      const attempt = (payload) => new Promise((resolve) => {
        const ws = new window.NativeWebSocket(url);
        const seen = [];
        const timer = setTimeout(() => { ws.close(); resolve({ timeout: true, seen }); }, 10000);
        ws.onopen = () => {
          // Subscribed and answered first, like the shim's socket: without its lingering
          // close the hub's reset then beat its close frame most of the time.
          ws.send(JSON.stringify({ type: 'subscribe', id: 'r', channel: 'raw' }));
          ws.send(JSON.stringify({ type: 'publish', ref: 1, channel: 'echo', payload }));
        };
        ws.onmessage = (m) => {
          const f = JSON.parse(m.data);
          if (f.type === 'subscribed') return;
          seen.push(f.type + ' ' + (f.code || ''));
          if (f.ref === 1) ws.send(JSON.stringify({ type: 'publish', ref: 2, channel: 'echo', payload: 'ok' }));
          if (f.ref === 2) ws.close(1000, 'done');
        };
        ws.onclose = (e) => { clearTimeout(timer); resolve({ code: e.code, reason: e.reason, seen }); };
      });
      const results = [await attempt('y'.repeat(100 * 1024))];
      for (let i = 0; i < 10; i += 1) results.push(await attempt('z'.repeat(600 * 1024)));
      return results;
    }, wsUrl);
    check(raw[0].seen.join() === 'error PAYLOAD_TOO_LARGE,published ',
      'a frame within the socket limit is refused per publish: ' + JSON.stringify(raw[0]));
    for (const r of raw.slice(1)) {
      check(r.code === 1009 && /max-payload/.test(r.reason), 'a frame over the socket limit closes with 1009 and why: ' +
        JSON.stringify(r));
    }
    ok('an oversized publish is named: by the shim before sending, by the hub per publish or with close 1009');

    // 14. The short session expires: its subscription hears SESSION_EXPIRED once...
    const doomed = await waitGotOn(expiring, 'doomed', 1, 'the session to expire', 15000);
    check(doomed[0].code === 'SESSION_EXPIRED', 'expiry reaches the callback ' + JSON.stringify(doomed));
    const refusedToo = await expiring.evaluate(() =>
      window.realtime.subscribe('again', () => {}).then(() => 'subscribed', (e) => e.code));
    check(refusedToo === 'SESSION_EXPIRED', 'a later subscribe is refused: ' + refusedToo);
    check((await gotOn(expiring, 'doomed')).length === 1, 'the callback heard it once');
    // ...and a page opened with it is told so, once, instead of retrying.
    const late = await appPage(hub, shortLived.session);
    const lateSub = await late.evaluate(() =>
      window.realtime.subscribe('late', () => {}).then(() => ({ ok: true }), (e) => ({ code: e.code, message: e.message })));
    check(lateSub.code === 'SESSION_EXPIRED' && /frt browser-session/.test(lateSub.message),
      'a page opened with an expired session: ' + JSON.stringify(lateSub));
    const latePub = await late.evaluate(() => window.realtime.publish('late', { a: 1 }));
    check(latePub.eventId === null && /^SESSION_EXPIRED: /.test(latePub.errors[0]), 'its publish ' + JSON.stringify(latePub));
    const lateAgain = await late.evaluate(() =>
      window.realtime.subscribe('late', () => {}).then(() => 'subscribed', (e) => e.code));
    check(lateAgain === 'SESSION_EXPIRED', 'and every later call: ' + lateAgain);
    check(await late.evaluate(() => window.__ws.opened) === 1, 'one socket, no retries');
    ok('an expired session is reported as SESSION_EXPIRED and not retried');

    // 15. The inspector: live keys, a chosen key's events, escaping, a token, a screenshot.
    const url = frt(['ui', '--no-open', '-o', 'raw']);
    const inspector = await browser.newPage();
    const failedLoads = [];
    inspector.on('response', (r) => {
      if (r.status() >= 400) failedLoads.push(r.status() + ' ' + new URL(r.url()).pathname);
    });
    inspector.on('console', (m) => {
      if (m.type() === 'error') failedLoads.push('console: ' + m.text());
    });
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
    const icon = await fetch(hub + '/favicon.ico');
    const iconBytes = Buffer.from(await icon.arrayBuffer());
    check(icon.status === 200 && icon.headers.get('content-type') === 'image/x-icon' &&
      iconBytes.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])), 'a favicon');
    check(failedLoads.length === 0, 'nothing failed to load on the inspector: ' + JSON.stringify(failedLoads));
    ok('the inspector shows live keys, events as text, a token, and a screenshot');

    console.log('all browser checks passed');
  } finally {
    for (const c of children) c.kill();
    proxy.close();
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.log('not ok - ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
