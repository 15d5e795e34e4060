# shellcheck shell=bash
# bench/lib.sh -- what the benchmarks (bench/launch, bench/update-ns,
# bench/seccomp) share: where things are, their messages, their checks
# before setting anything up, and the directories they made.  Sourced
# first thing (after set -euo pipefail); also sources
# scripts/lib/app-files.sh and scripts/lib/host.sh (run_in_private_ns).

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$bench_dir")
# shellcheck source=SCRIPTDIR/../scripts/lib/app-files.sh
. "$repo/scripts/lib/app-files.sh"
# shellcheck source=SCRIPTDIR/../scripts/lib/host.sh
. "$repo/scripts/lib/host.sh"
# The benchmark's name in its messages: bench/launch, ...
bench_name=bench/$(basename "$0")
# shellcheck disable=SC2034 # for the benchmarks
results=$bench_dir/results
bindir=${CORDON_BINDIR:-/usr/local/bin}
cordon=$bindir/cordon
cordonctl=${CORDON_SBINDIR:-/usr/local/sbin}/cordonctl

die() { echo "$bench_name: $*" >&2; exit 1; }
say() { printf '\n=== bench: %s\n' "$*"; }

require_root() {
    [ "$(id -u)" -eq 0 ] || die "must run as root"
}

# require_tools TOOL...: each TOOL is in PATH.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" > /dev/null || die "$tool not found: run scripts/install-deps"
    done
}

# require_cordon_installed [PROGRAM...]: cordon, cordonctl and each PROGRAM
# are installed, and cordon is setuid root.
# shellcheck disable=SC2120 # the PROGRAMs are optional
require_cordon_installed() {
    local tool
    for tool in "$cordon" "$cordonctl" "$@"; do
        [ -x "$tool" ] || die "$tool not found: run scripts/build && make -C build install"
    done
    [ "$(stat -c '%u %a' "$cordon")" = "0 4755" ] \
        || die "$cordon is not setuid root (mode 4755, owner root): make -C build install as root"
}

# refuse_foreign_files APP MARKER FILE...: no FILE exists without the line
# MARKER (one the benchmark wrote): the benchmark owns app APP.
refuse_foreign_files() {
    local app=$1 marker=$2 f
    shift 2
    for f in "$@"; do
        if [ -e "$f" ] && ! grep -qxF "$marker" "$f"; then
            die "$f exists and was not written by $bench_name; the benchmark owns app '$app'"
        fi
    done
}

# refuse_foreign_base DIR MARKER: DIR does not exist, or is a base whose
# /cordon-base holds MARKER (demo/make-base DIR MARKER made it).
refuse_foreign_base() {
    if [ -e "$1" ] && [ "$(cat "$1/cordon-base" 2> /dev/null)" != "$2" ]; then
        die "$1 exists and was not made by $bench_name; the benchmark owns base '$(basename "$1")'"
    fi
}

# note_dir DIR...: make each DIR that does not exist (root 0755) and
# remember it in created_dirs, for remove_noted_dirs.
created_dirs=()
note_dir() {
    local d
    for d in "$@"; do
        if [ ! -e "$d" ]; then
            created_dirs+=("$d")
            install -d -o root -g root -m 0755 "$d"
        fi
    done
}

# note_cordon_dirs: note_dir cordon's directories (the run directory is the
# mount point of run_in_private_ns's tmpfs); the private directory, which
# cordon makes, is remembered when it does not exist yet.
note_cordon_dirs() {
    note_dir /etc/cordon "$CORDON_APPS_DIR" "$CORDON_STATE_DIR" "$CORDON_BASES_DIR" "$CORDON_RUN_DIR"
    [ -e "$CORDON_PRIVATE_DIR" ] || created_dirs+=("$CORDON_PRIVATE_DIR")
}

# remove_noted_dirs: remove the directories note_dir made, deepest (last
# made) first, saying so of any that is not empty.
remove_noted_dirs() {
    local d idx
    for ((idx = ${#created_dirs[@]} - 1; idx >= 0; idx--)); do
        d=${created_dirs[idx]}
        rmdir "$d" 2> /dev/null || echo "$bench_name: left $d (not empty)" >&2
    done
}

say_load() {
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews the numbers)"
}
