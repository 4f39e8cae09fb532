// frt bridge shim: the Custom UI half of Forge realtime, against a local frt hub.
//
// Load it before an app's bundle, with a browser session from
// `frt browser-session` in the script's own URL:
//
//   <script src="http://127.0.0.1:7878/bridge-shim.js?session=SESSION"></script>
//   <script src="app.bundle.js"></script>   <!-- import { realtime } from '@forge/bridge' -->
//
// It defines globalThis.__bridge.callBridge for the two realtime calls @forge/bridge
// makes ('subscribeRealtimeChannel', 'publishRealtimeChannel') over one WebSocket to
// the hub, with the same replay, resume, token and contextOverrides behaviour as
// `frt subscribe`. The session pins the caller (installation, module, context), as
// the platform's host page does; the app's code never names it. Any other bridge
// call is refused with an error naming it.
//
// Payloads: publish sends a string as it is and anything else as JSON. A callback
// receives what the bridge types as `string | T`: a JSON object parsed, a JSON string
// (how @forge/realtime sends a string) unquoted, and anything else as the text that
// was published. Errors arrive as the callback's second argument.
//
// The connection:
// - One socket, opened on the first call and closed when the last subscription ends
//   and nothing is pending. A lost socket is reopened at once when the browser says it is `online`,
//   else after 0.2 s, doubling up to 3 s, while anything is subscribed or waiting.
// - On reopening, every subscription is sent again with `since` = the id of its last
//   event, or else the `position` of its last `subscribed` frame, so events published
//   while the page was cut off arrive, exactly once. (A hub that sends no `position`
//   resumes a subscription that has seen no event from now.)
// - Calls made while there is no socket wait for the next one: subscribe and
//   unsubscribe are sent when it opens, and so is a publish (once: a publish whose
//   socket is lost before the hub answered settles with an error, since it may have
//   been delivered). Every call waits at most 30 s for the hub's answer (`wait=MS` in
//   the script's URL changes that); then a subscribe or unsubscribe rejects, and a
//   publish settles, with HUB_UNREACHABLE. No promise stays pending.
// - A publish always settles with the bridge's result shape: `eventId` and
//   `eventTimestamp`, or `errors` (["CODE: message"]) when it failed.
// - A session the hub refuses (expired, or not a session of this hub) ends
//   everything for good: no more reconnects, each subscription's callback hears
//   SESSION_EXPIRED (or SESSION_INVALID) once, and every pending and later call
//   fails with it (publishes in their `errors`).
// - A publish over the hub's payload limit (UTF-8 bytes, as sent) settles with
//   PAYLOAD_TOO_LARGE before anything is sent.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) {
    throw new Error('frt bridge shim: load it with <script src=".../bridge-shim.js?session=...">');
  }
  var self = new URL(script.src);
  var session = self.searchParams.get('session');
  if (!session) {
    throw new Error('frt bridge shim: no session in the script URL; mint one with frt browser-session');
  }
  var wsUrl = self.origin.replace(/^http/, 'ws') + '/forge/realtime/v1/subscribe?session=' +
    encodeURIComponent(session);
  // The hub fills in its --max-payload when it serves this file.
  var MAX_PAYLOAD = parseInt('__FRT_MAX_PAYLOAD__', 10);
  var WAIT_MS = Math.min(Math.max(parseInt(self.searchParams.get('wait'), 10) || 30000, 100), 600000);
  var RETRY_MIN = 200;
  var RETRY_MAX = 3000;

  var socket = null;        // the open socket, if any
  var attempt = null;       // a socket being opened
  var retryTimer = null;
  var delay = RETRY_MIN;
  var dead = null;          // the session's refusal, {code, message}: everything fails with it
  var nextId = 1;
  var nextRef = 1;
  // id -> {id, channel, isGlobal, options, onEvent, lastEventId, position, ready, ending, timer}
  var subs = new Map();
  var publishes = new Map(); // ref -> settle(result), for publishes sent on the open socket
  var queue = [];            // publishes waiting for a socket: {send(ws), fail(err), timer}

  function bridgeError(code, message) {
    var err = new Error(message);
    err.code = code;
    return err;
  }

  function unreachable(what) {
    return bridgeError('HUB_UNREACHABLE', 'frt bridge shim: ' + what + ' got no answer from the hub at ' +
      self.origin + ' within ' + Math.round(WAIT_MS / 1000) + ' s; is frt serve running and reachable?');
  }

  function failed(text) {
    return { eventId: null, eventTimestamp: null, errors: [text] };
  }

  function needed() {
    return subs.size > 0 || queue.length > 0 || publishes.size > 0;
  }

  function ensureConnected() {
    if (dead || socket || attempt || retryTimer) return;
    open();
  }

  function scheduleRetry() {
    if (dead || retryTimer || attempt || socket || !needed()) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      if (needed()) open();
    }, delay);
    delay = Math.min(delay * 2, RETRY_MAX);
  }

  function open() {
    clearTimeout(retryTimer);
    retryTimer = null;
    var ws;
    try {
      ws = new WebSocket(wsUrl);
    } catch (e) {
      scheduleRetry();
      return;
    }
    attempt = ws;
    ws.onopen = function () {
      if (attempt !== ws) return;
      attempt = null;
      socket = ws;
      delay = RETRY_MIN;
      // Resubscribe everything, each after its own last event; then what waited.
      subs.forEach(function (sub) { sendSubscribe(ws, sub); });
      var waiting = queue;
      queue = [];
      waiting.forEach(function (q) { clearTimeout(q.timer); q.send(ws); });
    };
    ws.onmessage = function (m) { if (socket === ws) onFrame(ws, m.data); };
    ws.onclose = function (e) {
      if (attempt === ws) attempt = null;
      if (socket !== ws) {
        // Not (or no longer) ours: a failed attempt, or one we closed.
        if (!socket && !attempt) closed(e);
        return;
      }
      socket = null;
      closed(e);
    };
  }

  function closed(e) {
    var reason = e.reason || '';
    if (e.code === 1008 && (/^SESSION_(EXPIRED|INVALID)\b/.test(reason) || /session expired/.test(reason))) {
      var code = /^SESSION_INVALID/.test(reason) ? 'SESSION_INVALID' : 'SESSION_EXPIRED';
      die(code, reason.replace(/^SESSION_[A-Z_]+:\s*/, '') || 'the browser session expired');
      return;
    }
    // Publishes sent on the lost socket: the hub may or may not have taken them.
    var lost = 'CONNECTION_LOST: connection to the hub lost (' + (reason || e.code) +
      ') before it answered; the event may or may not have been published';
    publishes.forEach(function (settle) { settle(failed(lost)); });
    publishes.clear();
    scheduleRetry();
  }

  // The session is over: everything pending and to come fails with its code.
  function die(code, message) {
    if (dead) return;
    dead = { code: code, message: message };
    clearTimeout(retryTimer);
    retryTimer = null;
    var err = bridgeError(code, message);
    var waiting = queue;
    queue = [];
    waiting.forEach(function (q) { clearTimeout(q.timer); q.fail(err); });
    publishes.forEach(function (settle) { settle(failed(code + ': ' + message)); });
    publishes.clear();
    var all = Array.from(subs.values());
    subs.clear();
    all.forEach(function (sub) {
      clearTimeout(sub.timer);
      if (sub.ending) sub.ending.resolve();
      else deliverError(sub, code, message);
    });
    if (socket) { var ws = socket; socket = null; ws.close(1000, 'session over'); }
  }

  // Closes the socket once the last subscription has ended and nothing waits (a page
  // that only publishes keeps its socket; one lost is reopened by the next call).
  function idle() {
    if (socket && !needed()) {
      var ws = socket;
      socket = null;
      ws.close(1000, 'done');
    }
  }

  function sendSubscribe(ws, sub) {
    var opts = sub.options || {};
    var frame = { type: 'subscribe', id: sub.id, channel: sub.channel, global: !!sub.isGlobal };
    if (opts.token) frame.token = opts.token;
    if (opts.contextOverrides) frame.contextOverrides = opts.contextOverrides;
    var resume = sub.lastEventId || sub.position;
    if (resume) frame.since = resume;
    else if (opts.replaySeconds) frame.replaySeconds = opts.replaySeconds;
    ws.send(JSON.stringify(frame));
    // An unsubscribe made while cut off: take the subscription back, then end it, so
    // the hub does not hold it for its grace period.
    if (sub.ending) ws.send(JSON.stringify({ type: 'unsubscribe', id: sub.id }));
  }

  function decode(payload) {
    try {
      var v = JSON.parse(payload);
      if (typeof v === 'string') return v;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch (e) { /* not JSON: the string as published */ }
    return payload;
  }

  function deliverError(sub, code, message) {
    var err = bridgeError(code, message);
    clearTimeout(sub.timer);
    if (sub.ready) {
      var ready = sub.ready;
      sub.ready = null;
      ready.reject(err);
    } else {
      try { sub.onEvent(undefined, err); } catch (e) { setTimeout(function () { throw e; }); }
    }
  }

  function onFrame(ws, text) {
    var f;
    try { f = JSON.parse(text); } catch (e) { return; }
    var sub = f.id ? subs.get(f.id) : null;
    switch (f.type) {
      case 'subscribed':
        if (!sub) {
          // Given up on (timed out) or ended meanwhile: the page no longer wants it.
          ws.send(JSON.stringify({ type: 'unsubscribe', id: f.id }));
          return;
        }
        if (typeof f.position === 'string') sub.position = f.position;
        if (sub.ready) {
          clearTimeout(sub.timer);
          var ready = sub.ready;
          sub.ready = null;
          ready.resolve();
        }
        break;
      case 'event':
        if (!sub || sub.ending) return;
        sub.lastEventId = f.eventId;
        try { sub.onEvent(decode(f.payload)); } catch (e) { setTimeout(function () { throw e; }); }
        break;
      case 'unsubscribed':
        if (sub && sub.ending) endSub(sub);
        break;
      case 'published':
        var done = publishes.get(f.ref);
        if (done) {
          publishes.delete(f.ref);
          done({ eventId: f.eventId, eventTimestamp: f.eventTimestamp });
        }
        break;
      case 'error':
        if (f.ref !== undefined && f.ref !== null && publishes.has(f.ref)) {
          var fail = publishes.get(f.ref);
          publishes.delete(f.ref);
          fail(failed(f.code + ': ' + f.message));
        } else if (sub && sub.ending) {
          endSub(sub);
        } else if (sub) {
          subs.delete(f.id);
          deliverError(sub, f.code, f.message);
        } else if (!f.id && /^SESSION_(EXPIRED|INVALID)$/.test(f.code || '')) {
          die(f.code, f.message);
        }
        break;
    }
  }

  function endSub(sub) {
    subs.delete(sub.id);
    clearTimeout(sub.timer);
    var ending = sub.ending;
    sub.ending = null;
    ending.resolve();
    idle();
  }

  function subscribeRealtimeChannel(args) {
    if (!args || typeof args.channelName !== 'string' || typeof args.onEvent !== 'function') {
      return Promise.reject(new Error('subscribeRealtimeChannel needs channelName and onEvent'));
    }
    if (dead) return Promise.reject(bridgeError(dead.code, dead.message));
    var id = 'b' + (nextId++);
    var sub = { id: id, channel: args.channelName, isGlobal: !!args.isGlobal, options: args.options || {},
      onEvent: args.onEvent, lastEventId: null, position: null, ready: null, ending: null, timer: null };
    var confirmed = new Promise(function (resolve, reject) {
      sub.ready = { resolve: resolve, reject: reject };
    });
    sub.timer = setTimeout(function () {
      if (!sub.ready || subs.get(id) !== sub) return;
      subs.delete(id);
      var ready = sub.ready;
      sub.ready = null;
      ready.reject(unreachable('subscribe to "' + sub.channel + '"'));
      idle();
    }, WAIT_MS);
    subs.set(id, sub);
    if (socket) sendSubscribe(socket, sub);
    else ensureConnected();
    return confirmed.then(function () {
      return { unsubscribe: function () { return unsubscribe(id); } };
    });
  }

  function unsubscribe(id) {
    var sub = subs.get(id);
    if (!sub) return Promise.resolve();   // already over
    if (sub.ending) return sub.ending.promise;
    var ending = {};
    ending.promise = new Promise(function (resolve, reject) {
      ending.resolve = resolve;
      ending.reject = reject;
    });
    sub.ending = ending;
    clearTimeout(sub.timer);
    sub.timer = setTimeout(function () {
      if (subs.get(id) !== sub) return;
      subs.delete(id);
      sub.ending = null;
      ending.reject(unreachable('unsubscribe from "' + sub.channel + '"'));
      idle();
    }, WAIT_MS);
    if (socket) socket.send(JSON.stringify({ type: 'unsubscribe', id: id }));
    else ensureConnected();
    return ending.promise;
  }

  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  function publishRealtimeChannel(args) {
    if (!args || typeof args.channelName !== 'string') {
      return Promise.reject(new Error('publishRealtimeChannel needs channelName'));
    }
    var opts = args.options || {};
    var raw = args.eventPayload;
    var payload = typeof raw === 'string' ? raw : JSON.stringify(raw);
    return new Promise(function (resolve) {
      if (dead) return resolve(failed(dead.code + ': ' + dead.message));
      if (MAX_PAYLOAD >= 0 && typeof payload === 'string') {
        var size = utf8Length(payload);
        if (size > MAX_PAYLOAD) {
          return resolve(failed('PAYLOAD_TOO_LARGE: payload is ' + size + ' bytes; this hub accepts up to ' +
            MAX_PAYLOAD + ' (frt serve --max-payload)'));
        }
      }
      var ref = nextRef++;
      var frame = { type: 'publish', ref: ref, channel: args.channelName, global: !!args.isGlobal,
        payload: payload };
      if (opts.token) frame.token = opts.token;
      if (opts.contextOverrides) frame.contextOverrides = opts.contextOverrides;
      var send = function (ws) {
        publishes.set(ref, resolve);
        ws.send(JSON.stringify(frame));
      };
      if (socket) return send(socket);
      var q = {
        send: send,
        fail: function (err) { resolve(failed(err.code + ': ' + err.message)); },
        timer: null
      };
      q.timer = setTimeout(function () {
        var at = queue.indexOf(q);
        if (at < 0) return;
        queue.splice(at, 1);
        q.fail(unreachable('publish to "' + args.channelName + '"'));
      }, WAIT_MS);
      queue.push(q);
      ensureConnected();
    });
  }

  window.addEventListener('online', function () {
    // The network is back: try now rather than at the end of the backoff.
    if (dead || socket || attempt || !needed()) return;
    delay = RETRY_MIN;
    open();
  });

  globalThis.__bridge = {
    callBridge: function (name, args) {
      switch (name) {
        case 'subscribeRealtimeChannel': return subscribeRealtimeChannel(args);
        case 'publishRealtimeChannel': return publishRealtimeChannel(args);
        default:
          return Promise.reject(new Error('frt bridge shim: "' + name +
            '" is not available locally; only the realtime calls (subscribeRealtimeChannel, publishRealtimeChannel) are'));
      }
    }
  };
})();
