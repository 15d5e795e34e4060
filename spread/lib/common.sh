# shellcheck shell=bash
# Helpers for cordon's spread tasks.  Source with: . "$TESTSLIB/common.sh"
#
# Tasks run as root under `bash -eux` (set -u: everything here must work
# with unset variables being errors).  They share the real /etc, /run,
# /tmp and /var/lib with the machine, so every app and base a task creates
# is named t-SOMETHING and removed again in the task's restore.

: "${TEST_USER:=cordon-test}"
: "${CORDON:=$(command -v cordon || echo /usr/local/bin/cordon)}"
: "${CORDONCTL:=$(command -v cordonctl || echo /usr/local/sbin/cordonctl)}"

# A failing command inside $(...) fails the substitution too.
shopt -s inherit_errexit

# The trace of `bash -x` goes to fd 9, a copy of the phase's stderr, so that
# capturing the stderr of a command or function (2>file, 2>&1) captures
# what the command printed and not the trace of the shell functions it ran.
# as_user closes fd 9 for the commands it starts; commands started directly
# inherit it.
if [ -z "${BASH_XTRACEFD:-}" ]; then
    exec 9>&2
    BASH_XTRACEFD=9
fi

# The source tree this file is in (SPREAD_PATH under spread and run-local).
CORDON_SPREAD_SOURCE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# cordon's directories (CORDON_APPS_DIR, CORDON_NS_DIR, ...) and the path
# of each file it keeps for an app (app_conf_path APP, app_mnt_path APP, ...).
# shellcheck source=SCRIPTDIR/../../scripts/lib/app-files.sh
. "$CORDON_SPREAD_SOURCE/scripts/lib/app-files.sh"
# aa_enabled, and the compiler of the test helpers (HELPER_CC,
# build_static_helper NAME OUT).
# shellcheck source=SCRIPTDIR/../../scripts/lib/host.sh
. "$CORDON_SPREAD_SOURCE/scripts/lib/host.sh"

# require_cordon: fail early, with a clear message, without the binaries.
require_cordon() {
    if [ ! -x "$CORDON" ] || [ ! -x "$CORDONCTL" ]; then
        echo "cordon binaries not installed (CORDON=$CORDON CORDONCTL=$CORDONCTL)" >&2
        return 1
    fi
    # The launcher must be setuid root for the unprivileged tests to mean
    # anything.
    if [ "$(stat -c '%u %a' "$CORDON")" != "0 4755" ]; then
        echo "$CORDON is not root-owned 4755: $(stat -c '%U %a' "$CORDON")" >&2
        return 1
    fi
}

# ensure_test_user: the unprivileged user the launcher runs as.
ensure_test_user() {
    if ! id -u "$TEST_USER" > /dev/null 2>&1; then
        useradd -m -s /bin/sh "$TEST_USER"
    fi
    local home
    home=$(getent passwd "$TEST_USER" | cut -d: -f6)
    if [ ! -d "$home" ]; then
        install -d -m 0755 -o "$TEST_USER" -g "$(id -g "$TEST_USER")" "$home"
    fi
}

# as_user CMD [ARG...]: run CMD as $TEST_USER (uid, gid and groups of the
# user; no permitted or effective capabilities, a full bounding set like a
# login session's), keeping the environment except HOME, USER and LOGNAME.  The working directory is / unless AS_USER_CWD says otherwise.
# stdin, stdout, stderr and other open fds are passed through; the exit
# status is CMD's.
as_user() {
    local home
    home=$(getent passwd "$TEST_USER" | cut -d: -f6)
    (
        # Untraced from here; unsetting BASH_XTRACEFD closes fd 9, so that
        # the command gets only the fds the caller gave it.
        set +x
        unset BASH_XTRACEFD
        cd "${AS_USER_CWD:-/}" &&
            exec setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups \
                env HOME="$home" USER="$TEST_USER" LOGNAME="$TEST_USER" "$@"
    )
}

# in_app APP CMD [ARG...]: launch CMD in APP as $TEST_USER (`cordon APP --
# CMD [ARG...]` through as_user); the exit status is the launch's.
in_app() {
    local app=$1
    shift
    as_user "$CORDON" "$app" -- "$@"
}

# in_app_as_root APP CMD [ARG...]: launch CMD in APP as root (this shell's
# credentials), from /.
in_app_as_root() {
    local app=$1
    shift
    (cd / && "$CORDON" "$app" -- "$@")
}

