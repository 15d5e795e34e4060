// The current profile as a write-ahead log (see profile_update.h): the
// entries the namespace holds, written to /run/cordon/ns/APP.fstab
// (through the ns/ directory fd, so from inside the app's namespace too)
// before every change that mounts or unmounts, with that entry marked
// pending.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/mount_profile.h"

namespace cordon {

class ProfileLog {
public:
    ProfileLog(std::string app, int ns_dir, int app_ns) : app_(std::move(app)), ns_dir_(ns_dir), app_ns_(app_ns) {}

    void read();    // the current profile of app_ns (empty if it names another)
    void record();  // written atomically
    bool has_pending() const;

    const MountProfile& profile() const { return log_; }
    std::vector<MountEntry>& entries() { return log_.entries; }

    // The index of the last entry that is e (same entry, same mount): the
    // one on top at its target. Throws when there is none.
    std::size_t index_of(const MountEntry& e) const;
    void forget(const MountEntry& e);
    void add(MountEntry e) { log_.entries.push_back(std::move(e)); }

    std::size_t begin_mount(const MountEntry& e, std::uint32_t over, std::optional<std::uint32_t> id);
    void settle_mount(std::size_t index, int parent, const std::string& name);

private:
    std::string app_;
    int ns_dir_;
    int app_ns_;
    MountProfile log_;
};

}  // namespace cordon
