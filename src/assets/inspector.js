// frt inspector: live keys, a key's events as they arrive, a publish form and a token
// inspector, in one page served by the hub. It holds no secret of its own: the session
// (from `frt ui`) is in the URL's fragment, which browsers never send to a server.
// Everything that came from the network is put on the page as text, never as HTML.
(function () {
  'use strict';
  var session = new URLSearchParams(location.hash.slice(1)).get('session') || '';
  var $ = function (id) { return document.getElementById(id); };
  var statusEl = $('status');

  function setStatus(text, ok) {
    statusEl.textContent = text;
    statusEl.className = 'status ' + (ok ? 'ok' : 'bad');
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  if (!session) {
    setStatus('no session: open the URL that frt ui printed', false);
    return;
  }

  // ---- live keys ----
  var chosen = null;

  function scopeText(scope) {
    if (!scope) return '';
    if (scope.kind === 'global') return 'no scope';
    if (scope.kind === 'module') {
      var parts = ['module ' + scope.module];
      Object.keys(scope.context || {}).forEach(function (k) { parts.push(k + '=' + scope.context[k]); });
      return parts.join(' ');
    }
    var values = scope.values || {};
    return 'overrides [' + Object.keys(values).map(function (k) { return k + '=' + values[k]; }).join(', ') + ']';
  }

  function keyId(c) {
    return JSON.stringify([c.installation, c.plane, c.name, c.scope, c.claims ? c.claims.digest : null]);
  }

  function renderKeys(list) {
    var body = $('keys').tBodies[0];
    body.textContent = '';
    $('keys-empty').hidden = list.length > 0;
    list.forEach(function (c) {
      var tr = document.createElement('tr');
      [c.installation, c.plane, c.name, scopeText(c.scope), c.claims ? c.claims.digest : '-',
        c.subscribers, c.published].forEach(function (v) { tr.appendChild(el('td', v)); });
      tr.dataset.key = keyId(c);
      if (chosen && chosen.id === tr.dataset.key) tr.className = 'chosen';
      tr.addEventListener('click', function () { choose(c); });
      body.appendChild(tr);
    });
  }

  function pollKeys() {
    fetch('/forge/realtime/v1/channels', { headers: { Authorization: 'Bearer ' + session } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error((body.errors && body.errors[0] && body.errors[0].message) || r.status);
          return body;
        });
      })
      .then(function (body) { renderKeys(body.channels || []); })
      .catch(function (e) { setStatus('keys: ' + e.message, false); });
  }

  // ---- the socket: a tap for the chosen key, and publishes ----
  var socket = null;
  var tapSerial = 0;
  var paused = false;
  var hidden = 0;
  var nextRef = 1;

  function connect() {
    var url = location.origin.replace(/^http/, 'ws') + '/forge/realtime/v1/subscribe?session=' +
      encodeURIComponent(session);
    socket = new WebSocket(url);
    socket.onopen = function () {
      setStatus('connected', true);
      if (chosen) tap(chosen);
    };
    socket.onclose = function (e) {
      // An expired or invalid session is for good: say so, and stop retrying.
      if (e.code === 1008 && /^SESSION_|session expired/.test(e.reason)) {
        setStatus(e.reason + ' (run frt ui again)', false);
        return;
      }
      setStatus('disconnected: ' + (e.reason || e.code) + ' (retrying)', false);
      setTimeout(connect, 2000);
    };
    socket.onmessage = function (m) {
      var f;
      try { f = JSON.parse(m.data); } catch (e) { return; }
      if (f.type === 'tapped') onTapped(f);
      else if (f.type === 'published') showPublished('published ' + (f.eventId || '(no subscriber: eventId null)'));
      else if (f.type === 'error') {
        if (f.ref !== undefined && f.ref !== null) showPublished(f.code + ': ' + f.message);
        else setStatus(f.code + ': ' + f.message, false);
      }
    };
  }

  function escapeGlob(name) {
    return name.replace(/[*?[\]]/g, function (c) { return '[' + c + ']'; });
  }

  function tap(c) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (tapSerial) socket.send(JSON.stringify({ type: 'unsubscribe', id: 't' + tapSerial }));
    tapSerial += 1;
    socket.send(JSON.stringify({ type: 'tap', id: 't' + tapSerial, installation: c.installation,
      name: escapeGlob(c.name), global: c.plane === 'global' }));
  }

  function choose(c) {
    chosen = { id: keyId(c), key: c };
    $('chosen').textContent = c.installation + ' · ' + c.plane + ' · "' + c.name + '" · ' + scopeText(c.scope);
    $('events').textContent = '';
    $('pause').disabled = false;
    Array.prototype.forEach.call($('keys').tBodies[0].rows, function (tr) {
      tr.className = tr.dataset.key === chosen.id ? 'chosen' : '';
    });
    var form = $('publish');
    form.channel.value = c.name;
    form.global.checked = c.plane === 'global';
    form.installation.value = c.installation;
    if (c.scope && c.scope.kind === 'module') {
      form.module.value = c.scope.module;
      form.context.value = JSON.stringify(c.scope.context || {});
    }
    tap(c);
  }

  function onTapped(f) {
    if (!chosen) return;
    var same = keyId({ installation: f.installation, plane: f.plane, name: f.name, scope: f.scope,
      claims: f.claimsDigest ? { digest: f.claimsDigest } : null });
    if (same !== chosen.id) return;
    if (paused) { hidden += 1; $('pause').textContent = 'Resume (' + hidden + ' not shown)'; return; }
    var li = document.createElement('li');
    li.appendChild(el('div', new Date(f.routedAt).toISOString() + ' · ' + (f.eventId || 'no subscriber') +
      ' · ' + f.receivers + (f.hubs === undefined ? ' received' : ' hub(s) received'), 'meta'));
    var text = f.payload;
    try { text = JSON.stringify(JSON.parse(f.payload), null, 2); } catch (e) { /* shown as published */ }
    li.appendChild(el('pre', text, 'payload'));
    var list = $('events');
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 500) list.removeChild(list.lastChild);
  }

  $('pause').addEventListener('click', function () {
    paused = !paused;
    hidden = 0;
    this.textContent = paused ? 'Resume' : 'Pause';
  });
  $('clear').addEventListener('click', function () { $('events').textContent = ''; });

  // ---- publish ----
  function showPublished(text) { $('publish-result').textContent = text; }

  $('publish').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target;
    var extension;
    try { extension = JSON.parse(form.context.value || '{}'); } catch (err) {
      showPublished('context is not JSON: ' + err.message);
      return;
    }
    var frame = { type: 'publish', ref: nextRef++, channel: form.channel.value, global: form.global.checked,
      payload: form.payload.value,
      context: { installationId: form.installation.value, moduleKey: form.module.value, extension: extension } };
    if (form.token.value.trim()) frame.token = form.token.value.trim();
    if (!socket || socket.readyState !== WebSocket.OPEN) { showPublished('not connected'); return; }
    socket.send(JSON.stringify(frame));
  });

  // ---- token inspector ----
  function b64json(part) {
    var s = part.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bytes = Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); });
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function span(seconds) {
    seconds = Math.abs(Math.round(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
  }

  var tokenFacts = null;
  function renderToken() {
    var dl = $('token-facts');
    dl.textContent = '';
    var text = $('token').value.trim();
    if (!text) { tokenFacts = null; return; }
    var add = function (k, v, cls) { dl.appendChild(el('dt', k)); dl.appendChild(el('dd', v, cls)); };
    try {
      var parts = text.split('.');
      if (parts.length !== 3) throw new Error('a JWT has three dot-separated parts; this has ' + parts.length);
      var header = b64json(parts[0]), payload = b64json(parts[1]);
      tokenFacts = payload;
      add('key id', header.kid || '-');
      add('channel', payload.channel && payload.channel.name !== undefined ? payload.channel.name : '(none)');
      add('installation', payload.installationId || '(none)');
      add('permissions', payload.permissions ? payload.permissions.join(', ') + ' only' : 'publish and subscribe');
      add('claims', JSON.stringify(payload.claims || {}, null, 2));
      if (payload.iat) add('issued', new Date(payload.iat * 1000).toISOString());
      if (payload.exp) {
        var left = payload.exp - Date.now() / 1000;
        add('expires', new Date(payload.exp * 1000).toISOString() + ' (' +
          (left > 0 ? 'in ' + span(left) : 'expired ' + span(left) + ' ago') + ')', left > 0 ? '' : 'expired');
      }
      add('signature', 'not checked here (frt inspect-token --verify checks it)');
    } catch (err) {
      tokenFacts = null;
      add('error', err.message, 'expired');
    }
  }
  $('token').addEventListener('input', renderToken);
  setInterval(function () { if (tokenFacts) renderToken(); }, 1000);

  connect();
  pollKeys();
  setInterval(pollKeys, 2000);
})();
