//! The examples shown under each command's help and in its man page, and the root
//! help's epilogue.

use crate::exit::ExitStatus;

pub const ROOT_EXAMPLES: &str = "\
Examples:
  frt serve                                   # a local hub on 127.0.0.1:7878
  frt subscribe demo                          # in a second terminal
  frt publish demo '{\"hello\":\"world\"}'        # in a third
  T=$(frt sign-token demo --claim user=42)    # a token, captured
  frt inspect-token \"$T\"                      # when does it expire?
  frt smoke                                   # check everything on an embedded hub";

/// The root help's epilogue: the examples, then every exit status.
pub fn root_after_help() -> String {
    format!("{ROOT_EXAMPLES}\n\n{}", ExitStatus::help_summary())
}

/// The examples shown in a subcommand's help and man page.
pub fn examples_for(name: &str) -> &'static str {
    match name {
        "publish" => PUBLISH_EXAMPLES,
        "publish-global" => PUBLISH_GLOBAL_EXAMPLES,
        "sign-token" => SIGN_EXAMPLES,
        "inspect-token" => INSPECT_EXAMPLES,
        "subscribe" => SUBSCRIBE_EXAMPLES,
        "serve" => SERVE_EXAMPLES,
        "smoke" => SMOKE_EXAMPLES,
        "channels" => CHANNELS_EXAMPLES,
        "tap" => TAP_EXAMPLES,
        "profile" => PROFILE_EXAMPLES,
        "browser-session" => BROWSER_SESSION_EXAMPLES,
        "ui" => UI_EXAMPLES,
        "sdk-shim" => SDK_SHIM_EXAMPLES,
        "bench" => BENCH_EXAMPLES,
        "completions" => COMPLETIONS_EXAMPLES,
        "man" => MAN_EXAMPLES,
        "replay" => REPLAY_EXAMPLES,
        "mcp" => MCP_EXAMPLES,
        _ => ROOT_EXAMPLES,
    }
}

pub const CHANNELS_EXAMPLES: &str = "\
Examples:
  frt channels                                # every live key
  frt channels --name 'order*' --installation local
  frt channels --global -o json | jq '.channels[].subscribers'
  frt channels --watch 1s";

pub const BENCH_EXAMPLES: &str = "\
Examples:
  frt bench latency                           # embedded hub, 1000 samples
  frt bench throughput --msgs 1000000         # ordered stream, as --lines sends it
  frt bench fanout --subs 100 --msgs 20000
  frt bench connections --conns 2000
  frt bench fanout --endpoint http://127.0.0.1:7878 -o json   # a running hub";

pub const SDK_SHIM_EXAMPLES: &str = "\
Examples:
  frt sdk-shim > frt-shim.js
  node -r ./frt-shim.js resolver.js           # @forge/realtime now talks to 'frt serve'
  FRT_MODULE=jira:issuePanel FRT_CONTEXT=issue=10001 node -r ./frt-shim.js resolver.js";

pub const SMOKE_EXAMPLES: &str = "\
Examples:
  frt smoke                                   # embedded hub, temporary state
  frt smoke --endpoint http://127.0.0.1:7878  # a running hub (key from hub.json)
  frt smoke -o json | jq .passed";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  frt completions bash > ~/.local/share/bash-completion/completions/frt
  frt completions zsh > ~/.zfunc/_frt
  frt completions fish > ~/.config/fish/completions/frt.fish";

pub const MAN_EXAMPLES: &str = "\
Examples:
  frt man --out-dir ~/.local/share/man/man1 && man frt";

pub const PUBLISH_EXAMPLES: &str = "\
Examples:
  frt publish demo '{\"hello\":\"world\"}'
  frt publish demo --file event.json --json
  make build 2>&1 | frt publish build-log - --lines
  frt publish orders '{\"id\":1}' --module jira:issuePanel --context issue=10001
  frt publish orders hi --context project=P1 --context-override project
  ID=$(frt publish demo hi -o raw --require-subscribers)";

