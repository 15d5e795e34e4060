// What `cordonctl ns show` says about the propagation of an app's
// namespace, from two mount tables: the namespace's and the host's (read
// in pid 1's namespace, where cordon persists namespaces). Pure.
//
// Peer groups (shared:N) and masters (master:N) are numbers the kernel
// gives out across all namespaces, so a group seen in both tables ties a
// mount inside to a mount of the host. Peers propagate mount and unmount
// events both ways, but only where their roots overlap in the filesystem:
// the namespace's /media, a bind of the host directory /media of the host's
// "/" mount, is a peer of "/" that exchanges events under /media only.
// So each tie is named by the directories it joins on both sides
// (HostTie), and the leak rule judges those: a tie whose end on either
// side is not at or below a bidirectional entry of the host table
// (/media, /run/media, /run/netns) lets an unmount inside reach the host,
// or the host's mounts reach somewhere the app should not get them.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/mountinfo.h"

namespace cordon {

enum class PropagationKind {
    kSharedWithHost,    // shared:N, N also a peer group of the host
    kReceivesFromHost,  // master:N, N a peer group of the host
    kShared,            // shared:N within the namespace only
    kReceives,          // master:N of a group the host does not have
    kUnbindable,
    kPrivate,
};

// The JSON value of a kind: "shared-with-host", "receives-from-host",
// "shared", "receives", "unbindable", "private".
std::string_view kind_key(PropagationKind kind);

// One mount of the namespace tied to one mount of the host by a peer group
// or master: the directory the shared part is on each side.
struct HostTie {
    std::string inside;  // in the namespace ("/media")
    std::string host;    // on the host ("/media")
};

// The host tie of a namespace mount whose peer or master group is `group`:
// through the first host mount of that group whose root overlaps the
// namespace mount's; nothing when the host has none.
std::optional<HostTie> host_tie(const MountRecord& inside, std::uint32_t group, const MountTable& host);

struct PropagationClass {
    PropagationKind kind = PropagationKind::kPrivate;
    std::string host;       // the host directory: shared-with-host, receives-from-host
    bool shared_too = false;  // a receiving mount that is also shared (namespace only)
};

PropagationClass classify_propagation(const MountRecord& inside, const MountTable& host);

// "shared with host /media", "receives from host /run, shared (namespace
// only)", "private", ...
std::string describe_propagation(const PropagationClass& p);

// The bidirectional entries of the host table ("/media", "/run/media",
// "/run/netns").
std::vector<std::string> bidirectional_dirs();

enum class LeakSide {
    kNamespace,  // the namespace's end of the tie is outside every bidirectional dir
    kHost,       // the host's end is
};

struct Leak {
    LeakSide side;
    std::string mountpoint;  // the namespace mount
    std::string host_peer;   // the host directory it is a peer of
    std::uint32_t peer_group = 0;
    std::string why;
};

// Every peer tie (shared:N on both sides) with an end, on either side, not
// at or below one of `bidirectional`; each (side, mount, host directory)
// once. Masters are never leaks: events only flow in.
std::vector<Leak> find_leaks(const MountTable& inside, const MountTable& host,
                             std::span<const std::string> bidirectional);

// The most mounts a namespace should hold: the host's, each table entry
// once more, each profile mount, and 10 for the root, /tmp, devpts, ptmx
// and the masks (spread task mount-count checks the launcher against the
// same bound).
std::size_t mount_budget(std::size_t host_mounts, std::size_t profile_mounts);

// The order `ns show` prints a table in, as a tree: each mount after its
// parent, siblings in the table's order; depth 0 for a mount whose parent
// is not in the table (the root). Mounts not reached from one (a cycle a
// corrupt table could hold) come last at depth 0.
struct TreeRow {
    std::size_t index;  // into the table
    std::size_t depth;
};
std::vector<TreeRow> mount_tree(const MountTable& table);

}  // namespace cordon
