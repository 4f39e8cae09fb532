
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'frt' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'frt'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'frt' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish an event to a scoped channel')
            [CompletionResult]::new('pub', 'pub', [CompletionResultType]::ParameterValue, 'Publish an event to a scoped channel')
            [CompletionResult]::new('publish-global', 'publish-global', [CompletionResultType]::ParameterValue, 'Publish an event to a global channel (no module scope)')
            [CompletionResult]::new('sign-token', 'sign-token', [CompletionResultType]::ParameterValue, 'Sign a channel token; prints the token alone on stdout')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local hub that emulates the realtime service')
            [CompletionResult]::new('sdk-shim', 'sdk-shim', [CompletionResultType]::ParameterValue, 'Print the Node shim that points unmodified @forge/realtime code at a frt hub')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a directory')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('channels', 'channels', [CompletionResultType]::ParameterValue, 'List the hub''s live channel keys: who is subscribed where')
            [CompletionResult]::new('inspect-token', 'inspect-token', [CompletionResultType]::ParameterValue, 'Decode a token and say when it expires and whether it would be accepted')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure a hub: latency, throughput, fan-out, memory per connection')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check the whole system end to end (an embedded hub unless --endpoint is given)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'frt;publish' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;pub' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;publish-global' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Not a publish flag: subscribe takes --count')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Not accepted: global channels have no scope (kept to explain that)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sign-token' {
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'Claims as JSON; publisher and subscriber claims must match exactly')
            [CompletionResult]::new('--claims-file', '--claims-file', [CompletionResultType]::ParameterName, 'Read the claims JSON from a file')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'One claim, key=value; the value is JSON when it parses as JSON, else a string (repeatable)')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Limit the token to an operation (repeatable; default both)')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime, e.g. 10m, 1h; the hub caps it at its maximum')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on; port 0 picks a free port')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where keys and hub.json live (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Operations per second per installation, or ''off''')
            [CompletionResult]::new('--max-payload', '--max-payload', [CompletionResultType]::ParameterName, 'Largest payload accepted, e.g. 64KiB, 1MiB')
            [CompletionResult]::new('--replay-window', '--replay-window', [CompletionResultType]::ParameterName, 'How far back replay and resume can reach')
            [CompletionResult]::new('--replay-max-events', '--replay-max-events', [CompletionResultType]::ParameterName, 'Most events held per channel key for replay and resume')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long a dropped subscriber stays counted and buffered for, awaiting its resume')
            [CompletionResult]::new('--token-ttl', '--token-ttl', [CompletionResultType]::ParameterName, 'Default and maximum token lifetime')
            [CompletionResult]::new('--queue-limit', '--queue-limit', [CompletionResultType]::ParameterName, 'Frames queued per connection before it is cut as a slow consumer')
            [CompletionResult]::new('--queue-bytes', '--queue-bytes', [CompletionResultType]::ParameterName, 'Bytes queued per connection (live events, replay and replies) before it is cut as a slow consumer, e.g. 4MiB')
            [CompletionResult]::new('--max-subscriptions', '--max-subscriptions', [CompletionResultType]::ParameterName, 'Subscriptions one connection may hold')
            [CompletionResult]::new('--max-pending', '--max-pending', [CompletionResultType]::ParameterName, 'Connections open without having sent a request; past it, the oldest is closed')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send a request''s headers, also between keep-alive requests')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Threads running the hub''s event loop. One is fastest on small machines (no cross-thread wake-ups); more spread heavy fan-out over more cores')
            [CompletionResult]::new('--ping-interval', '--ping-interval', [CompletionResultType]::ParameterName, 'Interval of WebSocket pings to idle connections')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sdk-shim' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory to write frt.1 and one page per subcommand into')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;subscribe' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)')
            [CompletionResult]::new('--hint-after', '--hint-after', [CompletionResultType]::ParameterName, 'With -v: ask the hub for near misses after this long without an event')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--no-reconnect', '--no-reconnect', [CompletionResultType]::ParameterName, 'Treat a lost connection as an error (exit 1) instead of reconnecting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sub' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)')
            [CompletionResult]::new('--hint-after', '--hint-after', [CompletionResultType]::ParameterName, 'With -v: ask the hub for near misses after this long without an event')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--no-reconnect', '--no-reconnect', [CompletionResultType]::ParameterName, 'Treat a lost connection as an error (exit 1) instead of reconnecting')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;channels' {
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Only keys of this installation')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only names matching this exact name or glob (e.g. ''order*'')')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh every DUR (default 2s): in place on a terminal, else one JSON line each time')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Only the global plane')
            [CompletionResult]::new('--show-claims', '--show-claims', [CompletionResultType]::ParameterName, 'Show token claims in full, not just their digest')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;inspect-token' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Verify against this signing-key file instead of asking the hub')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Fail unless the token is for this channel')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Fail unless the token grants this operation')
            [CompletionResult]::new('--expires-within', '--expires-within', [CompletionResultType]::ParameterName, 'Fail when the token expires within this long, e.g. 1h')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the signature, against the hub (or --key-file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;bench' {
            [CompletionResult]::new('--msgs', '--msgs', [CompletionResultType]::ParameterName, 'Messages (latency: samples) [default: latency 1000, throughput 200000, fanout 20000]')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Payload size in bytes')
            [CompletionResult]::new('--subs', '--subs', [CompletionResultType]::ParameterName, 'Subscribers for fanout')
            [CompletionResult]::new('--conns', '--conns', [CompletionResultType]::ParameterName, 'Idle connections for connections')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop sending after this long, even if --msgs are not all sent')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'How to publish: stream (what --lines uses; throughput''s default) or http (pipelined POSTs, as the shared kit sends them; fanout''s default)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Write the result as CSV (a header line and a row)')
            [CompletionResult]::new('--spread', '--spread', [CompletionResultType]::ParameterName, 'latency: let the OS place the embedded hub and the client (by default both are pinned to one core, which takes cross-core wake-ups out of the figure)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;smoke' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;help' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish an event to a scoped channel')
            [CompletionResult]::new('publish-global', 'publish-global', [CompletionResultType]::ParameterValue, 'Publish an event to a global channel (no module scope)')
            [CompletionResult]::new('sign-token', 'sign-token', [CompletionResultType]::ParameterValue, 'Sign a channel token; prints the token alone on stdout')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local hub that emulates the realtime service')
            [CompletionResult]::new('sdk-shim', 'sdk-shim', [CompletionResultType]::ParameterValue, 'Print the Node shim that points unmodified @forge/realtime code at a frt hub')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a directory')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('channels', 'channels', [CompletionResultType]::ParameterValue, 'List the hub''s live channel keys: who is subscribed where')
            [CompletionResult]::new('inspect-token', 'inspect-token', [CompletionResultType]::ParameterValue, 'Decode a token and say when it expires and whether it would be accepted')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure a hub: latency, throughput, fan-out, memory per connection')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check the whole system end to end (an embedded hub unless --endpoint is given)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'frt;help;publish' {
            break
        }
        'frt;help;publish-global' {
            break
        }
        'frt;help;sign-token' {
            break
        }
        'frt;help;serve' {
            break
        }
        'frt;help;sdk-shim' {
            break
        }
        'frt;help;completions' {
            break
        }
        'frt;help;man' {
            break
        }
        'frt;help;subscribe' {
            break
        }
        'frt;help;channels' {
            break
        }
        'frt;help;inspect-token' {
            break
        }
        'frt;help;bench' {
            break
        }
        'frt;help;smoke' {
            break
        }
        'frt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