# base_dir NAME-OR-DIR: a bare name means a base under the bases dir.
base_dir() {
    case "$1" in
        */*) echo "$1" ;;
        *) echo "$CORDON_BASES_DIR/$1" ;;
    esac
}

# make_busybox_base DIR|NAME [MARKER]: a fresh busybox base (what was at
# DIR is removed first), made by demo/make-base: the static busybox, every
# directory cordon mounts over, and /cordon-base holding MARKER (default:
# the base's name).
make_busybox_base() {
    local dir
    dir=$(base_dir "$1")
    install -d -m 0755 -o root -g root "$CORDON_STATE_DIR" "$CORDON_BASES_DIR"
    rm -rf "$dir"
    "$CORDON_SPREAD_SOURCE/demo/make-base" "$dir" "${2:-$(basename "$dir")}"
}

# remove_base DIR|NAME
remove_base() {
    rm -rf "$(base_dir "$1")"
}

CORDON_AA_DIR=/etc/apparmor.d

# load_app_profile NAME: where AppArmor is enabled, generate the app's
# profile (cordonctl apparmor generate, into /etc/apparmor.d/cordon.NAME)
# and load it, as an admin does after writing NAME.conf.  Nothing for an
# app configured "apparmor = unconfined".  A config cordonctl cannot read
# (a task's deliberately bad one) gets no profile; the launch then fails
# on its own.
load_app_profile() {
    local name=$1
    aa_enabled || return 0
    if grep -Eq '^[[:space:]]*apparmor[[:space:]]*=[[:space:]]*unconfined[[:space:]]*$' \
        "$(app_conf_path "$name")"; then
        return 0
    fi
    if ! "$CORDONCTL" apparmor generate "$name" > /dev/null; then
        echo "load_app_profile: no AppArmor profile for $name (cordonctl apparmor generate failed)" >&2
        return 0
    fi
    aa_load_compiled "$CORDON_AA_DIR/cordon.$name" "$CORDON_AA_DIR/local/cordon.$name"
}

# aa_load_compiled PROFILE-FILE [INCLUDED-FILE...]: apparmor_parser -r, with
# the compiled policy kept by content (PROFILE-FILE and the INCLUDED-FILEs
# that may change during a run; the shipped abstractions and tunables by
# name, size and time) in $CORDON_AA_POLICY_CACHE (spread/run-vm carries
# one per guest image in and out), else under /run, which a boot empties
# with the kernel's loaded policy.  A task that rewrites a mount profile in a loop
# (update-ns-hostile) goes back and forth between a few profile texts: under
# emulation each compile takes seconds, a load of compiled policy a
# fraction of one.
aa_load_compiled() {
    local cache=${CORDON_AA_POLICY_CACHE:-/run/cordon-spread-aa} key
    install -d -m 0700 "$cache"
    # Policy loaded into the kernel: only from a cache nobody else can write.
    if [ "$(stat -c %u "$cache")" != 0 ] || [ $((0$(stat -c %a "$cache") & 022)) -ne 0 ]; then
        apparmor_parser -r "$1"
        return
    fi
    key=$( {
        cat "$@" 2> /dev/null
        ls -lR --time-style=+%s "$CORDON_AA_DIR/abstractions" "$CORDON_AA_DIR/tunables" 2> /dev/null
    } | sha256sum | cut -c1-32)
    if [ ! -s "$cache/$key" ]; then
        # Only a complete compile is kept: a failed one would be loaded
        # from the cache (and carried out of the guest) ever after.
        if ! apparmor_parser -S "$1" > "$cache/$key.tmp"; then
            rm -f "$cache/$key.tmp"
            return 1
        fi
        mv "$cache/$key.tmp" "$cache/$key"
    fi
    apparmor_parser -r -B "$cache/$key"
}

# unload_app_profile NAME: remove and unload what load_app_profile made.
unload_app_profile() {
    local name=$1 file=$CORDON_AA_DIR/cordon.$1
    [ -e "$file" ] || return 0
    if aa_enabled; then
        apparmor_parser -R "$file" > /dev/null 2>&1 || true
    fi
    rm -f "$file"
}

# aa_local_rules PROFILE-FILE RULE...: where AppArmor is enabled, put the
# RULEs in /etc/apparmor.d/local/PROFILE-FILE (which the shipped profiles
# include; it must not exist yet, or be empty, as the Debian package's
# postinst leaves it) and reload /etc/apparmor.d/PROFILE-FILE.
# For a task's probe standing in for one of cordon's helpers.
aa_local_rules() {
    local file=$1 local_file=$CORDON_AA_DIR/local/$1 was=absent
    shift
    aa_enabled || return 0
    if [ -s "$local_file" ]; then
        echo "aa_local_rules: $local_file has rules already: not overwriting the machine's" >&2
        return 1
    fi
    [ -e "$local_file" ] && was=empty
    install -d -m 0755 "$CORDON_AA_DIR/local"
    printf '  %s\n' "# written by a cordon spread task ($(basename "${SPREAD_TASK:-?}")); was $was" "$@" > "$local_file"
    apparmor_parser -r "$CORDON_AA_DIR/$file"
}

# aa_local_rules_remove PROFILE-FILE: undo aa_local_rules (an empty file it
# found is left empty).
aa_local_rules_remove() {
    local file=$1 local_file=$CORDON_AA_DIR/local/$1
    [ -e "$local_file" ] && grep -q '# written by a cordon spread task' "$local_file" || return 0
    if grep -q '# written by a cordon spread task .*; was empty$' "$local_file"; then
        : > "$local_file"
    else
        rm -f "$local_file"
    fi
    if aa_enabled; then apparmor_parser -r "$CORDON_AA_DIR/$file"; fi
}

# make_app NAME BASE [LINE...]: write /etc/cordon/apps/NAME.conf (root 0644)
# with `base = BASE` and each LINE after it; where AppArmor is enabled, load
# the app's profile for it (load_app_profile).
make_app() {
    local name=$1 base=$2
    shift 2
    write_config_file "$(app_conf_path "$name")" \
        "# written by a cordon spread task ($(basename "${SPREAD_TASK:-?}"))" "base = $base" "$@"
    load_app_profile "$name"
}

# write_policy NAME [LINE...]: write /etc/cordon/apps/NAME.seccomp (root
# 0644), one LINE a line (no LINE: an empty policy).
write_policy() {
    write_config_file "$(app_seccomp_path "$1")" "${@:2}"
}

# write_config_file FILE [LINE...]: write FILE, in /etc/cordon/apps (made
# root 0755 when missing), root 0644, atomically, one LINE a line (no
# LINE: an empty file).  FILE is normally one of app_conf_path NAME,
# app_seccomp_path NAME, app_fstab_path NAME.
write_config_file() {
    local file=$1
    shift
    install -d -m 0755 -o root -g root /etc/cordon "$CORDON_APPS_DIR"
    if [ "$#" -gt 0 ]; then
        printf '%s\n' "$@" > "$file.tmp"
    else
        : > "$file.tmp"
    fi
    chown root:root "$file.tmp"
    chmod 0644 "$file.tmp"
    mv -f "$file.tmp" "$file"
}

# build_helper NAME OUT [GCC-ARG...]: compile tests/helpers/NAME.c into OUT
# (root, 0755) with build_static_helper (static unless GCC-ARGs say
# otherwise: $HELPER_CC, scripts/lib/host.sh).
# Where $CORDON_HELPER_CACHE names a directory (root's, not writable by
# others), a build is taken from there when the source, the arguments and
# the compiler are the same, and put there otherwise: in the emulated guest
# of spread/run-vm a compile takes seconds, and the host fills the cache.
build_helper() {
    local name=$1 out=$2 key="" cached=""
    shift 2
    if [ -n "${CORDON_HELPER_CACHE:-}" ] && [ -d "$CORDON_HELPER_CACHE" ] &&
        [ "$(stat -c %u "$CORDON_HELPER_CACHE")" = 0 ] &&
        [ $((0$(stat -c %a "$CORDON_HELPER_CACHE") & 022)) -eq 0 ]; then
        key=$( {
            gcc --version | head -n 1
            printf '%s\n' "${HELPER_CC[@]}" "$@"
            cat "$CORDON_SPREAD_SOURCE/tests/helpers/$name.c"
        } | sha256sum | cut -c1-32)
        cached=$CORDON_HELPER_CACHE/$name-$key
    fi
    if [ -n "$cached" ] && [ -f "$cached" ]; then
        cp "$cached" "$out.tmp"
    else
        build_static_helper "$name" "$out.tmp" "$@"
        if [ -n "$cached" ]; then
            cp "$out.tmp" "$cached.tmp.$$" && mv -f "$cached.tmp.$$" "$cached"
        fi
    fi
    chown root:root "$out.tmp"
    chmod 0755 "$out.tmp"
    mv -f "$out.tmp" "$out"
}

# make_payload DIR: an empty payload directory (root, 0755), for helpers.
make_payload() {
    rm -rf "$1"
    install -d -m 0755 -o root -g root "$1"
}

# status_of FIELD: the value of FIELD (CapEff, Seccomp, ...) in the
# /proc/PID/status text read from stdin.
status_of() {
    awk -v f="$1:" '$1 == f { print $2; found = 1 } END { exit !found }'
}

# cap_mask_hex MASK: a capability mask (a number bash understands) the way
# /proc/PID/status prints it (16 hex digits).
cap_mask_hex() {
    printf '%016x\n' "$(($1))"
}

# all_caps_hex: every capability this kernel knows, limited to this
# process's bounding set (a root caller cannot get more: the launcher's
# permitted set comes from the caller's bounding set).
all_caps_hex() {
    local last bnd
    last=$(cat /proc/sys/kernel/cap_last_cap)
    bnd=$(status_of CapBnd < /proc/self/status)
    cap_mask_hex "((1 << ($last + 1)) - 1) & 0x$bnd"
}

# The default capabilities of a root caller: CHOWN DAC_OVERRIDE FOWNER
# FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT
# MKNOD AUDIT_WRITE SETFCAP (no SYS_ADMIN).
# shellcheck disable=SC2034 # used by the tasks
CORDON_ROOT_DEFAULT_CAPS=00000000a80425fb

# ns_of_user_launch APP: launch APP as $TEST_USER and print the mount
# namespace the launched process runs in ("mnt:[INODE]"); compare with
# persisted_ns APP, which launches nothing.
ns_of_user_launch() {
    in_app "$1" readlink /proc/self/ns/mnt
}

# mountinfo_no_cordon_mnt: this namespace's mount table without the lines
# of persisted namespaces (/run/cordon/ns/*.mnt).
mountinfo_no_cordon_mnt() {
    awk -v ns="$CORDON_NS_DIR" '$5 !~ ("^" ns "/[^/]*[.]mnt$")' /proc/self/mountinfo
}

# mnt_count APP: how many times /run/cordon/ns/APP.mnt is mounted here.
mnt_count() {
    awk -v m="$(app_mnt_path "$1")" '$5 == m { n++ } END { print n + 0 }' /proc/self/mountinfo
}

# hold_ns APP: keep APP's current namespace alive with fd 7 of this shell
# (opened on /run/cordon/ns/APP.mnt), so that the kernel cannot hand its
# inode number to the next namespace: nsfs inode numbers are reused as
# soon as a namespace is freed, which would make "a new namespace has a
# different inode" checks fail for the wrong reason.  The fd is not a
# process inside the namespace, so it does not make it "in use".  Commands
# started meanwhile inherit fd 7; that is harmless for these checks.
hold_ns() {
    exec 7< "$(app_mnt_path "$1")"
}
release_ns() {
    exec 7<&-
}

# forget_app_files NAME: remove, without cordonctl, every file cordon may
# keep for NAME (also for names cordon should have refused): the persisted
# namespace's files (unmounted first), its private /tmp, its lock, its
# config, seccomp policy and mount profile, its current mount profile, its
# compiled seccomp filter.
forget_app_files() {
    local name=$1 mnt conf seccomp fstab
    mnt=$(app_mnt_path "$name")
    conf=$(app_conf_path "$name")
    seccomp=$(app_seccomp_path "$name")
    fstab=$(app_fstab_path "$name")
    if [ -e "$mnt" ] && mountpoint -q "$mnt"; then
        umount -l "$mnt" || true
    fi
    rm -f "$mnt" "$(app_info_path "$name")" "$(app_lock_path "$name")" \
        "$conf" "$conf.tmp" "$seccomp" "$seccomp.tmp" "$fstab" "$fstab.tmp"
    # The current mount profile and the compiled filter, and any temporary
    # file of an atomic write of them.
    remove_with_temporaries "$(app_current_fstab_path "$name")"
    remove_with_temporaries "$(app_bpf_path "$name")"
    rm -rf "$(app_private_path "$name")"
    unload_app_profile "$name"
}

# remove_with_temporaries FILE: remove FILE, FILE.* and .FILE* (in FILE's
# directory, when it exists): what an atomic write of FILE may leave.
remove_with_temporaries() {
    local dir=${1%/*} base=${1##*/}
    if [ -d "$dir" ]; then
        find "$dir" -maxdepth 1 \( -name "$base" -o -name "$base.*" -o -name ".$base*" \) -delete
    fi
}

