# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_frt_global_optspecs
    string join \n v/verbose q/quiet no-input profile= h/help V/version
end

function __fish_frt_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_frt_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_frt_using_subcommand
    set -l cmd (__fish_frt_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c frt -n "__fish_frt_needs_command" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_needs_command" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_needs_command" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_needs_command" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_needs_command" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_needs_command" -f -a "publish" -d 'Publish an event to a scoped channel'
complete -c frt -n "__fish_frt_needs_command" -f -a "pub" -d 'Publish an event to a scoped channel'
complete -c frt -n "__fish_frt_needs_command" -f -a "publish-global" -d 'Publish an event to a global channel (no module scope)'
complete -c frt -n "__fish_frt_needs_command" -f -a "sign-token" -d 'Sign a channel token; prints the token alone on stdout'
complete -c frt -n "__fish_frt_needs_command" -f -a "inspect-token" -d 'Decode a token and say when it expires and whether it would be accepted'
complete -c frt -n "__fish_frt_needs_command" -f -a "subscribe" -d 'Stream a channel\'s events to stdout'
complete -c frt -n "__fish_frt_needs_command" -f -a "sub" -d 'Stream a channel\'s events to stdout'
complete -c frt -n "__fish_frt_needs_command" -f -a "replay" -d 'Publish a captured stream again (frt subscribe -o json, frt tap -o json), in order, with its timing'
complete -c frt -n "__fish_frt_needs_command" -f -a "mcp" -d 'Serve the Model Context Protocol on stdio: an assistant publishes, subscribes, signs and explains'
complete -c frt -n "__fish_frt_needs_command" -f -a "serve" -d 'Run the local hub that emulates the realtime service'
complete -c frt -n "__fish_frt_needs_command" -f -a "channels" -d 'List the hub\'s live channel keys: who is subscribed where'
complete -c frt -n "__fish_frt_needs_command" -f -a "tap" -d 'Watch every event the hub routes, whatever its key, and where it went'
complete -c frt -n "__fish_frt_needs_command" -f -a "bench" -d 'Measure a hub: latency, throughput, fan-out, memory per connection'
complete -c frt -n "__fish_frt_needs_command" -f -a "smoke" -d 'Check the whole system end to end (an embedded hub unless --endpoint is given)'
complete -c frt -n "__fish_frt_needs_command" -f -a "sdk-shim" -d 'Print the Node shim that points unmodified @forge/realtime code at a frt hub'
complete -c frt -n "__fish_frt_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c frt -n "__fish_frt_needs_command" -f -a "man" -d 'Write the man pages into a directory'
complete -c frt -n "__fish_frt_needs_command" -f -a "browser-session" -d 'Mint a browser session for @forge/bridge code or the inspector: the page never holds the API key'
complete -c frt -n "__fish_frt_needs_command" -f -a "ui" -d 'Open the hub\'s live inspector in a browser (prints its URL)'
complete -c frt -n "__fish_frt_needs_command" -f -a "profile" -d 'Named hubs and callers: add, list, use, show, remove'
complete -c frt -n "__fish_frt_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c frt -n "__fish_frt_using_subcommand publish" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -s f -l file -d 'Read the payload from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish" -l max-payload -d 'Refuse a payload over SIZE before sending it (exit 2); the hub\'s own --max-payload, e.g. 1MiB for a hub started with it' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -s c -l count -d 'Publish N events over one connection; the payload is a template (see --template)' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l interval -d 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l context-override -d 'Scope the channel by this context property only, instead of the whole module context (repeatable)' -r -f -a "board\t''
issue\t''
project\t''
content\t''
space\t''
repository\t''
pullRequest\t''"
complete -c frt -n "__fish_frt_using_subcommand publish" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand publish" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand publish" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand publish" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand publish" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand publish" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand publish" -l lines -d 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)'
complete -c frt -n "__fish_frt_using_subcommand publish" -l keep-empty -d 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them'
complete -c frt -n "__fish_frt_using_subcommand publish" -l json -d 'Refuse a payload that is not valid JSON'
complete -c frt -n "__fish_frt_using_subcommand publish" -l require-subscribers -d 'Exit 3 when no subscriber received the event'
complete -c frt -n "__fish_frt_using_subcommand publish" -l template -d 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)'
complete -c frt -n "__fish_frt_using_subcommand publish" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand publish" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand pub" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -s f -l file -d 'Read the payload from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand pub" -l max-payload -d 'Refuse a payload over SIZE before sending it (exit 2); the hub\'s own --max-payload, e.g. 1MiB for a hub started with it' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -s c -l count -d 'Publish N events over one connection; the payload is a template (see --template)' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l interval -d 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l context-override -d 'Scope the channel by this context property only, instead of the whole module context (repeatable)' -r -f -a "board\t''
issue\t''
project\t''
content\t''
space\t''
repository\t''
pullRequest\t''"
complete -c frt -n "__fish_frt_using_subcommand pub" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand pub" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand pub" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand pub" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand pub" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand pub" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand pub" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand pub" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand pub" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand pub" -l lines -d 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)'
complete -c frt -n "__fish_frt_using_subcommand pub" -l keep-empty -d 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them'
complete -c frt -n "__fish_frt_using_subcommand pub" -l json -d 'Refuse a payload that is not valid JSON'
complete -c frt -n "__fish_frt_using_subcommand pub" -l require-subscribers -d 'Exit 3 when no subscriber received the event'
complete -c frt -n "__fish_frt_using_subcommand pub" -l template -d 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)'
complete -c frt -n "__fish_frt_using_subcommand pub" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand pub" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand pub" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s f -l file -d 'Read the payload from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l max-payload -d 'Refuse a payload over SIZE before sending it (exit 2); the hub\'s own --max-payload, e.g. 1MiB for a hub started with it' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s c -l count -d 'Publish N events over one connection; the payload is a template (see --template)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l interval -d 'Pause between the events of --count, e.g. 100ms (default: as fast as the hub acknowledges)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l context-override -d 'Not accepted: global channels have no scope (kept to explain that)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l lines -d 'Publish each line of stdin or of --file as its own event, in order (blank lines are skipped unless --keep-empty)'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l keep-empty -d 'Publish an empty payload, and blank lines under --lines, instead of refusing or skipping them'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l json -d 'Refuse a payload that is not valid JSON'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l require-subscribers -d 'Exit 3 when no subscriber received the event'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l template -d 'Expand placeholders in the payload: {{seq}}, {{time}}, {{unix_ms}}, {{uuid}}, {{random}} (implied by --count above 1)'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand publish-global" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l claims -d 'Claims as JSON; publisher and subscriber claims must match exactly' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l claims-file -d 'Read the claims JSON from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l claim -d 'One claim, key=value; the value is JSON when it parses as JSON, else a string (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l permission -d 'Limit the token to an operation (repeatable; default both)' -r -f -a "subscribe\t''
publish\t''"
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l key-file -d 'Sign offline with this signing-key file (a hub\'s signing-key.json): no hub needed, the same token the hub would sign' -r -F
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l ttl -d 'Lifetime, e.g. 10m, 1h; the hub caps it at its maximum' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand sign-token" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s f -l file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l key-file -d 'Verify against this signing-key file instead of asking the hub' -r -F
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l channel -d 'Fail unless the token is for this channel' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l permission -d 'Fail unless the token grants this operation' -r -f -a "subscribe\t''
publish\t''"
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l expires-within -d 'Fail when the token expires within this long, e.g. 1h' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l verify -d 'Check the signature, against the hub (or --key-file)'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand inspect-token" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s c -l count -d 'Exit 0 after this many events' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s t -l timeout -d 'Stop after this long; exit 124 if --count was not reached' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l replay -d 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l since -d 'Resume after this event id (from an earlier run\'s output) instead of starting live; says whether the hub still held everything since' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l jq -d 'Filter and shape each event with jq, run on the object -o json prints (the parsed payload under .data); events the filter drops do not count for --count' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l hint-after -d 'With -v: ask the hub for near misses after this long without an event' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l context-override -d 'Scope the channel by this context property only, instead of the whole module context (repeatable)' -r -f -a "board\t''
issue\t''
project\t''
content\t''
space\t''
repository\t''
pullRequest\t''"
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s g -l global -d 'Subscribe to the global plane (events from publish-global)'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l timestamps -d 'Show when each event arrived and how long after its eventTimestamp (-o json always has receivedAt and latencyMs)'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l no-reconnect -d 'Treat a lost connection as an error (exit 1) instead of reconnecting'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand subscribe" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand sub" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -s c -l count -d 'Exit 0 after this many events' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -s t -l timeout -d 'Stop after this long; exit 124 if --count was not reached' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l replay -d 'First deliver the events of this recent past that the hub still holds, e.g. 30s, 5m (whole seconds; a bare number is seconds)' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l since -d 'Resume after this event id (from an earlier run\'s output) instead of starting live; says whether the hub still held everything since' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l jq -d 'Filter and shape each event with jq, run on the object -o json prints (the parsed payload under .data); events the filter drops do not count for --count' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l hint-after -d 'With -v: ask the hub for near misses after this long without an event' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l context-override -d 'Scope the channel by this context property only, instead of the whole module context (repeatable)' -r -f -a "board\t''
issue\t''
project\t''
content\t''
space\t''
repository\t''
pullRequest\t''"
complete -c frt -n "__fish_frt_using_subcommand sub" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand sub" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand sub" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand sub" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand sub" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand sub" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand sub" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand sub" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand sub" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand sub" -s g -l global -d 'Subscribe to the global plane (events from publish-global)'
complete -c frt -n "__fish_frt_using_subcommand sub" -l timestamps -d 'Show when each event arrived and how long after its eventTimestamp (-o json always has receivedAt and latencyMs)'
complete -c frt -n "__fish_frt_using_subcommand sub" -l no-reconnect -d 'Treat a lost connection as an error (exit 1) instead of reconnecting'
complete -c frt -n "__fish_frt_using_subcommand sub" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand sub" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand sub" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand replay" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l speed -d 'The capture\'s timing between events, scaled: 1 as captured, 2 twice as fast, 0.5 half as fast, 0 as fast as the hub accepts' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l channel -d 'Send every event to this channel instead of the one it was captured on' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l token -d 'Channel token from sign-token (its claims become part of the channel key)' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l token-file -d 'Read the token from a file' -r -F
complete -c frt -n "__fish_frt_using_subcommand replay" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand replay" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand replay" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand replay" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand replay" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l installation -d 'Send every event as this installation [default: the captured one]' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l module -d 'Send every event as this module [default: the captured one]' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l context -d 'Send every event with this context instead of the captured one, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand replay" -l context-override -d 'Scope every event by these context properties instead of the captured overrides (repeatable)' -r -f -a "board\t''
issue\t''
project\t''
content\t''
space\t''
repository\t''
pullRequest\t''"
complete -c frt -n "__fish_frt_using_subcommand replay" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand replay" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand replay" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand replay" -s g -l global -d 'Send every event on the global plane'
complete -c frt -n "__fish_frt_using_subcommand replay" -l scoped -d 'Send every event on the scoped plane'
complete -c frt -n "__fish_frt_using_subcommand replay" -l require-subscribers -d 'Exit 3 when an event reached nobody'
complete -c frt -n "__fish_frt_using_subcommand replay" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand replay" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand mcp" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l max-wait -d 'Longest a subscribe tool call collects events for (a call may ask for less)' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l max-events -d 'Most events a subscribe tool call returns (a call may ask for fewer)' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l truncate-at -d 'Payloads longer than this are cut in tool results, with a note saying so' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand mcp" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand mcp" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l installation -d 'Installation of tool calls that name none [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l module -d 'Module of tool calls that name none [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -l context -d 'Context of tool calls that name none, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand mcp" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand mcp" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand mcp" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand mcp" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand mcp" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand serve" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l addr -d 'Address to listen on; port 0 picks a free port' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l state-dir -d 'Where keys and hub.json live (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand serve" -l rate-limit -d 'Operations per second per installation, or \'off\'' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l max-payload -d 'Largest payload accepted, e.g. 64KiB, 1MiB' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l replay-window -d 'How far back replay and resume can reach' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l replay-max-events -d 'Most events held per channel key for replay and resume' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l grace -d 'How long a dropped subscriber stays counted and buffered for, awaiting its resume' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l token-ttl -d 'Default and maximum token lifetime' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l queue-limit -d 'Frames queued per connection before it is cut as a slow consumer' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l queue-bytes -d 'Bytes queued per connection (live events, replay and replies) before it is cut as a slow consumer, e.g. 4MiB' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l max-subscriptions -d 'Subscriptions one connection may hold' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l max-pending -d 'Connections open without having sent a request; past it, the oldest is closed' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l header-timeout -d 'Time a client has to send a request\'s headers, also between keep-alive requests' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l tls-cert -d 'Serve HTTPS and WSS with this certificate chain (PEM, leaf first); needs --tls-key. hub.json then records the https:// endpoint' -r -F
complete -c frt -n "__fish_frt_using_subcommand serve" -l tls-key -d 'The certificate\'s private key (PEM)' -r -F
complete -c frt -n "__fish_frt_using_subcommand serve" -l workers -d 'Threads running the hub\'s event loop. One is fastest on small machines (no cross-thread wake-ups); more spread heavy fan-out over more cores' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l ping-interval -d 'Interval of WebSocket pings to idle connections' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l redis -d 'Join the cluster of every hub given this Redis, e.g. redis://127.0.0.1:6379/0: one channel space, with presence, replay, rate limits and keys shared there. Also redis+sentinel://HOST:PORT[,HOST:PORT...]/PRIMARY[/DB] (followed through failovers) and redis+cluster://HOST:PORT[,HOST:PORT...] (keys sharded by channel); rediss... for TLS' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -l redis-cacert -d 'With --redis over TLS: a CA certificate (PEM) Redis\'s certificates chain to, besides the system\'s' -r -F
complete -c frt -n "__fish_frt_using_subcommand serve" -l redis-wait-replicas -d 'With --redis: acknowledge a publish only once N replicas have it (WAIT), so a failover cannot lose it; costs a replica round trip per publish' -r
complete -c frt -n "__fish_frt_using_subcommand serve" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand serve" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand serve" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand serve" -l rotate-keys -d 'With --redis: write a fresh API key and signing key for the whole cluster; every hub adopts them within a heartbeat (10 s), and tokens signed before stop verifying'
complete -c frt -n "__fish_frt_using_subcommand serve" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand serve" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand channels" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l installation -d 'Only keys of this installation' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l name -d 'Only names matching this exact name or glob (e.g. \'order*\')' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l watch -d 'Refresh every DUR (default 2s): in place on a terminal, else one JSON line each time' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand channels" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand channels" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand channels" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand channels" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand channels" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand channels" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand channels" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand channels" -s g -l global -d 'Only the global plane'
complete -c frt -n "__fish_frt_using_subcommand channels" -l scoped -d 'Only the scoped plane'
complete -c frt -n "__fish_frt_using_subcommand channels" -l show-claims -d 'Show token claims in full, not just their digest'
complete -c frt -n "__fish_frt_using_subcommand channels" -l this-hub -d 'On a cluster, only the keys of the hub asked (by default, every hub\'s, merged)'
complete -c frt -n "__fish_frt_using_subcommand channels" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand channels" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand channels" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand tap" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l installation -d 'Only keys of this installation' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l name -d 'Only names matching this exact name or glob (e.g. \'order*\')' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -s c -l count -d 'Exit 0 after this many events' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -s t -l timeout -d 'Stop after this long; exit 124 if --count was not reached' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand tap" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand tap" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand tap" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand tap" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand tap" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand tap" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand tap" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand tap" -s g -l global -d 'Only the global plane'
complete -c frt -n "__fish_frt_using_subcommand tap" -l scoped -d 'Only the scoped plane'
complete -c frt -n "__fish_frt_using_subcommand tap" -l undelivered -d 'Only events no subscriber received (eventId null)'
complete -c frt -n "__fish_frt_using_subcommand tap" -l no-reconnect -d 'Treat a lost connection as an error (exit 1) instead of reconnecting (to the next endpoint of a failover list); a tap replays nothing it missed'
complete -c frt -n "__fish_frt_using_subcommand tap" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand tap" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand tap" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand bench" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l msgs -d 'Messages (latency: samples) [default: latency 1000, throughput 200000, fanout 20000]' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l size -d 'Payload size in bytes' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l subs -d 'Subscribers for fanout' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l conns -d 'Idle connections for connections' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l duration -d 'Stop sending after this long, even if --msgs are not all sent' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l via -d 'How to publish: stream (what --lines uses; throughput\'s default) or http (pipelined POSTs, as the shared kit sends them; fanout\'s default)' -r -f -a "stream\t'The ordered, acknowledged WebSocket stream `frt publish --lines` uses'
http\t'HTTP POSTs pipelined on one keep-alive connection, as the shared kit\'s fanout.py sends them'"
complete -c frt -n "__fish_frt_using_subcommand bench" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand bench" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand bench" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand bench" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand bench" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand bench" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand bench" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand bench" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand bench" -l csv -d 'Write the result as CSV (a header line and a row)'
complete -c frt -n "__fish_frt_using_subcommand bench" -l spread -d 'latency: let the OS place the embedded hub and the client (by default both are pinned to one core, which takes cross-core wake-ups out of the figure)'
complete -c frt -n "__fish_frt_using_subcommand bench" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand bench" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand smoke" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand smoke" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand smoke" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand smoke" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand smoke" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand smoke" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand smoke" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand smoke" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand smoke" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand smoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand smoke" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand sdk-shim" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand completions" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand completions" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand completions" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand completions" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand completions" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand man" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand man" -l out-dir -d 'Directory to write frt.1 and one page per subcommand into' -r -F
complete -c frt -n "__fish_frt_using_subcommand man" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand man" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand man" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand man" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand man" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l ttl -d 'Lifetime, e.g. 30m, 8h (at most 24h)' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l installation -d 'Installation the call belongs to [default: local, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l module -d 'Module key of the caller, e.g. jira:issuePanel [default: frt-cli, or the profile\'s]' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l context -d 'A context property of the caller, e.g. issue=10001 (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l global-only -d 'Only the global plane (subscribeGlobal, publishGlobal)'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l allow-publish -d 'Let the page publish too (realtime.publish); by default it only subscribes'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l url -d 'Print the bridge-shim script URL carrying the session, ready for a <script> tag'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand browser-session" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand ui" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l ttl -d 'How long the inspector\'s admin session lasts, e.g. 8h (at most 24h)' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -s e -l endpoint -d 'Hub base URL (default: the one in the state directory\'s hub.json); several, comma-separated, are tried in order when one cannot be reached' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l api-key -d 'API key for the hub (default: from hub.json); never printed' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l state-dir -d 'Directory holding hub.json (default: $XDG_STATE_HOME/frt)' -r -F
complete -c frt -n "__fish_frt_using_subcommand ui" -l request-timeout -d 'Time limit for each request, e.g. 500ms, 10s' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l retries -d 'Retries after a refused connection, a 429 or a 5xx (exponential backoff with jitter, honouring Retry-After)' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l cacert -d 'Also trust the certificate authorities in this PEM file (for an https:// hub whose certificate the system does not know)' -r -F
complete -c frt -n "__fish_frt_using_subcommand ui" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand ui" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand ui" -l forge-proxy -d 'Inside a Forge container: publish and sign through the platform\'s egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -l invocation-id -d 'The Forge invocation id the egress proxy authorizes' -r
complete -c frt -n "__fish_frt_using_subcommand ui" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand ui" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand ui" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand ui" -l no-open -d 'Print the URL only; do not start a browser'
complete -c frt -n "__fish_frt_using_subcommand ui" -l insecure -d 'Do not check the hub\'s certificate at all (warns every time; for a throwaway self-signed hub only)'
complete -c frt -n "__fish_frt_using_subcommand ui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand ui" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -s o -l output -d 'Output format of results on stdout' -r -f -a "human\t'Readable lines, coloured on a terminal'
json\t'JSON: one object per result (NDJSON for streams)'
raw\t'The bare value: an event id, a token, a payload'"
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -l color -d 'When to colour output (NO_COLOR in the environment also turns colour off)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "add" -d 'Add a profile, or replace one with --force'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "list" -d 'List the profiles; the current one is marked'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "use" -d 'Make a profile the current one, used when no --profile is given'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "show" -d 'Show a profile (the current one by default); never prints a key'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "remove" -d 'Remove a profile'
complete -c frt -n "__fish_frt_using_subcommand profile; and not __fish_seen_subcommand_from add list use show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -s e -l endpoint -d 'The hub\'s base URL' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l api-key-file -d 'A file holding the hub\'s API key (mode 0600); the key itself is never stored' -r -F
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l api-key-env -d 'An environment variable holding the hub\'s API key' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l installation -d 'Default installation for calls through this profile' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l module -d 'Default module key' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l context -d 'Default context property, KEY=VALUE (repeatable)' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l forge-proxy -d 'Publish and sign through this Forge egress proxy instead of a hub' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l force -d 'Replace a profile of the same name'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -l profile -d 'Use this profile (frt profile list) instead of the current one' -r
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More detail on stderr: the resolved channel key, requests (API key redacted), hub logs'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only results and errors: no status lines, progress, warnings or hints'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; a missing value is an error instead'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a profile, or replace one with --force'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the profiles; the current one is marked'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a profile the current one, used when no --profile is given'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a profile (the current one by default); never prints a key'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile'
complete -c frt -n "__fish_frt_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "publish" -d 'Publish an event to a scoped channel'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "publish-global" -d 'Publish an event to a global channel (no module scope)'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "sign-token" -d 'Sign a channel token; prints the token alone on stdout'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "inspect-token" -d 'Decode a token and say when it expires and whether it would be accepted'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "subscribe" -d 'Stream a channel\'s events to stdout'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "replay" -d 'Publish a captured stream again (frt subscribe -o json, frt tap -o json), in order, with its timing'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "mcp" -d 'Serve the Model Context Protocol on stdio: an assistant publishes, subscribes, signs and explains'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "serve" -d 'Run the local hub that emulates the realtime service'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "channels" -d 'List the hub\'s live channel keys: who is subscribed where'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "tap" -d 'Watch every event the hub routes, whatever its key, and where it went'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "bench" -d 'Measure a hub: latency, throughput, fan-out, memory per connection'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "smoke" -d 'Check the whole system end to end (an embedded hub unless --endpoint is given)'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "sdk-shim" -d 'Print the Node shim that points unmodified @forge/realtime code at a frt hub'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "completions" -d 'Print a shell completion script'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "man" -d 'Write the man pages into a directory'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "browser-session" -d 'Mint a browser session for @forge/bridge code or the inspector: the page never holds the API key'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "ui" -d 'Open the hub\'s live inspector in a browser (prints its URL)'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "profile" -d 'Named hubs and callers: add, list, use, show, remove'
complete -c frt -n "__fish_frt_using_subcommand help; and not __fish_seen_subcommand_from publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
