// Creating the app's mount namespace so that it can be persisted.
#pragma once

#include "os/unique_fd.h"

namespace cordon {

// unshare(CLONE_NEWNS) such that the new namespace's id is greater than the
// id of host_ns (the namespace that will hold APP.mnt). Returns the new
// namespace's fd; the process is inside it.
//
// Why: binding a namespace file onto a mount point is refused unless the
// namespace is newer than the binder's (mnt_ns_loop(), which prevents
// reference cycles). Linux 6.18 hands out namespace ids from per-CPU
// batches of 4096, so a namespace created on CPU 0 can be "older" than one
// created earlier on CPU 1: the bind then fails with EINVAL (mount) or
// ELOOP (move_mount). Nothing is mounted yet at this point, so recreating
// the namespace on another CPU is cheap.
UniqueFd unshare_newer_than(int host_ns);

}  // namespace cordon