# cleanup_app NAME: forget everything cordon keeps for NAME: the persisted
# namespace (cordonctl ns discard), then whatever forget_app_files removes.
# Does all of it, then fails if the discard failed.
cleanup_app() {
    local name=$1 rc=0
    # (cordonctl refuses an app with neither: nothing to discard then.)
    if [ -x "$CORDONCTL" ] && { [ -e "$(app_conf_path "$name")" ] || [ -e "$(app_mnt_path "$name")" ]; }; then
        "$CORDONCTL" ns discard "$name" || rc=$?
    fi
    forget_app_files "$name"
    if [ "$rc" -ne 0 ]; then
        echo "cleanup_app: cordonctl ns discard $name failed ($rc)" >&2
    fi
    return "$rc"
}

# keep_stderr VAR CMD [ARG...]: run CMD with its stderr kept in the
# variable VAR instead of shown (stdout passes through); the exit status is
# CMD's.
keep_stderr() {
    local keep_stderr_var=$1 keep_stderr_file keep_stderr_rc=0
    shift
    keep_stderr_file=$(mktemp)
    "$@" 2> "$keep_stderr_file" || keep_stderr_rc=$?
    printf -v "$keep_stderr_var" '%s' "$(cat "$keep_stderr_file")"
    rm -f "$keep_stderr_file"
    return "$keep_stderr_rc"
}

