#include "core/host_table.h"

#include "core/abs_path.h"
#include "core/paths.h"

namespace cordon {

namespace {

using P = Propagation;
using E = Presence;

constexpr HostMount kHostTable[] = {
    {"/dev", P::kSlave, E::kRequired},
    {"/etc", P::kSlave, E::kRequired},
    {"/home", P::kSlave, E::kRequired},
    {"/root", P::kSlave, E::kRequired},
    {"/proc", P::kSlave, E::kRequired},
    {"/sys", P::kSlave, E::kRequired},
    {"/tmp", P::kSlave, E::kRequired},  // then covered by the app's private /tmp
    {"/var/tmp", P::kSlave, E::kRequired},
    {"/var/log", P::kSlave, E::kRequired},
    {"/run", P::kSlave, E::kRequired},  // before /run/media and /run/netns
    {"/lib/modules", P::kSlave, E::kOptional},
    {"/lib/firmware", P::kSlave, E::kOptional},
    {"/media", P::kShared, E::kCreateOnHost},
    {"/run/media", P::kShared, E::kOptional},
    {"/run/netns", P::kShared, E::kOptional},
    {"/mnt", P::kSlave, E::kOptional},
};

constexpr std::string_view kMaskedHostPaths[] = {
    "/run/systemd/userdb",
};

}  // namespace

std::span<const HostMount> host_table() { return kHostTable; }

std::span<const std::string_view> masked_host_paths() { return kMaskedHostPaths; }

bool base_needs_mount_point(const HostMount& m) { return m.presence != Presence::kOptional; }

std::vector<BaseMountPoint> base_mount_points(bool has_payload) {
    std::vector<BaseMountPoint> points;
    for (const HostMount& m : kHostTable) points.push_back({m.path, base_needs_mount_point(m)});
    if (has_payload) points.push_back({paths::kPayloadTarget, true});
    return points;
}

bool parents_precede_children(std::span<const HostMount> table) {
    for (std::size_t i = 0; i < table.size(); ++i)
        for (std::size_t j = i + 1; j < table.size(); ++j)
            if (path_is_within(table[i].path, table[j].path)) return false;  // a later entry at or above i
    return true;
}

}  // namespace cordon
