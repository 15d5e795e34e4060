// The one ordered table of host directories bind-mounted over the
// constructed root, as data.
//
// Order matters: an entry is mounted after every entry that is an ancestor
// of it, else the ancestor's bind would hide it (the 2016 snap-confine bug:
// /run mounted after /run/media clobbered it). tests/unit/host_table_test.cc
// checks that property for every pair of entries.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace cordon {

enum class Propagation {
    kSlave,   // rslave: host mount events flow in, nothing flows out
    kShared,  // bidirectional: stays a peer of the host's mount
};

enum class Presence {
    kRequired,      // the host dir must exist
    kOptional,      // skipped when the host dir does not exist
    kCreateOnHost,  // created on the host (root, 0755) when missing
};

struct HostMount {
    std::string_view path;  // same path on the host and in the new root
    Propagation propagation;
    Presence presence;
};

std::span<const HostMount> host_table();

// Host endpoints the app must not reach, each covered in the new root by an
// empty read-only tmpfs when it exists (after the table brought it in):
// systemd-userdb's varlink sockets answer, to anyone who connects, with
// records a sandbox should not see (the CVE-2024-5300 class). The app's
// AppArmor profile denies them too, but only kernels that mediate Unix
// socket paths enforce that (Debian 12's 6.1 does not): a mount hides them
// under any LSM. Name lookups fall back to the files.
std::span<const std::string_view> masked_host_paths();

// Whether a launch fails when the base has no mount point for the entry
// (the launcher's decision, launcher/root_builder): a required entry or one
// created on the host always has something to mount there; an optional one
// is skipped (the app does not see the host's).
bool base_needs_mount_point(const HostMount& m);

// Every directory the launcher mounts on in the base, in the table's
// order, then the payload's /app when the app has a payload.
struct BaseMountPoint {
    std::string_view path;
    bool needed;  // base_needs_mount_point: without it the launch fails
};
std::vector<BaseMountPoint> base_mount_points(bool has_payload);

// True when no entry comes before one of its ancestors.
bool parents_precede_children(std::span<const HostMount> table);

}  // namespace cordon