# expect_fail EXITCODE PATTERN CMD [ARG...]: run CMD, which must exit with
# EXITCODE and print to stderr something matching the extended regex
# PATTERN.  The stderr is echoed (for the log) and kept in $EXPECT_FAIL_ERR.
EXPECT_FAIL_ERR=
expect_fail() {
    local want=$1 pattern=$2 rc=0
    shift 2
    keep_stderr EXPECT_FAIL_ERR "$@" || rc=$?
    printf 'expect_fail: exit %s, stderr:\n%s\n' "$rc" "$EXPECT_FAIL_ERR"
    if [ "$rc" -ne "$want" ]; then
        echo "expect_fail: $* exited $rc, expected $want" >&2
        return 1
    fi
    if ! printf '%s\n' "$EXPECT_FAIL_ERR" | grep -Eq -- "$pattern"; then
        echo "expect_fail: stderr of $* does not match: $pattern" >&2
        return 1
    fi
}

# MATCH PATTERN / NOMATCH PATTERN: stdin must (not) match the extended regex.
# The input is echoed for the log.
MATCH() {
    local input
    input=$(cat)
    printf '%s\n' "$input"
    if ! printf '%s\n' "$input" | grep -Eq -- "$1"; then
        echo "MATCH: no match for: $1" >&2
        return 1
    fi
}
NOMATCH() {
    local input
    input=$(cat)
    printf '%s\n' "$input"
    if printf '%s\n' "$input" | grep -Eq -- "$1"; then
        echo "NOMATCH: unexpected match for: $1" >&2
        return 1
    fi
}

