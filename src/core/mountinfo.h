// A mount table as /proc/PID/mountinfo gives it, parsed by libmount: one
// record per mount with what `cordonctl ns show` prints and the
// propagation fields (proc(5): "shared:N", "master:N", "unbindable") the
// leak rule of core/mount_propagation works on. Pure: the text comes from
// the caller (os/ns_mountinfo reads it), so unit tests feed synthetic
// tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {

struct MountRecord {
    std::uint32_t id = 0;
    std::uint32_t parent = 0;
    std::string mountpoint;  // as the reading process sees it (unescaped)
    std::string root;        // of the mount, within its filesystem
    std::string fstype;
    std::string source;
    std::string options;  // per-mount and filesystem options, as findmnt shows them
    std::optional<std::uint32_t> peer_group;    // shared:N
    std::optional<std::uint32_t> master_group;  // master:N (a slave of that peer group)
    bool unbindable = false;
};

using MountTable = std::vector<MountRecord>;  // in the order of the file

// The propagation fields of one line (libmount hands them over as one
// string, "shared:2 master:1", and has no getter for the numbers).
// Unknown tags (propagate_from:N) are skipped; a malformed number throws.
struct PropagationFields {
    std::optional<std::uint32_t> peer_group;
    std::optional<std::uint32_t> master_group;
    bool unbindable = false;
};
PropagationFields parse_propagation_fields(std::string_view fields);

// The mounts of mountinfo text; `what` names it in errors
// ("parse the mount table of APP's namespace").
MountTable parse_mountinfo(std::string_view text, const std::string& what);

}  // namespace cordon
