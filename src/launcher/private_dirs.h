// The root-only directory on the host's /tmp that holds, per app, its
// private /tmp and the fixed scratch dir its root is built in:
//
//   /tmp/cordon-private/          root 0700
//   /tmp/cordon-private/APP/      root 0700
//   /tmp/cordon-private/APP/tmp/  root 01777  the app's /tmp (bound there)
//   /tmp/cordon-private/APP/rootfs/  root 0700  the scratch dir
//
// The scratch dir has a fixed name and is reused under the app's lock: a
// build killed at any point leaves at most this one empty directory, which
// the next build uses again (its mounts lived only in the dead namespace).
//
// /tmp is world-writable, so a user can create "cordon-private" before
// cordon does (a tmp cleaner may have removed it, or it was never made at
// boot: the shipped tmpfiles.d rule makes it). Such a squatted name is
// never trusted and never repaired in place: it is swapped out atomically
// for a fresh root-owned directory (see open_private_top).
#pragma once

#include <string>

#include "app/ns_store.h"
#include "os/unique_fd.h"

namespace cordon {

struct PrivateDirs {
    UniqueFd app_tmp;  // O_PATH fd of APP/tmp
    UniqueFd scratch;  // O_PATH fd of APP/rootfs
};

// Opens (creating what is missing) the app's private dirs, as root, in the
// namespace the root is built in. Takes the global lock of `store` only to
// replace a squatted /tmp/cordon-private (rare), so that concurrent
// launches of different apps never swap each other's fresh directory out.
PrivateDirs open_private_dirs(const NsStore& store, const std::string& app);

}  // namespace cordon
