# bash completion for cordon(1)                            -*- shell-script -*-
#
#   cordon APP -- CMD [ARG...]
#   cordon --help | --version
#
# APP: the apps configured in /etc/cordon/apps (APP.conf).  After `--`, the
# command and its arguments are completed as for CMD itself (bash-completion's
# command offset; without bash-completion: command names, then file names).
#
# The apps directory is only listed: nothing there is run or sourced, a
# listed name is offered only if it is a valid app name (lower-case letters,
# digits and single '-' inside, at most 40 characters), so nothing in a
# name reaches compgen -W, eval or an unquoted expansion.

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

_cordon()
{
    # shellcheck disable=SC2034 # prev: set by _init_completion
    local cur prev words cword
    # bash-completion's (2.12 and later keep these names too).
    if declare -F _init_completion > /dev/null; then
        _init_completion || return
    else
        COMPREPLY=()
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]-}
    fi

    case $cword in
        1)
            _cordon_add_apps "$cur"
            if [[ $cur == -* ]]; then
                local opt
                for opt in --help --version; do
                    [[ $opt == "$cur"* ]] && COMPREPLY+=("$opt")
                done
            fi
            return
            ;;
        2)
            case ${words[1]} in
                -*) ;;
                *) [[ -- == "$cur"* ]] && COMPREPLY=(--) ;;
            esac
            return
            ;;
    esac

    # cordon APP -- CMD [ARG...]: complete CMD [ARG...] as its own line.
    [[ ${words[2]-} == -- && ${words[1]} != -* ]] || return
    if declare -F _command_offset > /dev/null; then
        _command_offset 3
    else
        # Without bash-completion: command names (and directories), then
        # file names.  mapfile: no word splitting or globbing of what
        # compgen found.
        compopt -o filenames 2> /dev/null
        if ((cword == 3)); then
            mapfile -t COMPREPLY < <(compgen -d -c -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
    fi
} &&
    complete -F _cordon cordon

# ex: filetype=sh
