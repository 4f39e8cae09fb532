
use builtin;
use str;

set edit:completion:arg-completer[frt] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'frt'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'frt'= {
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand publish 'Publish an event to a scoped channel'
            cand publish-global 'Publish an event to a global channel (no module scope)'
            cand sign-token 'Sign a channel token; prints the token alone on stdout'
            cand inspect-token 'Decode a token and say when it expires and whether it would be accepted'
            cand subscribe 'Stream a channel''s events to stdout'
            cand serve 'Run the local hub that emulates the realtime service'
            cand channels 'List the hub''s live channel keys: who is subscribed where'
            cand bench 'Measure a hub: latency, throughput, fan-out, memory per connection'
            cand smoke 'Check the whole system end to end (an embedded hub unless --endpoint is given)'
            cand sdk-shim 'Print the Node shim that points unmodified @forge/realtime code at a frt hub'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'frt;publish'= {
            cand --file 'Read the payload from a file'
            cand --context-override 'Scope the channel by this context property only, instead of the whole module context (repeatable)'
            cand --installation 'Installation the call belongs to'
            cand --module 'Module key of the caller, e.g. jira:issuePanel'
            cand --context 'A context property of the caller, e.g. issue=10001 (repeatable)'
            cand --token 'Channel token from sign-token (its claims become part of the channel key)'
            cand --token-file 'Read the token from a file'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --lines 'Publish each line of stdin or of --file as its own event, in order'
            cand --json 'Refuse a payload that is not valid JSON'
            cand --require-subscribers 'Exit 3 when no subscriber received the event'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;publish-global'= {
            cand --file 'Read the payload from a file'
            cand --context-override 'Not accepted: global channels have no scope (kept to explain that)'
            cand --installation 'Installation the call belongs to'
            cand --module 'Module key of the caller, e.g. jira:issuePanel'
            cand --context 'A context property of the caller, e.g. issue=10001 (repeatable)'
            cand --token 'Channel token from sign-token (its claims become part of the channel key)'
            cand --token-file 'Read the token from a file'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --lines 'Publish each line of stdin or of --file as its own event, in order'
            cand --json 'Refuse a payload that is not valid JSON'
            cand --require-subscribers 'Exit 3 when no subscriber received the event'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;sign-token'= {
            cand --claims 'Claims as JSON; publisher and subscriber claims must match exactly'
            cand --claims-file 'Read the claims JSON from a file'
            cand --claim 'One claim, key=value; the value is JSON when it parses as JSON, else a string (repeatable)'
            cand --permission 'Limit the token to an operation (repeatable; default both)'
            cand --ttl 'Lifetime, e.g. 10m, 1h; the hub caps it at its maximum'
            cand --installation 'Installation the call belongs to'
            cand --module 'Module key of the caller, e.g. jira:issuePanel'
            cand --context 'A context property of the caller, e.g. issue=10001 (repeatable)'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;inspect-token'= {
            cand --file 'Read the token from a file'
            cand --key-file 'Verify against this signing-key file instead of asking the hub'
            cand --channel 'Fail unless the token is for this channel'
            cand --permission 'Fail unless the token grants this operation'
            cand --expires-within 'Fail when the token expires within this long, e.g. 1h'
            cand --installation 'Installation the call belongs to'
            cand --module 'Module key of the caller, e.g. jira:issuePanel'
            cand --context 'A context property of the caller, e.g. issue=10001 (repeatable)'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --verify 'Check the signature, against the hub (or --key-file)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;subscribe'= {
            cand --count 'Exit 0 after this many events'
            cand --timeout 'Stop after this long; exit 124 if --count was not reached'
            cand --replay-seconds 'First deliver the events of the last N seconds that the hub still holds'
            cand --hint-after 'With -v: ask the hub for near misses after this long without an event'
            cand --context-override 'Scope the channel by this context property only, instead of the whole module context (repeatable)'
            cand --installation 'Installation the call belongs to'
            cand --module 'Module key of the caller, e.g. jira:issuePanel'
            cand --context 'A context property of the caller, e.g. issue=10001 (repeatable)'
            cand --token 'Channel token from sign-token (its claims become part of the channel key)'
            cand --token-file 'Read the token from a file'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --global 'Subscribe to the global plane (events from publish-global)'
            cand --no-reconnect 'Treat a lost connection as an error (exit 1) instead of reconnecting'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;serve'= {
            cand --addr 'Address to listen on; port 0 picks a free port'
            cand --state-dir 'Where keys and hub.json live (default: $XDG_STATE_HOME/frt)'
            cand --rate-limit 'Operations per second per installation, or ''off'''
            cand --max-payload 'Largest payload accepted, e.g. 64KiB, 1MiB'
            cand --replay-window 'How far back replay and resume can reach'
            cand --replay-max-events 'Most events held per channel key for replay and resume'
            cand --grace 'How long a dropped subscriber stays counted and buffered for, awaiting its resume'
            cand --token-ttl 'Default and maximum token lifetime'
            cand --queue-limit 'Frames queued per connection before it is cut as a slow consumer'
            cand --queue-bytes 'Bytes queued per connection (live events, replay and replies) before it is cut as a slow consumer, e.g. 4MiB'
            cand --max-subscriptions 'Subscriptions one connection may hold'
            cand --max-pending 'Connections open without having sent a request; past it, the oldest is closed'
            cand --header-timeout 'Time a client has to send a request''s headers, also between keep-alive requests'
            cand --workers 'Threads running the hub''s event loop. One is fastest on small machines (no cross-thread wake-ups); more spread heavy fan-out over more cores'
            cand --ping-interval 'Interval of WebSocket pings to idle connections'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;channels'= {
            cand --installation 'Only keys of this installation'
            cand --name 'Only names matching this exact name or glob (e.g. ''order*'')'
            cand --watch 'Refresh every DUR (default 2s): in place on a terminal, else one JSON line each time'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --global 'Only the global plane'
            cand --show-claims 'Show token claims in full, not just their digest'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;bench'= {
            cand --msgs 'Messages (latency: samples) [default: latency 1000, throughput 200000, fanout 20000]'
            cand --size 'Payload size in bytes'
            cand --subs 'Subscribers for fanout'
            cand --conns 'Idle connections for connections'
            cand --duration 'Stop sending after this long, even if --msgs are not all sent'
            cand --via 'How to publish: stream (what --lines uses; throughput''s default) or http (pipelined POSTs, as the shared kit sends them; fanout''s default)'
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand --csv 'Write the result as CSV (a header line and a row)'
            cand --spread 'latency: let the OS place the embedded hub and the client (by default both are pinned to one core, which takes cross-core wake-ups out of the figure)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;smoke'= {
            cand --endpoint 'Hub base URL (default: the one in the state directory''s hub.json)'
            cand --api-key 'API key for the hub (default: from hub.json); never printed'
            cand --state-dir 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)'
            cand --request-timeout 'Time limit for each request, e.g. 500ms, 10s'
            cand --retries 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)'
            cand --forge-proxy 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub'
            cand --invocation-id 'The Forge invocation id the egress proxy authorizes'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;sdk-shim'= {
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;completions'= {
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;man'= {
            cand --out-dir 'Directory to write frt.1 and one page per subcommand into'
            cand -o 'Output format of results on stdout'
            cand --output 'Output format of results on stdout'
            cand --color 'When to colour output (NO_COLOR in the environment also turns colour off)'
            cand -v 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --verbose 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
            cand --no-input 'Never prompt; a missing value is an error instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'frt;help'= {
            cand publish 'Publish an event to a scoped channel'
            cand publish-global 'Publish an event to a global channel (no module scope)'
            cand sign-token 'Sign a channel token; prints the token alone on stdout'
            cand inspect-token 'Decode a token and say when it expires and whether it would be accepted'
            cand subscribe 'Stream a channel''s events to stdout'
            cand serve 'Run the local hub that emulates the realtime service'
            cand channels 'List the hub''s live channel keys: who is subscribed where'
            cand bench 'Measure a hub: latency, throughput, fan-out, memory per connection'
            cand smoke 'Check the whole system end to end (an embedded hub unless --endpoint is given)'
            cand sdk-shim 'Print the Node shim that points unmodified @forge/realtime code at a frt hub'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'frt;help;publish'= {
        }
        &'frt;help;publish-global'= {
        }
        &'frt;help;sign-token'= {
        }
        &'frt;help;inspect-token'= {
        }
        &'frt;help;subscribe'= {
        }
        &'frt;help;serve'= {
        }
        &'frt;help;channels'= {
        }
        &'frt;help;bench'= {
        }
        &'frt;help;smoke'= {
        }
        &'frt;help;sdk-shim'= {
        }
        &'frt;help;completions'= {
        }
        &'frt;help;man'= {
        }
        &'frt;help;help'= {
        }
    ]
    $completions[$command]
}