# assert_eq ACTUAL EXPECTED [WHAT]
assert_eq() {
    if [ "$1" != "$2" ]; then
        echo "assert_eq failed${3:+ ($3)}: got '$1', expected '$2'" >&2
        return 1
    fi
}

# wait_for SECONDS CMD [ARG...]: retry CMD every 0.1s until it succeeds.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "wait_for: timed out waiting for: $*" >&2
            return 1
        fi
        sleep 0.1
    done
}

# pid_in_ns PID NS: true when process PID is in mount namespace NS
# ("mnt:[INODE]").
pid_in_ns() {
    [ "$(readlink "/proc/$1/ns/mnt" 2> /dev/null)" = "$2" ]
}

# kill_pid PID: end one process we started and wait until it is gone.
kill_pid() {
    kill -KILL "$1" 2> /dev/null || true
    wait_for 10 sh -c "! kill -0 $1 2>/dev/null"
}

# ----- mount profiles and cordon-update-ns ---------------------------------

# shellcheck disable=SC2034 # used by the tasks
CORDON_UPDATE_NS=${CORDON_UPDATE_NS:-$(dirname "$(dirname "$CORDON")")/libexec/cordon/cordon-update-ns}

# require_update_ns: fail early, with a clear message, when cordon-update-ns
# is not installed, or installed where someone other than root could
# replace it (root runs it).
require_update_ns() {
    if [ ! -x "$CORDON_UPDATE_NS" ]; then
        echo "cordon-update-ns not installed (CORDON_UPDATE_NS=$CORDON_UPDATE_NS)" >&2
        return 1
    fi
    if [ "$(stat -c %u "$CORDON_UPDATE_NS")" != 0 ] ||
        [ $((0$(stat -c %a "$CORDON_UPDATE_NS") & 022)) -ne 0 ]; then
        echo "$CORDON_UPDATE_NS is not root-owned and unwritable by others: $(stat -c '%U %a' "$CORDON_UPDATE_NS")" >&2
        return 1
    fi
}

