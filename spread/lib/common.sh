# shellcheck shell=bash
# Helpers for cordon's spread tasks.  Source with: . "$TESTSLIB/common.sh"
#
# Tasks run as root under `bash -eux` (set -u: everything here must work
# with unset variables being errors).  They share the real /etc, /run,
# /tmp and /var/lib with the machine, so every app and base a task creates
# is named t-SOMETHING and removed again in the task's restore.

: "${TEST_USER:=cordon-test}"
: "${CORDON:=$(command -v cordon || echo /usr/local/bin/cordon)}"
: "${CORDONCTL:=$(command -v cordonctl || echo /usr/local/bin/cordonctl)}"

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

CORDON_APPS_DIR=/etc/cordon/apps
CORDON_BASES_DIR=/var/lib/cordon/bases
CORDON_NS_DIR=/run/cordon/ns
CORDON_LOCK_DIR=/run/cordon/lock
CORDON_PRIVATE_DIR=/tmp/cordon-private
CORDON_SECCOMP_DIR=/var/lib/cordon/seccomp

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

# base_dir NAME-OR-DIR: a bare name means a base under the bases dir.
base_dir() {
    case "$1" in
        */*) echo "$1" ;;
        *) echo "$CORDON_BASES_DIR/$1" ;;
    esac
}

# make_busybox_base DIR|NAME [MARKER]: a minimal root filesystem made of the
# static busybox (/bin/busybox plus a symlink per applet in /bin), every
# directory cordon mounts over, and /cordon-base-marker holding MARKER
# (default: the base's name).  Everything root-owned, directories 0755.
make_busybox_base() {
    local dir marker busybox applet d
    dir=$(base_dir "$1")
    marker=${2:-$(basename "$dir")}
    busybox=$(command -v busybox)
    # The base must not depend on host libraries: only a static busybox works.
    if ldd "$busybox" > /dev/null 2>&1; then
        echo "make_busybox_base: $busybox is not static (install busybox-static)" >&2
        return 1
    fi
    install -d -m 0755 -o root -g root /var/lib/cordon "$CORDON_BASES_DIR"
    rm -rf "$dir"
    install -d -m 0755 -o root -g root "$dir"
    for d in bin dev etc home root proc sys tmp var var/tmp var/log run media \
        mnt lib lib/modules lib/firmware app usr usr/bin sbin usr/sbin; do
        install -d -m 0755 -o root -g root "$dir/$d"
    done
    install -m 0755 -o root -g root "$busybox" "$dir/bin/busybox"
    for applet in $("$busybox" --list); do
        [ "$applet" = busybox ] && continue
        ln -s busybox "$dir/bin/$applet"
    done
    printf '%s\n' "$marker" > "$dir/cordon-base-marker"
    chown root:root "$dir/cordon-base-marker"
    chmod 0755 "$dir/cordon-base-marker"
}

# remove_base DIR|NAME
remove_base() {
    rm -rf "$(base_dir "$1")"
}

# make_app NAME BASE [LINE...]: write /etc/cordon/apps/NAME.conf (root 0644)
# with `base = BASE` and each LINE after it.
make_app() {
    local name=$1 base=$2 conf
    shift 2
    install -d -m 0755 -o root -g root /etc/cordon "$CORDON_APPS_DIR"
    conf=$CORDON_APPS_DIR/$name.conf
    {
        echo "# written by a cordon spread task ($(basename "${SPREAD_TASK:-?}"))"
        echo "base = $base"
        if [ "$#" -gt 0 ]; then
            printf '%s\n' "$@"
        fi
    } > "$conf.tmp"
    chown root:root "$conf.tmp"
    chmod 0644 "$conf.tmp"
    mv -f "$conf.tmp" "$conf"
}

# write_policy NAME [LINE...]: write /etc/cordon/apps/NAME.seccomp (root
# 0644), one LINE a line (no LINE: an empty policy).
write_policy() {
    local name=$1 file
    shift
    install -d -m 0755 -o root -g root /etc/cordon "$CORDON_APPS_DIR"
    file=$CORDON_APPS_DIR/$name.seccomp
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
# (root, 0755), static unless GCC-ARGs say otherwise (gcc -static -O2 ...).
build_helper() {
    local name=$1 out=$2
    shift 2
    gcc -static -O2 -Wall -Wextra -Werror "$@" -o "$out.tmp" \
        "$SPREAD_PATH/tests/helpers/$name.c"
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

# ns_inode APP: the app's mount namespace as seen by a process of the user
# inside it ("mnt:[INODE]").
ns_inode() {
    as_user "$CORDON" "$1" -- readlink /proc/self/ns/mnt
}

# mountinfo_no_cordon_mnt: this namespace's mount table without the lines
# of persisted namespaces (/run/cordon/ns/*.mnt).
mountinfo_no_cordon_mnt() {
    awk '$5 !~ "^/run/cordon/ns/[^/]*[.]mnt$"' /proc/self/mountinfo
}

# mnt_count APP: how many times /run/cordon/ns/APP.mnt is mounted here.
mnt_count() {
    awk -v m="$CORDON_NS_DIR/$1.mnt" '$5 == m { n++ } END { print n + 0 }' /proc/self/mountinfo
}

# hold_ns APP: keep APP's current namespace alive with fd 7 of this shell
# (opened on /run/cordon/ns/APP.mnt), so that the kernel cannot hand its
# inode number to the next namespace: nsfs inode numbers are reused as
# soon as a namespace is freed, which would make "a new namespace has a
# different inode" checks fail for the wrong reason.  The fd is not a
# process inside the namespace, so it does not make it "in use".  Commands
# started meanwhile inherit fd 7; that is harmless for these checks.
hold_ns() {
    exec 7< "$CORDON_NS_DIR/$1.mnt"
}
release_ns() {
    exec 7<&-
}

# forget_app_files NAME: remove, without cordonctl, every file cordon may
# keep for NAME (also for names cordon should have refused): the persisted
# namespace's files (unmounted first), its private /tmp, its lock, its
# config and seccomp policy, its compiled seccomp filter.
forget_app_files() {
    local name=$1
    if [ -e "$CORDON_NS_DIR/$name.mnt" ] && mountpoint -q "$CORDON_NS_DIR/$name.mnt"; then
        umount -l "$CORDON_NS_DIR/$name.mnt" || true
    fi
    rm -f "$CORDON_NS_DIR/$name.mnt" "$CORDON_NS_DIR/$name.info" \
        "$CORDON_LOCK_DIR/$name.lock" "$CORDON_APPS_DIR/$name.conf" \
        "$CORDON_APPS_DIR/$name.conf.tmp" "$CORDON_APPS_DIR/$name.seccomp" \
        "$CORDON_APPS_DIR/$name.seccomp.tmp"
    # The compiled filter, and any temporary file of an atomic write of it.
    if [ -d "$CORDON_SECCOMP_DIR" ]; then
        find "$CORDON_SECCOMP_DIR" -maxdepth 1 \( -name "$name.bpf" -o -name "$name.bpf.*" \
            -o -name ".$name.bpf*" \) -delete
    fi
    rm -rf "${CORDON_PRIVATE_DIR:?}/$name"
}

# cleanup_app NAME: forget everything cordon keeps for NAME: the persisted
# namespace (cordonctl ns discard), then whatever forget_app_files removes.
# Does all of it, then fails if the discard failed.
cleanup_app() {
    local name=$1 rc=0
    if [ -x "$CORDONCTL" ]; then
        "$CORDONCTL" ns discard "$name" || rc=$?
    fi
    forget_app_files "$name"
    if [ "$rc" -ne 0 ]; then
        echo "cleanup_app: cordonctl ns discard $name failed ($rc)" >&2
    fi
    return "$rc"
}

# expect_fail EXITCODE PATTERN CMD [ARG...]: run CMD, which must exit with
# EXITCODE and print to stderr something matching the extended regex
# PATTERN.  The stderr is echoed (for the log) and kept in $EXPECT_FAIL_ERR.
EXPECT_FAIL_ERR=
expect_fail() {
    local want=$1 pattern=$2 rc=0 errfile
    shift 2
    errfile=$(mktemp)
    "$@" 2> "$errfile" || rc=$?
    EXPECT_FAIL_ERR=$(cat "$errfile")
    rm -f "$errfile"
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
