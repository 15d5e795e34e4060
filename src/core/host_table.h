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

// True when no entry comes before one of its ancestors.
bool parents_precede_children(std::span<const HostMount> table);

}  // namespace cordon