# ns_update APP: `cordonctl ns update APP`, run through the command in
# $CORDON_UPDATE_WRAPPER when that is set (words split on blanks).
# `spread/run-local --no-new-mount-api` sets it to tests/helpers/
# no-new-mount-api (built), under which the new mount API fails with ENOSYS
# and cordon-update-ns must fall back to mount(2).
ns_update() {
    local -a wrapper=()
    if [ -n "${CORDON_UPDATE_WRAPPER:-}" ]; then
        read -r -a wrapper <<< "$CORDON_UPDATE_WRAPPER"
    fi
    "${wrapper[@]}" "$CORDONCTL" ns update "$@"
}

# without_new_mount_api: true when the tasks run with the new mount API
# switched off (spread/run-local --no-new-mount-api).
without_new_mount_api() {
    [ "${CORDON_NO_NEW_MOUNT_API:-}" = 1 ]
}

# kernel_at_least MAJOR MINOR: the running kernel is MAJOR.MINOR or newer.
kernel_at_least() {
    local major minor
    IFS=. read -r major minor _ <<< "$(uname -r)"
    minor=${minor%%[!0-9]*}
    [ "$major" -gt "$1" ] || { [ "$major" -eq "$1" ] && [ "$minor" -ge "$2" ]; }
}

# has_move_mount_beneath: the kernel can mount beneath a mount
# (MOVE_MOUNT_BENEATH, Linux 6.5; Debian 12's 6.1 cannot), and the new
# mount API is not switched off.
has_move_mount_beneath() {
    ! without_new_mount_api && kernel_at_least 6 5
}

# expect_update APP KEPT UNMOUNTED REPLACED MOUNTED: `ns_update APP` must
# succeed and print exactly "APP: K kept, U unmounted, R replaced, M
# mounted"; a count given as '*' may be any number.  The line is kept in
# $UPDATE_OUT and the four counts in $UPDATE_COUNTS ("K U R M").
UPDATE_OUT=
# shellcheck disable=SC2034 # used by the tasks
UPDATE_COUNTS=
expect_update() {
    local app=$1 rc=0 re n
    shift
    UPDATE_OUT=$(ns_update "$app") || rc=$?
    printf 'ns update %s: exit %s, stdout:\n%s\n' "$app" "$rc" "$UPDATE_OUT"
    if [ "$rc" -ne 0 ]; then
        echo "expect_update: cordonctl ns update $app failed (exit $rc)" >&2
        return 1
    fi
    re="^$app: "
    for n in "$1 kept" "$2 unmounted" "$3 replaced" "$4 mounted"; do
        case "$n" in
            '* '*) re="${re}[0-9]+ ${n#* }, " ;;
            *) re="$re$n, " ;;
        esac
    done
    re="${re%, }\$"
    if ! printf '%s\n' "$UPDATE_OUT" | grep -Eqx -- "$re"; then
        echo "expect_update: expected '$app: $1 kept, $2 unmounted, $3 replaced, $4 mounted', got '$UPDATE_OUT'" >&2
        return 1
    fi
    # shellcheck disable=SC2034 # used by the tasks
    UPDATE_COUNTS=$(printf '%s\n' "$UPDATE_OUT" |
        sed -E 's/^.*: ([0-9]+) kept, ([0-9]+) unmounted, ([0-9]+) replaced, ([0-9]+) mounted$/\1 \2 \3 \4/')
}

