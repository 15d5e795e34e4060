#include "core/mount_profile_marks.h"

#include <optional>

namespace cordon {

namespace {

std::optional<std::size_t> index_of_id(const MountTable& table, std::uint32_t id) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i].id == id) return i;
    return std::nullopt;
}

// The last mount at `target` in the table's order, which mountinfo lists
// after what it covers.
std::optional<std::size_t> topmost_at(const MountTable& table, const std::string& target) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i].mountpoint == target) found = i;
    return found;
}

}  // namespace

std::map<std::size_t, unsigned> profile_lines_by_mount(const MountTable& table, const MountProfile& profile) {
    std::map<std::size_t, unsigned> lines;
    for (const MountEntry& entry : profile.entries) {
        if (!entry.is_mount()) continue;
        auto id = entry.mount_id();
        auto index = id ? index_of_id(table, *id) : topmost_at(table, entry.target);
        if (index) lines[*index] = entry.line;
    }
    return lines;
}

std::size_t profile_mount_count(const MountProfile& profile) {
    std::size_t n = 0;
    for (const MountEntry& entry : profile.entries) n += entry.is_mount() ? 1 : 0;
    return n;
}

}  // namespace cordon
