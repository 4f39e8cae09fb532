// frt SDK shim: require it before your resolver code and the unmodified
// @forge/realtime package (publish, publishGlobal, signRealtimeToken) talks to a
// local frt hub instead of the Forge platform.
//
//   node -r ./frt-shim.js my-resolver.js
//
// The hub is found like the frt CLI finds it: FRT_ENDPOINT and FRT_API_KEY, else
// hub.json in FRT_STATE_DIR (default $XDG_STATE_HOME/frt, ~/.local/state/frt).
// The caller's context comes from FRT_INSTALLATION (default "local"), FRT_MODULE
// (default "frt-cli") and FRT_CONTEXT ("issue=10001,project=P1"); change it at run
// time with require('./frt-shim.js').setContext({...}).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function findHub() {
  let endpoint = process.env.FRT_ENDPOINT;
  let apiKey = process.env.FRT_API_KEY;
  if (!endpoint || !apiKey) {
    const stateHome = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
    const dir = process.env.FRT_STATE_DIR || path.join(stateHome, 'frt');
    let hub;
    try {
      hub = JSON.parse(fs.readFileSync(path.join(dir, 'hub.json'), 'utf8'));
    } catch (e) {
      throw new Error(`frt shim: no hub found (${e.message}); start one with 'frt serve' or set FRT_ENDPOINT and FRT_API_KEY`);
    }
    endpoint = endpoint || hub.endpoint;
    apiKey = apiKey || hub.apiKey;
  }
  return { endpoint: endpoint.replace(/\/+$/, ''), apiKey };
}

function contextFromEnv() {
  const extension = {};
  for (const pair of (process.env.FRT_CONTEXT || '').split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at > 0) extension[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    installationId: process.env.FRT_INSTALLATION || 'local',
    moduleKey: process.env.FRT_MODULE || 'frt-cli',
    extension,
  };
}

const hub = findHub();
let current = contextFromEnv();

function contextToken() {
  return Buffer.from(JSON.stringify(current)).toString('base64url');
}

global.__forge_runtime__ = {
  get appContext() {
    return { installationId: current.installationId };
  },
  get realtime() {
    return { contextToken: contextToken() };
  },
};

global.__forge_fetch__ = async (_service, _path, init = {}) => {
  const headers = Object.assign({}, init.headers || {});
  headers.authorization = `Bearer ${hub.apiKey}`;
  if (!headers['x-forge-context-token']) headers['x-forge-context-token'] = contextToken();
  return fetch(`${hub.endpoint}/graphql`, { method: init.method || 'POST', body: init.body, headers });
};

module.exports = {
  endpoint: hub.endpoint,
  /** Replaces the caller's context: {installationId, moduleKey, extension}. */
  setContext(context) {
    current = {
      installationId: context.installationId || 'local',
      moduleKey: context.moduleKey || 'frt-cli',
      extension: context.extension || {},
    };
  },
  getContext() {
    return JSON.parse(JSON.stringify(current));
  },
};