# expect_update_fails APP PATTERN: `ns_update APP` must exit non-zero, and
# its stderr must hold a line "cordon-update-ns: cannot ..." and match the
# extended regex PATTERN.  The stderr is echoed and kept in $UPDATE_ERR
# (the stdout goes to the log as it comes).
UPDATE_ERR=
expect_update_fails() {
    local app=$1 pattern=$2 rc=0
    keep_stderr UPDATE_ERR ns_update "$app" || rc=$?
    printf 'ns update %s: exit %s, stderr:\n%s\n' "$app" "$rc" "$UPDATE_ERR"
    if [ "$rc" -eq 0 ]; then
        echo "expect_update_fails: cordonctl ns update $app succeeded" >&2
        return 1
    fi
    if ! printf '%s\n' "$UPDATE_ERR" | grep -Eq '^cordon-update-ns: cannot .+'; then
        echo "expect_update_fails: no 'cordon-update-ns: cannot ...' line on stderr" >&2
        return 1
    fi
    if ! printf '%s\n' "$UPDATE_ERR" | grep -Eq -- "$pattern"; then
        echo "expect_update_fails: stderr does not match: $pattern" >&2
        return 1
    fi
}

# write_profile APP [LINE...]: write the desired mount profile
# /etc/cordon/apps/APP.fstab (root 0644), one LINE a line and nothing else
# (no LINE: an empty profile), atomically.  Where AppArmor is enabled, the
# app's AppArmor profile is generated and loaded again, as an admin does
# after changing the mount profile: it has rules for the targets.
write_profile() {
    write_config_file "$(app_fstab_path "$1")" "${@:2}"
    if [ -e "$(app_conf_path "$1")" ]; then
        load_app_profile "$1"
    fi
}

# profile_entries FILE: the entries of a mount profile (nothing when FILE
# does not exist), one a line as "SOURCE TARGET FSTYPE OPTIONS", sorted,
# without comments, blank lines, FREQ and PASSNO, and without the synthetic
# entries (writable mimics) of a current profile.  OPTIONS are sorted, and
# leading zeros of mode= and x-cordon.mode= values dropped, so that two
# spellings of the same entry compare equal; x-cordon.mount-id, .pending
# and .over (bookkeeping of a current profile) left out.
profile_entries() {
    local src tgt fstype opts rest
    [ -e "$1" ] || return 0
    while read -r src tgt fstype opts rest; do
        case "$src" in '' | '#'*) continue ;; esac
        case ",$opts," in *,x-cordon.synthetic,*) continue ;; esac
        # The current profile's bookkeeping (mount ids, write-ahead marks)
        # is not part of an entry.
        opts=$(printf '%s\n' "$opts" | tr , '\n' | grep -Ev '^x-cordon\.(mount-id|pending|over)=' |
            sed -E 's/^((x-cordon\.)?mode)=0*([0-7])/\1=\3/' | sort | paste -sd, -) || true
        opts=${opts:-defaults}
        printf '%s %s %s %s\n' "$src" "$tgt" "$fstype" "$opts"
    done < "$1" | sort
}

# synthetic_entries FILE: the synthetic entries of a current profile, as
# written.
synthetic_entries() {
    [ -e "$1" ] || return 0
    grep -E '^[^#]*x-cordon\.synthetic' "$1" || true
}

# assert_profile_applied APP: the current profile /run/cordon/ns/APP.fstab
# holds the entries of the desired one, /etc/cordon/apps/APP.fstab (both
# missing or empty count as empty), synthetic entries aside.
assert_profile_applied() {
    local desired current
    desired=$(app_fstab_path "$1")
    current=$(app_current_fstab_path "$1")
    if ! diff -u <(profile_entries "$desired") <(profile_entries "$current"); then
        echo "assert_profile_applied: the current profile of $1 differs from the desired one (-: desired, +: current)" >&2
        echo "--- $current:" >&2
        cat "$current" >&2 || true
        return 1
    fi
}

# in_ns APP CMD [ARG...]: run CMD as root (every capability, no seccomp
# filter) inside APP's persisted namespace, with its root and working
# directory at the namespace's /.  CMD comes from the base (busybox).
in_ns() {
    local app=$1
    shift
    nsenter --mount="$(app_mnt_path "$app")" -- "$@"
}

# ns_mountinfo APP: the mount table of APP's persisted namespace.
ns_mountinfo() {
    in_ns "$1" cat /proc/self/mountinfo
}

