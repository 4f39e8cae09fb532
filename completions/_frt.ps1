
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
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
            [CompletionResult]::new('inspect-token', 'inspect-token', [CompletionResultType]::ParameterValue, 'Decode a token and say when it expires and whether it would be accepted')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('sub', 'sub', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Publish a captured stream again (frt subscribe -o json, frt tap -o json), in order, with its timing')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the Model Context Protocol on stdio: an assistant publishes, subscribes, signs and explains')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local hub that emulates the realtime service')
            [CompletionResult]::new('channels', 'channels', [CompletionResultType]::ParameterValue, 'List the hub''s live channel keys: who is subscribed where')
            [CompletionResult]::new('tap', 'tap', [CompletionResultType]::ParameterValue, 'Watch every event the hub routes, whatever its key, and where it went')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure a hub: latency, throughput, fan-out, memory per connection')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check the whole system end to end (an embedded hub unless --endpoint is given)')
            [CompletionResult]::new('sdk-shim', 'sdk-shim', [CompletionResultType]::ParameterValue, 'Print the Node shim that points unmodified @forge/realtime code at a frt hub')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a directory')
            [CompletionResult]::new('browser-session', 'browser-session', [CompletionResultType]::ParameterValue, 'Mint a browser session for @forge/bridge code or the inspector: the page never holds the API key')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the hub''s live inspector in a browser (prints its URL)')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Named hubs and callers: add, list, use, show, remove')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'frt;publish' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--max-payload', '--max-payload', [CompletionResultType]::ParameterName, 'Refuse a payload over SIZE before sending it (exit 2); the hub''s own --max-payload, e.g. 1MiB for a hub started with it')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;pub' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--max-payload', '--max-payload', [CompletionResultType]::ParameterName, 'Refuse a payload over SIZE before sending it (exit 2); the hub''s own --max-payload, e.g. 1MiB for a hub started with it')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;publish-global' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the payload from a file')
            [CompletionResult]::new('--max-payload', '--max-payload', [CompletionResultType]::ParameterName, 'Refuse a payload over SIZE before sending it (exit 2); the hub''s own --max-payload, e.g. 1MiB for a hub started with it')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Publish N events over one connection; the payload is a template (see --template)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Not accepted: global channels have no scope (kept to explain that)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)')
            [CompletionResult]::new('--keep-empty', '--keep-empty', [CompletionResultType]::ParameterName, 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Refuse a payload that is not valid JSON')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when no subscriber received the event')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sign-token' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'Claims as JSON; publisher and subscriber claims must match exactly')
            [CompletionResult]::new('--claims-file', '--claims-file', [CompletionResultType]::ParameterName, 'Read the claims JSON from a file')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'One claim, key=value; the value is JSON when it parses as JSON, else a string (repeatable)')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Limit the token to an operation (repeatable; default both)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Sign offline with this signing-key file (a hub''s signing-key.json): no hub needed, the same token the hub would sign')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime, e.g. 10m, 1h; the hub caps it at its maximum')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;inspect-token' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Verify against this signing-key file instead of asking the hub')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Fail unless the token is for this channel')
            [CompletionResult]::new('--permission', '--permission', [CompletionResultType]::ParameterName, 'Fail unless the token grants this operation')
            [CompletionResult]::new('--expires-within', '--expires-within', [CompletionResultType]::ParameterName, 'Fail when the token expires within this long, e.g. 1h')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Check the signature, against the hub (or --key-file)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;subscribe' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Resume after this event id (from an earlier run''s output) instead of starting live; says whether the hub still held everything since')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter and shape each event with jq, run on the object -o json prints (the parsed payload under .data); events the filter drops do not count for --count')
            [CompletionResult]::new('--hint-after', '--hint-after', [CompletionResultType]::ParameterName, 'With -v: ask the hub for near misses after this long without an event')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--timestamps', '--timestamps', [CompletionResultType]::ParameterName, 'Show when each event arrived and how long after its eventTimestamp (-o json always has receivedAt and latencyMs)')
            [CompletionResult]::new('--no-reconnect', '--no-reconnect', [CompletionResultType]::ParameterName, 'Treat a lost connection as an error (exit 1) instead of reconnecting')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sub' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Resume after this event id (from an earlier run''s output) instead of starting live; says whether the hub still held everything since')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter and shape each event with jq, run on the object -o json prints (the parsed payload under .data); events the filter drops do not count for --count')
            [CompletionResult]::new('--hint-after', '--hint-after', [CompletionResultType]::ParameterName, 'With -v: ask the hub for near misses after this long without an event')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope the channel by this context property only, instead of the whole module context (repeatable)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Subscribe to the global plane (events from publish-global)')
            [CompletionResult]::new('--timestamps', '--timestamps', [CompletionResultType]::ParameterName, 'Show when each event arrived and how long after its eventTimestamp (-o json always has receivedAt and latencyMs)')
            [CompletionResult]::new('--no-reconnect', '--no-reconnect', [CompletionResultType]::ParameterName, 'Treat a lost connection as an error (exit 1) instead of reconnecting')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;replay' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'The capture''s timing between events, scaled: 1 as captured, 2 twice as fast, 0.5 half as fast, 0 as fast as the hub accepts')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'Send every event to this channel instead of the one it was captured on')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Channel token from sign-token (its claims become part of the channel key)')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of results on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output (NO_COLOR in the environment also turns colour off)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Send every event as this installation [default: the captured one]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Send every event as this module [default: the captured one]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Send every event with this context instead of the captured one, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('--context-override', '--context-override', [CompletionResultType]::ParameterName, 'Scope every event by these context properties instead of the captured overrides (repeatable)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Send every event on the global plane')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Send every event on the global plane')
            [CompletionResult]::new('--scoped', '--scoped', [CompletionResultType]::ParameterName, 'Send every event on the scoped plane')
            [CompletionResult]::new('--require-subscribers', '--require-subscribers', [CompletionResultType]::ParameterName, 'Exit 3 when an event reached nobody')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;mcp' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--max-wait', '--max-wait', [CompletionResultType]::ParameterName, 'Longest a subscribe tool call collects events for (a call may ask for less)')
            [CompletionResult]::new('--max-events', '--max-events', [CompletionResultType]::ParameterName, 'Most events a subscribe tool call returns (a call may ask for fewer)')
            [CompletionResult]::new('--truncate-at', '--truncate-at', [CompletionResultType]::ParameterName, 'Payloads longer than this are cut in tool results, with a note saying so')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Inside a Forge container: publish and sign through the platform''s egress proxy instead of a hub')
            [CompletionResult]::new('--invocation-id', '--invocation-id', [CompletionResultType]::ParameterName, 'The Forge invocation id the egress proxy authorizes')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation of tool calls that name none [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module of tool calls that name none [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context of tool calls that name none, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;serve' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS and WSS with this certificate chain (PEM, leaf first); needs --tls-key. hub.json then records the https:// endpoint')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The certificate''s private key (PEM)')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Threads running the hub''s event loop. One is fastest on small machines (no cross-thread wake-ups); more spread heavy fan-out over more cores')
            [CompletionResult]::new('--ping-interval', '--ping-interval', [CompletionResultType]::ParameterName, 'Interval of WebSocket pings to idle connections')
            [CompletionResult]::new('--redis', '--redis', [CompletionResultType]::ParameterName, 'Join the cluster of every hub given this Redis, e.g. redis://127.0.0.1:6379/0: one channel space, with presence, replay, rate limits and keys shared there. Also redis+sentinel://HOST:PORT[,HOST:PORT...]/PRIMARY[/DB] (followed through failovers) and redis+cluster://HOST:PORT[,HOST:PORT...] (keys sharded by channel); rediss... for TLS')
            [CompletionResult]::new('--redis-cacert', '--redis-cacert', [CompletionResultType]::ParameterName, 'With --redis over TLS: a CA certificate (PEM) Redis''s certificates chain to, besides the system''s')
            [CompletionResult]::new('--redis-wait-replicas', '--redis-wait-replicas', [CompletionResultType]::ParameterName, 'With --redis: acknowledge a publish only once N replicas have it (WAIT), so a failover cannot lose it; costs a replica round trip per publish')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only results and errors: no status lines, progress, warnings or hints')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is an error instead')
            [CompletionResult]::new('--rotate-keys', '--rotate-keys', [CompletionResultType]::ParameterName, 'With --redis: write a fresh API key and signing key for the whole cluster; every hub adopts them within a heartbeat (10 s), and tokens signed before stop verifying')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;channels' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Only keys of this installation')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only names matching this exact name or glob (e.g. ''order*'')')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh every DUR (default 2s): in place on a terminal, else one JSON line each time')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only the global plane')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Only the global plane')
            [CompletionResult]::new('--scoped', '--scoped', [CompletionResultType]::ParameterName, 'Only the scoped plane')
            [CompletionResult]::new('--show-claims', '--show-claims', [CompletionResultType]::ParameterName, 'Show token claims in full, not just their digest')
            [CompletionResult]::new('--this-hub', '--this-hub', [CompletionResultType]::ParameterName, 'On a cluster, only the keys of the hub asked (by default, every hub''s, merged)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;tap' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Only keys of this installation')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only names matching this exact name or glob (e.g. ''order*'')')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit 0 after this many events')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this long; exit 124 if --count was not reached')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only the global plane')
            [CompletionResult]::new('--global', '--global', [CompletionResultType]::ParameterName, 'Only the global plane')
            [CompletionResult]::new('--scoped', '--scoped', [CompletionResultType]::ParameterName, 'Only the scoped plane')
            [CompletionResult]::new('--undelivered', '--undelivered', [CompletionResultType]::ParameterName, 'Only events no subscriber received (eventId null)')
            [CompletionResult]::new('--no-reconnect', '--no-reconnect', [CompletionResultType]::ParameterName, 'Treat a lost connection as an error (exit 1) instead of reconnecting (to the next endpoint of a failover list); a tap replays nothing it missed')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;bench' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--msgs', '--msgs', [CompletionResultType]::ParameterName, 'Messages (latency: samples) [default: latency 1000, throughput 200000, fanout 20000]')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Payload size in bytes')
            [CompletionResult]::new('--subs', '--subs', [CompletionResultType]::ParameterName, 'Subscribers for fanout')
            [CompletionResult]::new('--conns', '--conns', [CompletionResultType]::ParameterName, 'Idle connections for connections')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Stop sending after this long, even if --msgs are not all sent')
            [CompletionResult]::new('--via', '--via', [CompletionResultType]::ParameterName, 'How to publish: stream (what --lines uses; throughput''s default) or http (pipelined POSTs, as the shared kit sends them; fanout''s default)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Write the result as CSV (a header line and a row)')
            [CompletionResult]::new('--spread', '--spread', [CompletionResultType]::ParameterName, 'latency: let the OS place the embedded hub and the client (by default both are pinned to one core, which takes cross-core wake-ups out of the figure)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;smoke' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;sdk-shim' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
        'frt;browser-session' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'Lifetime, e.g. 30m, 8h (at most 24h)')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Installation the call belongs to [default: local, or the profile''s]')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context property of the caller, e.g. issue=10001 (repeatable)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--global-only', '--global-only', [CompletionResultType]::ParameterName, 'Only the global plane (subscribeGlobal, publishGlobal)')
            [CompletionResult]::new('--allow-publish', '--allow-publish', [CompletionResultType]::ParameterName, 'Let the page publish too (realtime.publish); by default it only subscribes')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Print the bridge-shim script URL carrying the session, ready for a <script> tag')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;ui' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the inspector''s admin session lasts, e.g. 8h (at most 24h)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Hub base URL (default: the one in the state directory''s hub.json); several, comma-separated, are tried in order when one cannot be reached')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for the hub (default: from hub.json); never printed')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time limit for each request, e.g. 500ms, 10s')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)')
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
            [CompletionResult]::new('--no-open', '--no-open', [CompletionResultType]::ParameterName, 'Print the URL only; do not start a browser')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not check the hub''s certificate at all (warns every time; for a throwaway self-signed hub only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'frt;profile' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a profile, or replace one with --force')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles; the current one is marked')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the current one, used when no --profile is given')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile (the current one by default); never prints a key')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'frt;profile;add' {
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The hub''s base URL')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'The hub''s base URL')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'A file holding the hub''s API key (mode 0600); the key itself is never stored')
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'An environment variable holding the hub''s API key')
            [CompletionResult]::new('--installation', '--installation', [CompletionResultType]::ParameterName, 'Default installation for calls through this profile')
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Default module key')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Default context property, KEY=VALUE (repeatable)')
            [CompletionResult]::new('--forge-proxy', '--forge-proxy', [CompletionResultType]::ParameterName, 'Publish and sign through this Forge egress proxy instead of a hub')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a profile of the same name')
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
        'frt;profile;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
        'frt;profile;use' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
        'frt;profile;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
        'frt;profile;remove' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this profile (frt profile list) instead of the current one')
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
        'frt;profile;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a profile, or replace one with --force')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles; the current one is marked')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the current one, used when no --profile is given')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile (the current one by default); never prints a key')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'frt;profile;help;add' {
            break
        }
        'frt;profile;help;list' {
            break
        }
        'frt;profile;help;use' {
            break
        }
        'frt;profile;help;show' {
            break
        }
        'frt;profile;help;remove' {
            break
        }
        'frt;profile;help;help' {
            break
        }
        'frt;help' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish an event to a scoped channel')
            [CompletionResult]::new('publish-global', 'publish-global', [CompletionResultType]::ParameterValue, 'Publish an event to a global channel (no module scope)')
            [CompletionResult]::new('sign-token', 'sign-token', [CompletionResultType]::ParameterValue, 'Sign a channel token; prints the token alone on stdout')
            [CompletionResult]::new('inspect-token', 'inspect-token', [CompletionResultType]::ParameterValue, 'Decode a token and say when it expires and whether it would be accepted')
            [CompletionResult]::new('subscribe', 'subscribe', [CompletionResultType]::ParameterValue, 'Stream a channel''s events to stdout')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Publish a captured stream again (frt subscribe -o json, frt tap -o json), in order, with its timing')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve the Model Context Protocol on stdio: an assistant publishes, subscribes, signs and explains')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local hub that emulates the realtime service')
            [CompletionResult]::new('channels', 'channels', [CompletionResultType]::ParameterValue, 'List the hub''s live channel keys: who is subscribed where')
            [CompletionResult]::new('tap', 'tap', [CompletionResultType]::ParameterValue, 'Watch every event the hub routes, whatever its key, and where it went')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Measure a hub: latency, throughput, fan-out, memory per connection')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Check the whole system end to end (an embedded hub unless --endpoint is given)')
            [CompletionResult]::new('sdk-shim', 'sdk-shim', [CompletionResultType]::ParameterValue, 'Print the Node shim that points unmodified @forge/realtime code at a frt hub')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages into a directory')
            [CompletionResult]::new('browser-session', 'browser-session', [CompletionResultType]::ParameterValue, 'Mint a browser session for @forge/bridge code or the inspector: the page never holds the API key')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the hub''s live inspector in a browser (prints its URL)')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Named hubs and callers: add, list, use, show, remove')
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
        'frt;help;inspect-token' {
            break
        }
        'frt;help;subscribe' {
            break
        }
        'frt;help;replay' {
            break
        }
        'frt;help;mcp' {
            break
        }
        'frt;help;serve' {
            break
        }
        'frt;help;channels' {
            break
        }
        'frt;help;tap' {
            break
        }
        'frt;help;bench' {
            break
        }
        'frt;help;smoke' {
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
        'frt;help;browser-session' {
            break
        }
        'frt;help;ui' {
            break
        }
        'frt;help;profile' {
            break
        }
        'frt;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
