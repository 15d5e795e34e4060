# bash completion for cordonctl(8)                         -*- shell-script -*-
#
#   cordonctl ns list
#   cordonctl ns discard APP
#   cordonctl ns update APP
#   cordonctl ns --help
#   cordonctl seccomp compile APP
#   cordonctl apparmor generate APP [-o FILE|-]
#   cordonctl help | --help | --version
#
# APP: the apps configured in /etc/cordon/apps (APP.conf); for ns discard
# also the persisted namespaces (/run/cordon/ns/APP.mnt, readable by root),
# since a namespace whose app was removed can still be discarded.  The
# directories are only listed: nothing there is run or sourced, and only
# valid app names are offered.

# _cordon_add_apps CUR [DIR [SUFFIX]]: add to COMPREPLY the app names NAME
# that start with CUR (a literal prefix, never a pattern, case-sensitive)
# for which DIR/NAME.SUFFIX is a readable regular file (not a symlink, as
# cordon opens it).  Default: /etc/cordon/apps, .conf.  (Also defined, the
# same, by the completion file of cordonctl.)
_cordon_add_apps()
{
    local cur=$1 dir=${2:-/etc/cordon/apps} suffix=${3:-.conf} f name restore
    local -a files
    [[ -d $dir && -r $dir ]] || return 0
    # The caller's glob and match options stay the caller's.
    restore=$(shopt -p nullglob failglob dotglob nocaseglob nocasematch)
    shopt -s nullglob
    shopt -u failglob dotglob nocaseglob nocasematch
    files=("$dir"/*"$suffix")
    for f in "${files[@]}"; do
        [[ -f $f && ! -L $f && -r $f ]] || continue
        name=${f##*/}
        name=${name%"$suffix"}
        # plan/names.cc: [a-z0-9-], starts and ends with [a-z0-9], no "--",
        # at most 40 characters.
        [[ -n $name && ${#name} -le 40 ]] || continue
        [[ $name != *[!abcdefghijklmnopqrstuvwxyz0123456789-]* ]] || continue
        [[ $name != -* && $name != *- && $name != *--* ]] || continue
        [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
    done
    eval "$restore"
}

_cordonctl()
{
    local cur prev words cword
    # bash-completion's (2.12 and later keep these names too).
    if declare -F _init_completion > /dev/null; then
        _init_completion || return
    else
        COMPREPLY=()
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]-}
        prev=${words[cword - 1]-}
    fi

    local -a candidates=()
    local command="${words[1]-} ${words[2]-}"
    case $cword in
        1) candidates=(ns seccomp apparmor help --help --version) ;;
        2)
            case ${words[1]} in
                ns) candidates=(list discard update --help) ;;
                seccomp) candidates=(compile) ;;
                apparmor) candidates=(generate) ;;
            esac
            ;;
        3)
            case $command in
                "ns discard")
                    _cordon_add_apps "$cur"
                    _cordon_add_apps "$cur" /run/cordon/ns .mnt
                    # Both lists may name an app.
                    if ((${#COMPREPLY[@]} > 1)); then
                        mapfile -t COMPREPLY < <(printf '%s\n' "${COMPREPLY[@]}" | sort -u)
                    fi
                    return
                    ;;
                "ns update" | "seccomp compile" | "apparmor generate")
                    _cordon_add_apps "$cur"
                    return
                    ;;
            esac
            ;;
        4) [[ $command == "apparmor generate" ]] && candidates=(-o) ;;
        5)
            if [[ $command == "apparmor generate" && $prev == -o ]]; then
                # A file, or - for stdout.
                [[ - == "$cur"* ]] && COMPREPLY=(-)
                if declare -F _filedir > /dev/null; then
                    _filedir
                else
                    compopt -o filenames 2> /dev/null
                    local -a files
                    mapfile -t files < <(compgen -f -- "$cur")
                    COMPREPLY+=("${files[@]}")
                fi
                return
            fi
            ;;
    esac
    # Fixed words only: no name from the system goes through compgen -W.
    local word
    for word in "${candidates[@]}"; do
        [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
    done
} &&
    complete -F _cordonctl cordonctl

# ex: filetype=sh