# ns_mount_ids APP: "ID MOUNTPOINT" of every mount in APP's namespace, in
# order: equal before and after when no mount was added, removed or
# replaced (flags may have changed).
ns_mount_ids() {
    ns_mountinfo "$1" | awk '{ print $1, $5 }'
}

# mounts_at MOUNTPOINT: how many mounts the mountinfo text on stdin has at
# MOUNTPOINT; fstype_at MOUNTPOINT: their filesystem types, one a line;
# opts_at MOUNTPOINT: their per-mount options, one a line.
mounts_at() {
    awk -v m="$1" '$5 == m { n++ } END { print n + 0 }'
}
fstype_at() {
    awk -v m="$1" '$5 == m { for (i = 7; i <= NF; i++) if ($i == "-") { print $(i + 1); break } }'
}
opts_at() {
    awk -v m="$1" '$5 == m { print $6 }'
}

# persisted_ns APP: APP's persisted namespace as "mnt:[INODE]" (the inode
# of /run/cordon/ns/APP.mnt; no launch, compare ns_of_user_launch APP).
persisted_ns() {
    echo "mnt:[$(stat -c %i "$(app_mnt_path "$1")")]"
}

# assert_host_table FILE: this namespace's mount table (without the .mnt
# lines of persisted namespaces) is still the one saved in FILE by
# `mountinfo_no_cordon_mnt > FILE`.
assert_host_table() {
    if ! mountinfo_no_cordon_mnt | diff -u "$1" -; then
        echo "assert_host_table: the host's mount table changed (-: before, +: now)" >&2
        return 1
    fi
}

# Host sources need open_tree(2): without the new mount API cordon-update-ns
# cannot bring them into the namespace and refuses them
# (docs/mount-profiles.md).  Tasks that are about something else copy their
# host sources into the base too, at the same paths (copy_to_base), and add
# $(host_src_opt) to those entries: nothing normally, so the host's copy is
# bound; ",x-cordon.source=ns" with the new mount API off, so the base's
# copy is.  host_src_path BASE PATH says where the bound source is, as
# seen from the host.
host_src_opt() {
    if without_new_mount_api; then echo ",x-cordon.source=ns"; fi
}
host_src_path() {
    if without_new_mount_api; then
        echo "$(base_dir "$1")$2"
    else
        echo "$2"
    fi
}
# copy_to_base BASE PATH...: copy each host PATH (a file or a tree) into the
# base at the same path, modes and owners kept.
copy_to_base() {
    local dir p
    dir=$(base_dir "$1")
    shift
    for p in "$@"; do
        mkdir -p "$dir$(dirname "$p")"
        cp -a "$p" "$dir$p"
    done
}

# unmount_leaks PATH...: in this (the task's) namespace, lazily unmount
# whatever is mounted at or below each PATH, deepest first, printing each;
# returns 1 when there was anything (mounts made for an app's namespace
# must never show up here), 0 otherwise.  For restore phases, before
# removing PATHs.
unmount_leaks() {
    local p m found=0
    for p in "$@"; do
        while read -r m; do
            [ -n "$m" ] || continue
            echo "unmount_leaks: $m is mounted in the host's namespace" >&2
            umount -l "$m" || true
            found=1
        done < <(awk -v p="$p" '$5 == p || index($5, p "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r)
    done
    [ "$found" -eq 0 ]
}

# aa_mark: where AppArmor is enabled, write a unique marker line into the
# kernel log and print it; aa_denials_since MARKER: the AppArmor DENIED
# records logged after it (what run-local judges, for a task that shows
# which layer refused: AppArmor, logged, or another LSM, not logged).
# Records go out through kauditd: give it a moment before asking.
aa_mark() {
    local m=${SPREAD_TASK:-task}
    m="cordon-spread-mark ${m##*/}.$$.$RANDOM"
    echo "$m" > /dev/kmsg
    echo "$m"
}
aa_denials_since() {
    sleep 1
    dmesg | awk -v m="$1" 'index($0, m) { on = 1; next } on && /apparmor="DENIED"/'
}

# lsm_first A B: the kernel calls LSM A's hooks before B's (the order of
# /sys/kernel/security/lsm: for a check that returns an error, the first
# LSM that refuses decides and the later ones are not asked).
lsm_first() {
    awk -v RS=, -v a="$1" -v b="$2" '$1 == a && !nb { na = 1 } $1 == b { nb = 1 } END { exit !(na) }' \
        /sys/kernel/security/lsm
}
