#!/bin/bash
# kill-points.sh PHASE: SIGKILL cordon at every system call it makes in
# PHASE, one run per call, and check after each that nothing is left
# half-made.  PHASE: launch (a cold launch as the user), launch-profile
# (the same, for an app with a mount profile: cordon-update-ns runs while
# the namespace is built), update (cordonctl ns update, building a
# writable mimic), update-mount2 (the same through tests/helpers/
# no-new-mount-api, so cordon-update-ns falls back to mount(2): binds are
# made in two steps, bind then remount read-only, and the profile has a
# read-only bind too), discard (cordonctl ns discard).
#
# How the kill points are found: strace counts `when=N` per system call
# *name* and per process, so a normal run is traced first, and for every
# name S called c times (in the largest count over cordon's processes:
# the launcher or cordonctl, and cordon-update-ns) the phase is rerun c
# times with inject=S:signal=KILL:when=k, k = 1..c.  Every call of every
# process of the phase is hit once (the run ends at the app's exec).
set -eu
. "$TESTSLIB/common.sh"

phase=$1
app=t-kill
# A tmpfs on a new mount point in the base's read-only /usr: a writable
# mimic of /usr is built first.
profile=("tmpfs /usr/t-kill-b tmpfs size=64k,mode=0755 0 0")
# Updates without the new mount API: $NO_NEW_MOUNT_API (built by the
# task's prepare) in front of cordonctl.
wrap=()
if [ "$phase" = update-mount2 ]; then
    wrap=("$NO_NEW_MOUNT_API")
    profile+=("/bin /usr/t-kill-b/bin none bind,ro,x-cordon.source=ns 0 0")
fi
if [ "$phase" = launch-profile ]; then
    write_profile "$app" "${profile[@]}"
else
    rm -f "$CORDON_APPS_DIR/$app.fstab"
fi
# The first launch on a machine makes /run/cordon/ns a mount of itself,
# once for good (see host-table-unchanged): the baseline is taken after it.
"$CORDONCTL" ns discard "$app"
as_user "$CORDON" "$app" -- true
base_mounts=$(mktemp)
mountinfo_no_cordon_mnt > "$base_mounts"
# What else is in /tmp/cordon-private (other apps' dirs on a machine in
# use): a kill must add nothing there (before, a scratch rootfs.XXXXXX).
others_in_private_dir() { ls -A "$CORDON_PRIVATE_DIR" | grep -vx "$app" || true; }
base_private=$(others_in_private_dir)

run_phase() {  # run_phase [STRACE-ARGS...]: one run of the phase, traced
    local -a tr=(strace -f -qq "$@")
    case $phase in
        launch*) "${tr[@]}" -u "$TEST_USER" "$CORDON" "$app" -- true ;;
        update*) "${tr[@]}" "${wrap[@]}" "$CORDONCTL" ns update "$app" > /dev/null ;;
        discard) "${tr[@]}" "$CORDONCTL" ns discard "$app" ;;
    esac
}

# prepare_phase: the state every run of the phase starts from.
prepare_phase() {
    case $phase in
        launch*) "$CORDONCTL" ns discard "$app" ;;
        update*)
            as_user "$CORDON" "$app" -- true
            write_profile "$app" "${profile[@]}"
            ;;
        discard) as_user "$CORDON" "$app" -- true ;;
    esac
}

# check_after KILLPOINT: the host's mount table as before, the next
# operation works, and cordon's state is complete, with no leftovers.
check_after() {
    local at=$1 rc=0
    if ! diff -u "$base_mounts" <(mountinfo_no_cordon_mnt); then
        echo "kill at $at: the host mount table changed" >&2
        return 1
    fi
    case $phase in
        launch | discard)
            as_user "$CORDON" "$app" -- true || rc=$? ;;
        launch-profile | update*)
            if [ "$phase" = launch-profile ]; then
                as_user "$CORDON" "$app" -- true || rc=$?
            else
                "${wrap[@]}" "$CORDONCTL" ns update "$app" > /dev/null || rc=$?
            fi
            [ "$rc" -ne 0 ] || assert_profile_applied "$app" || rc=$?
            [ "$rc" -ne 0 ] || ns_mountinfo "$app" | awk '$5 == "/usr/t-kill-b" { f = 1 } END { exit !f }' || rc=$?
            ;;
    esac
    if [ "$rc" -ne 0 ]; then
        echo "kill at $at: the next $phase failed (exit $rc)" >&2
        return 1
    fi
    local want="$app.info $app.mnt"
    [ -e "$CORDON_APPS_DIR/$app.fstab" ] && want="$app.fstab $want"
    local have
    have=$(cd "$CORDON_NS_DIR" && ls -A | grep -E "(^|[.])$app[.]" | sort | paste -sd ' ' -) || true
    assert_eq "$have" "$want" "kill at $at: /run/cordon/ns holds the complete state"
    assert_eq "$(mnt_count "$app")" 1 "kill at $at: the namespace mounted once"
    assert_eq "$(others_in_private_dir)" "$base_private" "kill at $at: nothing new in $CORDON_PRIVATE_DIR"
    assert_eq "$(ls -A "$CORDON_PRIVATE_DIR/$app" | paste -sd ' ' -)" "rootfs tmp" "kill at $at: private dir"
    assert_eq "$(ls -A "$CORDON_PRIVATE_DIR/$app/rootfs")" "" "kill at $at: scratch dir empty"
    if [ -d "$CORDON_SECCOMP_DIR" ]; then
        assert_eq "$(ls -A "$CORDON_SECCOMP_DIR" | grep -F "$app" | grep -v "^$app[.]bpf$" || true)" "" \
            "kill at $at: no temporary seccomp files"
    fi
    # The update phase's undo: back to the state its runs start from.
    if [ "$phase" != "${phase#update}" ]; then
        write_profile "$app"
        "${wrap[@]}" "$CORDONCTL" ns update "$app" > /dev/null
    fi
}

