# shellcheck shell=sh disable=SC2034 # the variables are for those who source this
# scripts/lib/app-files.sh -- the name of every file cordon keeps for an app.
# These paths are part of cordon's on-disk contract; this file mirrors the
# C++ app_files module, and a unit test sources it and checks that the two
# agree.  Sourced (POSIX sh, fine under set -eu) by spread/lib/common.sh,
# bench/* and demo/*; each app_*_path APP prints one path.

CORDON_APPS_DIR=/etc/cordon/apps
CORDON_STATE_DIR=/var/lib/cordon
CORDON_BASES_DIR=/var/lib/cordon/bases
CORDON_SECCOMP_DIR=/var/lib/cordon/seccomp
CORDON_RUN_DIR=/run/cordon
CORDON_NS_DIR=/run/cordon/ns
CORDON_LOCK_DIR=/run/cordon/lock
CORDON_PRIVATE_DIR=/tmp/cordon-private

# The app's configuration, seccomp policy source and desired mount profile.
app_conf_path() { printf '%s\n' "$CORDON_APPS_DIR/$1.conf"; }
app_seccomp_path() { printf '%s\n' "$CORDON_APPS_DIR/$1.seccomp"; }
app_fstab_path() { printf '%s\n' "$CORDON_APPS_DIR/$1.fstab"; }
# The compiled seccomp filter.
app_bpf_path() { printf '%s\n' "$CORDON_SECCOMP_DIR/$1.bpf"; }
# The persisted namespace, its identity record and its current (applied)
# mount profile.
app_mnt_path() { printf '%s\n' "$CORDON_NS_DIR/$1.mnt"; }
app_info_path() { printf '%s\n' "$CORDON_NS_DIR/$1.info"; }
app_current_fstab_path() { printf '%s\n' "$CORDON_NS_DIR/$1.fstab"; }
# The app's lock, and its private directory ({tmp,rootfs} below it).
app_lock_path() { printf '%s\n' "$CORDON_LOCK_DIR/$1.lock"; }
app_private_path() { printf '%s\n' "$CORDON_PRIVATE_DIR/$1"; }