pub const PUBLISH_GLOBAL_EXAMPLES: &str = "\
Examples:
  frt publish-global announcements 'deploy finished'
  frt publish-global prices - --lines < ticks.ndjson";

pub const SIGN_EXAMPLES: &str = "\
Examples:
  T=$(frt sign-token demo)
  frt sign-token demo --claim user=42 --claim roles='[\"admin\"]' --permission subscribe
  frt sign-token demo --claims '{\"team\":\"red\"}' --ttl 10m -o json";

pub const INSPECT_EXAMPLES: &str = "\
Examples:
  frt inspect-token \"$T\"
  echo \"$T\" | frt inspect-token -
  frt inspect-token \"$T\" --verify --channel demo --permission publish
  frt inspect-token \"$T\" --expires-within 1h || T=$(frt sign-token demo)";

pub const SUBSCRIBE_EXAMPLES: &str = "\
Examples:
  frt subscribe demo
  frt subscribe demo -o raw | jq .
  frt sub demo -o json | jq .data.orderId             # JSON payloads, parsed
  frt subscribe deploys --count 1 --timeout 30s       # CI: wait for one event
  frt sub deploys -q -c 1 -t 30s -o raw               # the same, results only
  frt subscribe demo --replay 1m                      # include the last minute
  frt subscribe announcements --global";

pub const SERVE_EXAMPLES: &str = "\
Examples:
  frt serve
  frt serve --addr 127.0.0.1:0 --state-dir ./hub     # a free port, private state
  frt serve --rate-limit off --max-payload 1MiB

Endpoints: POST /forge/realtime/v1/publish, /publish/global, /token, /token/verify;
GET /forge/realtime/v1/subscribe (WebSocket), /forge/realtime/v1/channels;
POST /graphql (the @forge/realtime mutations); GET /sdk-shim.js, /healthz, /metrics.";

pub const TAP_EXAMPLES: &str = "\
Examples:
  frt tap                                    # everything, as it is routed
  frt tap --undelivered                      # what reached nobody, and its exact key
  frt tap --installation local --name 'order*' -o json | jq .receivers";

pub const PROFILE_EXAMPLES: &str = "\
Examples:
  frt profile add staging -e https://hub.staging.example --api-key-env STAGING_FRT_KEY
  frt profile add jira --api-key-file ~/.frt-key --installation prod-1 --module jira:issuePanel
  frt profile use staging                    # every command uses it from now on
  frt --profile jira publish orders hi       # this command only (or FRT_PROFILE=jira)
  frt profile show";

pub const BROWSER_SESSION_EXAMPLES: &str = "\
Examples:
  frt browser-session --module jira:issuePanel --context issue=10001 --url
  S=$(frt browser-session --installation i-1 --allow-publish --ttl 8h)
  frt browser-session --global-only -o json";

pub const UI_EXAMPLES: &str = "\
Examples:
  frt ui                  # prints the inspector URL and opens it when a browser is there
  frt ui --no-open        # the URL only (over ssh, say)";

pub const REPLAY_EXAMPLES: &str = "\
Examples:
  frt sub orders -o json > orders.ndjson             # capture what a page receives
  frt replay orders.ndjson                           # publish it again, with its timing
  frt replay orders.ndjson --speed 0                 # as fast as the hub accepts
  frt replay orders.ndjson --speed 10 --channel orders-test
  frt tap -o json > all.ndjson                        # every key, as the hub routed it
  FRT_STATE_DIR=/tmp/hub frt replay all.ndjson       # to another local hub";

pub const MCP_EXAMPLES: &str = "\
Examples:
  frt mcp                                            # the hub from hub.json, over stdio
  frt mcp --profile staging --max-wait 30s --max-events 50

An editor starts it from its MCP settings, e.g.
  {\"mcpServers\": {\"frt\": {\"command\": \"frt\", \"args\": [\"mcp\"]}}}
Tools: publish, publish_global, subscribe, sign_token, inspect_token, list_channels,
explain_undelivered. Results never hold the API key or the signing key.";