# The kill points, from one normal run: "NAME COUNT" lines.
prepare_phase
trace=$(mktemp)
run_phase -o "$trace"
if [ "$phase" != "${phase#update}" ]; then write_profile "$app"; "${wrap[@]}" "$CORDONCTL" ns update "$app" > /dev/null; fi
points=$(mktemp)
# Lines are "PID name(args...) = ..."; resumed halves of interrupted calls
# ("<... name resumed>") are not calls of their own.  The phase's own run
# ends at the exec of the app's `true` (its calls are not cordon's).
awk '
    $2 ~ /^execve\("([^"]*\/)?true"/ { done[$1] = 1 }
    done[$1] { next }
    match($2, /^[a-z_0-9]+\(/) { n[$1 " " substr($2, 1, RLENGTH - 1)]++ }
    END { for (k in n) { split(k, a, " "); if (n[k] > max[a[2]]) max[a[2]] = n[k] }
          for (s in max) print s, max[s] }
' "$trace" | sort > "$points"
total=$(awk '{ t += $2 } END { print t + 0 }' "$points")
echo "kill-points $phase: $total kill points over $(wc -l < "$points") system calls"
test "$total" -gt 20

# Under software emulation (the Debian 12 guest of spread/run-vm sets
# CORDON_SPREAD_EMULATED=1) one traced run takes seconds, and a phase
# about a thousand runs: there each name is hit once, at its last call
# (the most state made by then), and names that only ask the kernel
# something or manage the process's own memory are left out: a kill there
# leaves the same files and mounts as a kill at the next call that changes
# them.  Everywhere else every call is hit.
emulated=no
[ "${CORDON_SPREAD_EMULATED:-}" != 1 ] || emulated=yes
if [ "$emulated" = yes ]; then
    queries=" fstat newfstatat statx statfs fstatfs getpid gettid getppid getuid geteuid getgid getegid
        getresuid getresgid getgroups capget brk mmap munmap mprotect madvise lseek readlink readlinkat
        getdents64 access faccessat faccessat2 uname arch_prctl set_tid_address set_robust_list rseq
        getrandom getcwd sched_getaffinity "
    awk -v q="$(echo $queries)" 'BEGIN { n = split(q, a, " "); for (i = 1; i <= n; i++) skip[a[i]] = 1 }
        !($1 in skip)' "$points" > "$points.kept"
    echo "kill-points $phase: emulated machine: $(($(wc -l < "$points") - $(wc -l < "$points.kept"))) query names left out"
    mv "$points.kept" "$points"
fi
# kill_points_of COUNT: the k of the runs for a name called COUNT times.
kill_points_of() {
    if [ "$emulated" = yes ]; then echo "$1"; else seq 1 "$1"; fi
}
[ "$emulated" = no ] || echo "kill-points $phase: emulated machine: each system call name at its last call"

killed=0
runs=0
while read -r name count; do
    for k in $(kill_points_of "$count"); do
        runs=$((runs + 1))
        prepare_phase
        rc=0
        run_phase -o /dev/null -e "inject=$name:signal=KILL:when=$k" 2> /dev/null || rc=$?
        [ "$rc" -ne 0 ] && killed=$((killed + 1))
        check_after "$name#$k"
    done
done < "$points"
echo "kill-points $phase: $killed of $runs runs ($total kill points) were killed; every check passed"
rm -f "$trace" "$points" "$base_mounts"
