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

  var socket = null;
  var open = null;          // a promise of the open socket
  var closedByUs = false;
  var delay = 200;
  var nextId = 1;
  var nextRef = 1;
  var subs = new Map();     // id -> {channel, isGlobal, options, onEvent, lastEventId, ready}
  var publishes = new Map(); // ref -> resolve

  function connect() {
    if (open) return open;
    open = new Promise(function (resolve) {
      var ws = new WebSocket(wsUrl);
      ws.onopen = function () {
        socket = ws;
        delay = 200;
        // After a reconnect, resubscribe everything, each after its own last event.
        subs.forEach(function (sub, id) { if (sub.sent) sendSubscribe(id, sub); });
        resolve(ws);
      };
      ws.onmessage = function (m) { onFrame(m.data); };
      ws.onclose = function (e) {
        socket = null;
        open = null;
        publishes.forEach(function (done) {
          done({ eventId: null, eventTimestamp: null, errors: ['connection to the hub lost: ' + (e.reason || e.code)] });
        });
        publishes.clear();
        if (e.code === 1008 && /session/.test(e.reason)) {
          subs.forEach(function (sub) { deliverError(sub, 'SESSION_EXPIRED', e.reason); });
          subs.clear();
          return;
        }
        if (!closedByUs && subs.size > 0) {
          setTimeout(connect, delay);
          delay = Math.min(delay * 2, 10000);
        }
      };
    });
    return open;
  }

  function send(frame) {
    return connect().then(function (ws) { ws.send(JSON.stringify(frame)); });
  }

  function sendSubscribe(id, sub) {
    var opts = sub.options || {};
    var frame = { type: 'subscribe', id: id, channel: sub.channel, global: !!sub.isGlobal };
    if (opts.token) frame.token = opts.token;
    if (opts.contextOverrides) frame.contextOverrides = opts.contextOverrides;
    if (sub.lastEventId) frame.since = sub.lastEventId;
    else if (opts.replaySeconds) frame.replaySeconds = opts.replaySeconds;
    socket.send(JSON.stringify(frame));
  }

  function decode(payload) {
    try {
      var v = JSON.parse(payload);
      if (typeof v === 'string') return v;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch (e) { /* not JSON: the string as published */ }
    return payload;
  }

  function bridgeError(code, message) {
    var err = new Error(message);
    err.code = code;
    return err;
  }

  function deliverError(sub, code, message) {
    var err = bridgeError(code, message);
    if (sub.ready) {
      sub.ready.reject(err);
      sub.ready = null;
    } else {
      try { sub.onEvent(undefined, err); } catch (e) { setTimeout(function () { throw e; }); }
    }
  }

  function onFrame(text) {
    var f;
    try { f = JSON.parse(text); } catch (e) { return; }
    var sub = f.id ? subs.get(f.id) : null;
    switch (f.type) {
      case 'subscribed':
        if (sub && sub.ready) { sub.ready.resolve(); sub.ready = null; }
        break;
      case 'event':
        if (!sub) return;
        sub.lastEventId = f.eventId;
        try { sub.onEvent(decode(f.payload)); } catch (e) { setTimeout(function () { throw e; }); }
        break;
      case 'published':
        var done = publishes.get(f.ref);
        if (done) { publishes.delete(f.ref); done({ eventId: f.eventId, eventTimestamp: f.eventTimestamp }); }
        break;
      case 'error':
        if (f.ref !== undefined && f.ref !== null && publishes.has(f.ref)) {
          var fail = publishes.get(f.ref);
          publishes.delete(f.ref);
          fail({ eventId: null, eventTimestamp: null, errors: [f.code + ': ' + f.message] });
        } else if (sub) {
          subs.delete(f.id);
          deliverError(sub, f.code, f.message);
        }
        break;
    }
  }

  function subscribeRealtimeChannel(args) {
    if (!args || typeof args.channelName !== 'string' || typeof args.onEvent !== 'function') {
      return Promise.reject(new Error('subscribeRealtimeChannel needs channelName and onEvent'));
    }
    var id = 'b' + (nextId++);
    var sub = { channel: args.channelName, isGlobal: !!args.isGlobal, options: args.options || {},
      onEvent: args.onEvent, lastEventId: null, ready: null };
    var confirmed = new Promise(function (resolve, reject) { sub.ready = { resolve: resolve, reject: reject }; });
    subs.set(id, sub);
    closedByUs = false;
    return connect().then(function () {
      sendSubscribe(id, sub);
      sub.sent = true;
      return confirmed;
    }).then(function () {
      return {
        unsubscribe: function () {
          if (!subs.delete(id)) return Promise.resolve();
          return send({ type: 'unsubscribe', id: id }).then(function () {
            if (subs.size === 0 && publishes.size === 0 && socket) { closedByUs = true; socket.close(1000, 'done'); }
          });
        }
      };
    });
  }

  function publishRealtimeChannel(args) {
    if (!args || typeof args.channelName !== 'string') {
      return Promise.reject(new Error('publishRealtimeChannel needs channelName'));
    }
    var opts = args.options || {};
    var payload = args.eventPayload;
    var ref = nextRef++;
    var frame = { type: 'publish', ref: ref, channel: args.channelName, global: !!args.isGlobal,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload) };
    if (opts.token) frame.token = opts.token;
    if (opts.contextOverrides) frame.contextOverrides = opts.contextOverrides;
    return new Promise(function (resolve) {
      publishes.set(ref, resolve);
      closedByUs = false;
      send(frame);
    });
  }

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
