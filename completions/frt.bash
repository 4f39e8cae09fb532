_frt() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="frt"
                ;;
            frt,bench)
                cmd="frt__subcmd__bench"
                ;;
            frt,browser-session)
                cmd="frt__subcmd__browser__subcmd__session"
                ;;
            frt,channels)
                cmd="frt__subcmd__channels"
                ;;
            frt,completions)
                cmd="frt__subcmd__completions"
                ;;
            frt,help)
                cmd="frt__subcmd__help"
                ;;
            frt,inspect-token)
                cmd="frt__subcmd__inspect__subcmd__token"
                ;;
            frt,man)
                cmd="frt__subcmd__man"
                ;;
            frt,mcp)
                cmd="frt__subcmd__mcp"
                ;;
            frt,profile)
                cmd="frt__subcmd__profile"
                ;;
            frt,pub)
                cmd="frt__subcmd__publish"
                ;;
            frt,publish)
                cmd="frt__subcmd__publish"
                ;;
            frt,publish-global)
                cmd="frt__subcmd__publish__subcmd__global"
                ;;
            frt,replay)
                cmd="frt__subcmd__replay"
                ;;
            frt,sdk-shim)
                cmd="frt__subcmd__sdk__subcmd__shim"
                ;;
            frt,serve)
                cmd="frt__subcmd__serve"
                ;;
            frt,sign-token)
                cmd="frt__subcmd__sign__subcmd__token"
                ;;
            frt,smoke)
                cmd="frt__subcmd__smoke"
                ;;
            frt,sub)
                cmd="frt__subcmd__subscribe"
                ;;
            frt,subscribe)
                cmd="frt__subcmd__subscribe"
                ;;
            frt,tap)
                cmd="frt__subcmd__tap"
                ;;
            frt,ui)
                cmd="frt__subcmd__ui"
                ;;
            frt__subcmd__help,bench)
                cmd="frt__subcmd__help__subcmd__bench"
                ;;
            frt__subcmd__help,browser-session)
                cmd="frt__subcmd__help__subcmd__browser__subcmd__session"
                ;;
            frt__subcmd__help,channels)
                cmd="frt__subcmd__help__subcmd__channels"
                ;;
            frt__subcmd__help,completions)
                cmd="frt__subcmd__help__subcmd__completions"
                ;;
            frt__subcmd__help,help)
                cmd="frt__subcmd__help__subcmd__help"
                ;;
            frt__subcmd__help,inspect-token)
                cmd="frt__subcmd__help__subcmd__inspect__subcmd__token"
                ;;
            frt__subcmd__help,man)
                cmd="frt__subcmd__help__subcmd__man"
                ;;
            frt__subcmd__help,mcp)
                cmd="frt__subcmd__help__subcmd__mcp"
                ;;
            frt__subcmd__help,profile)
                cmd="frt__subcmd__help__subcmd__profile"
                ;;
            frt__subcmd__help,publish)
                cmd="frt__subcmd__help__subcmd__publish"
                ;;
            frt__subcmd__help,publish-global)
                cmd="frt__subcmd__help__subcmd__publish__subcmd__global"
                ;;
            frt__subcmd__help,replay)
                cmd="frt__subcmd__help__subcmd__replay"
                ;;
            frt__subcmd__help,sdk-shim)
                cmd="frt__subcmd__help__subcmd__sdk__subcmd__shim"
                ;;
            frt__subcmd__help,serve)
                cmd="frt__subcmd__help__subcmd__serve"
                ;;
            frt__subcmd__help,sign-token)
                cmd="frt__subcmd__help__subcmd__sign__subcmd__token"
                ;;
            frt__subcmd__help,smoke)
                cmd="frt__subcmd__help__subcmd__smoke"
                ;;
            frt__subcmd__help,subscribe)
                cmd="frt__subcmd__help__subcmd__subscribe"
                ;;
            frt__subcmd__help,tap)
                cmd="frt__subcmd__help__subcmd__tap"
                ;;
            frt__subcmd__help,ui)
                cmd="frt__subcmd__help__subcmd__ui"
                ;;
            frt__subcmd__profile,add)
                cmd="frt__subcmd__profile__subcmd__add"
                ;;
            frt__subcmd__profile,help)
                cmd="frt__subcmd__profile__subcmd__help"
                ;;
            frt__subcmd__profile,list)
                cmd="frt__subcmd__profile__subcmd__list"
                ;;
            frt__subcmd__profile,remove)
                cmd="frt__subcmd__profile__subcmd__remove"
                ;;
            frt__subcmd__profile,show)
                cmd="frt__subcmd__profile__subcmd__show"
                ;;
            frt__subcmd__profile,use)
                cmd="frt__subcmd__profile__subcmd__use"
                ;;
            frt__subcmd__profile__subcmd__help,add)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__add"
                ;;
            frt__subcmd__profile__subcmd__help,help)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__help"
                ;;
            frt__subcmd__profile__subcmd__help,list)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__list"
                ;;
            frt__subcmd__profile__subcmd__help,remove)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__remove"
                ;;
            frt__subcmd__profile__subcmd__help,show)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__show"
                ;;
            frt__subcmd__profile__subcmd__help,use)
                cmd="frt__subcmd__profile__subcmd__help__subcmd__use"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        frt)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version publish pub publish-global sign-token inspect-token subscribe sub replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__bench)
            opts="-v -q -e -o -h -V --verbose --quiet --no-input --profile --msgs --size --subs --conns --duration --csv --via --spread --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version latency throughput fanout connections"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --msgs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --subs)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duration)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --via)
                    COMPREPLY=($(compgen -W "stream http" -- "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__browser__subcmd__session)
            opts="-v -q -e -o -h -V --verbose --quiet --no-input --profile --global-only --allow-publish --ttl --url --installation --module --context --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__channels)
            opts="-v -q -g -e -o -h -V --verbose --quiet --no-input --profile --installation --name --global --scoped --show-claims --this-hub --watch --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --watch)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__completions)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help)
            opts="publish publish-global sign-token inspect-token subscribe replay mcp serve channels tap bench smoke sdk-shim completions man browser-session ui profile help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__bench)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__browser__subcmd__session)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__channels)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__inspect__subcmd__token)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__mcp)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__profile)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__publish)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__publish__subcmd__global)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__replay)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__sdk__subcmd__shim)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__serve)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__sign__subcmd__token)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__smoke)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__subscribe)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__tap)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__help__subcmd__ui)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__inspect__subcmd__token)
            opts="-v -q -f -e -o -h -V --verbose --quiet --no-input --profile --file --verify --key-file --channel --permission --expires-within --installation --module --context --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --channel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --permission)
                    COMPREPLY=($(compgen -W "subscribe publish" -- "${cur}"))
                    return 0
                    ;;
                --expires-within)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__man)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --out-dir --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --out-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__mcp)
            opts="-v -q -e -h -V --verbose --quiet --no-input --profile --max-wait --max-events --truncate-at --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --forge-proxy --invocation-id --installation --module --context --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-events)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --truncate-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile)
            opts="-v -q -o -h -V --verbose --quiet --no-input --profile --output --color --help --version add list use show remove help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__add)
            opts="-e -v -q -h -V --endpoint --api-key-file --api-key-env --installation --module --context --forge-proxy --force --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help)
            opts="add list use show remove help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__add)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__remove)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__help__subcmd__use)
            opts=""
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__list)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__remove)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__show)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__profile__subcmd__use)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__publish)
            opts="-v -q -f -c -e -o -h -V --verbose --quiet --no-input --profile --file --lines --keep-empty --json --require-subscribers --max-payload --count --interval --template --context-override --installation --module --context --token --token-file --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --forge-proxy --invocation-id --output --color --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-payload)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context-override)
                    COMPREPLY=($(compgen -W "board issue project content space repository pullRequest" -- "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__publish__subcmd__global)
            opts="-v -q -f -c -e -o -h -V --verbose --quiet --no-input --profile --file --lines --keep-empty --json --require-subscribers --max-payload --count --interval --template --context-override --installation --module --context --token --token-file --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --forge-proxy --invocation-id --output --color --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-payload)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context-override)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__replay)
            opts="-v -q -g -e -o -h -V --verbose --quiet --no-input --profile --speed --channel --global --scoped --require-subscribers --token --token-file --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --installation --module --context --context-override --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --speed)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --channel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context-override)
                    COMPREPLY=($(compgen -W "board issue project content space repository pullRequest" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__sdk__subcmd__shim)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__serve)
            opts="-v -q -h -V --verbose --quiet --no-input --profile --addr --state-dir --rate-limit --max-payload --replay-window --replay-max-events --grace --token-ttl --queue-limit --queue-bytes --max-subscriptions --max-pending --header-timeout --tls-cert --tls-key --workers --ping-interval --redis --redis-cacert --redis-wait-replicas --rotate-keys --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --addr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate-limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-payload)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --replay-window)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --replay-max-events)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --grace)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --queue-limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --queue-bytes)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-subscriptions)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-pending)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --workers)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ping-interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis-wait-replicas)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__sign__subcmd__token)
            opts="-v -q -e -o -h -V --verbose --quiet --no-input --profile --claims --claims-file --claim --permission --key-file --ttl --installation --module --context --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --forge-proxy --invocation-id --output --color --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --claims)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --claims-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --claim)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --permission)
                    COMPREPLY=($(compgen -W "subscribe publish" -- "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__smoke)
            opts="-v -q -e -o -h -V --verbose --quiet --no-input --profile --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__subscribe)
            opts="-v -q -g -c -t -e -o -h -V --verbose --quiet --no-input --profile --global --count --timeout --replay --since --jq --timestamps --no-reconnect --hint-after --context-override --installation --module --context --token --token-file --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --replay)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --jq)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --hint-after)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context-override)
                    COMPREPLY=($(compgen -W "board issue project content space repository pullRequest" -- "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --module)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --context)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__tap)
            opts="-v -q -g -c -t -e -o -h -V --verbose --quiet --no-input --profile --installation --name --global --scoped --undelivered --count --timeout --no-reconnect --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --installation)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --name)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -c)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        frt__subcmd__ui)
            opts="-v -q -e -o -h -V --verbose --quiet --no-input --profile --no-open --ttl --endpoint --api-key --state-dir --request-timeout --retries --cacert --insecure --output --color --forge-proxy --invocation-id --help --version"
            if [[ ${cur} == -* ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --profile)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ttl)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --endpoint)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --api-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --state-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --request-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cacert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "human json raw" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --forge-proxy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --invocation-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            [[ ${cur} == -* ]] && COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _frt -o nosort -o bashdefault -o default frt
else
    complete -F _frt -o bashdefault -o default frt
fi
