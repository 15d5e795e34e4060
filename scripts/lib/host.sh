# shellcheck shell=bash
# scripts/lib/host.sh -- what cordon's shell scripts share about the machine
# they run on: whether the kernel enforces AppArmor, the systemd-like private
# mount namespace the benchmarks and the demo run in, and the build of the
# static test helpers (tests/helpers/*.c).  Sourced (bash) by
# spread/run-local, spread/lib/common.sh, bench/*, scripts/demo and
# demo/setup.  Needs scripts/lib/app-files.sh sourced first (CORDON_RUN_DIR).

# aa_enabled: the kernel enforces AppArmor (as on a stock Debian 12 host):
# apps run only with their profile cordon.APP loaded.  False without the
# AppArmor tools (aa-enabled).
aa_enabled() {
    command -v aa-enabled > /dev/null && aa-enabled -q 2> /dev/null
}

# run_in_private_ns CMD [ARG...]: run CMD in a mount namespace of its own
# (`unshare -m --propagation private`) set up like a systemd host's: / made
# rshared (a systemd host's / is shared; cordon's /media relies on it), and
# a private tmpfs on $CORDON_RUN_DIR (made on the host when missing: an
# empty directory, as cordon itself makes), so that nothing mounted in
# there, a persisted namespace included, reaches the host's mount table.
# The exit status is CMD's.
run_in_private_ns() {
    mkdir -p "$CORDON_RUN_DIR"
    # shellcheck disable=SC2016 # expanded by the inner sh
    unshare -m --propagation private sh -c '
        run_dir=$1
        shift
        mount --make-rshared / &&
            mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$run_dir" &&
            exec "$@"' sh "$CORDON_RUN_DIR" "$@"
}

# The source tree this file is in.
CORDON_HOST_LIB_TREE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# How tests/helpers/*.c are compiled: static, so that a helper runs in any
# base (a busybox base has no libc) and in the guest of spread/run-vm.
HELPER_CC=(gcc -static -O2 -Wall -Wextra -Werror)

# build_static_helper NAME OUT [GCC-ARG...]: compile tests/helpers/NAME.c of
# this tree into OUT with $HELPER_CC and the GCC-ARGs.
build_static_helper() {
    local name=$1 out=$2
    shift 2
    "${HELPER_CC[@]}" "$@" -o "$out" "$CORDON_HOST_LIB_TREE/tests/helpers/$name.c"
}
