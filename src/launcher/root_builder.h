// The constructed root: executes the plan (host table, private /tmp, devpts,
// payload) with the mount primitives, inside a new mount namespace, and
// pivots into it.
//
// Propagation, which is the whole difficulty:
//  1. The bidirectional host dirs (/media, /run/media, /run/netns) are
//     cloned first, while this namespace's copies are still peers of the
//     host's mounts: the clones join the host's peer groups.
//  2. Then every mount of this namespace becomes a slave. From here on
//     nothing mounted or unmounted here can propagate to the host: not the
//     scratch dir, not the table, not the old root's detach.
//  3. The scratch dir is bound onto itself and made unbindable before any
//     recursive bind, so rbinds of host trees that contain it (/tmp) do not
//     copy it into itself (the mount explosion).
//  4. The base is rbound into the scratch dir (rslave, read-only) and the
//     table is bound over it in order, each rslave except the clones of 1.
//  5. pivot_root into it; the old root is made private and detached whole:
//     the namespace keeps no view of the host's root.
#pragma once

#include <string>

#include "app/app_loader.h"

namespace cordon {

// Directories on the host's /tmp that the build uses, opened in the new
// namespace (launcher/private_dirs): the scratch dir and the app's private tmp.
struct BuildDirs {
    int scratch;
    int app_tmp;
};

// Must run as root inside a fresh mount namespace (ns_create). Throws on the
// first failure; the caller then leaves the namespace, which drops every
// mount made here at once.
void build_root(const App& app, const BuildDirs& dirs);

}  // namespace cordon
