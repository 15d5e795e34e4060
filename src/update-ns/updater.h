// The engine behind update_mount_profile (profile_update.h), private to
// cordon-update-ns. Its parts: host_sources (taken in the host's
// namespace), ns_view (target resolution in the app's), profile_log (the
// write-ahead log), mount_point_creation (creation policy, mimics); its
// steps: profile_update.cc (the run), pending_resolution.cc (what a killed
// run left), unmount.cc and mount.cc (mount execution).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/mount_plan.h"
#include "core/mount_profile.h"
#include "os/mounter.h"
#include "update-ns/host_sources.h"
#include "update-ns/mount_point_creation.h"
#include "update-ns/ns_view.h"
#include "update-ns/profile_log.h"
#include "update-ns/profile_update.h"

namespace cordon {

class Updater {
public:
    Updater(const std::string& app, int ns_dir, int app_ns)
        : app_(app), app_ns_(app_ns), sources_(mounter_), log_(app, ns_dir, app_ns), creator_(ns_, mounter_, log_) {}

    // Starts in the host's namespace, returns in the app's.
    UpdateCounts run();

private:
    // profile_update.cc
    std::vector<ProfileChange> take_host_sources_and_plan(const MountProfile& desired, bool pending);
    void perform_plan(const std::vector<ProfileChange>& plan);
    std::string settle_after_failure(const MountProfile& before);
    void perform(const ProfileChange& c);

    // pending_resolution.cc
    bool resolve_pending();
    bool resolve_pending_unmounts();
    bool resolve_pending_mounts();
    bool resolve_pending_mount(const MountEntry& e, const std::set<std::uint32_t>& settled);
    bool resolve_pending_mount_by_id(const MountEntry& e, const std::set<std::uint32_t>& settled);

    // unmount.cc
    void unmount_logged(const MountEntry& e);
    void unmount(const MountEntry& e);
    void remove_non_mount(const MountEntry& e);
    bool unmount_by_id(const MountEntry& e);
    void unmount_by_path(const MountEntry& e);
    std::optional<SourceId> source_id(const MountEntry& e);
    std::string why_not_entry_mount(const MountEntry& e, int target, bool strict);
    void require_entry_mount(const MountEntry& e, int target);

    // mount.cc
    struct Source;
    struct MountPoint;
    void replace(const MountEntry& e, const MountEntry& old);
    void mount(const MountEntry& e, const MountEntry* replacing);
    void mount_as(const MountEntry& e, const Bind& b, const MountEntry* replacing);
    void mount_as(const MountEntry& e, const Tmpfs& t, const MountEntry* replacing);
    void make_non_mount(const MountEntry& e);
    bool already_there(const MountEntry& e, int parent, const std::string& parent_path, const std::string& name);
    Source open_source(const MountEntry& e, const Bind& b);
    MountPoint open_mount_point(const MountEntry& e, const MountEntry* replacing);
    void fix_mount_point_type(MountPoint& mp, const MountEntry& e);
    std::optional<std::uint32_t> prepare_mount(const MountPoint& mp, const MountEntry& e, const Source* src,
                                               const MountEntry* replacing);
    void check_replaced_is_there(const MountPoint& mp, const MountEntry& e, const MountEntry& replacing);
    bool adopt_or_refuse(const MountPoint& mp, const MountEntry& e, const Source* src);
    std::uint32_t write_ahead_over(const MountPoint& mp, const MountEntry& e, const MountEntry* replacing);
    std::size_t attach_tmpfs(const MountPoint& mp, const MountEntry& e, const Tmpfs& t, std::uint32_t over,
                             const MountEntry* replacing);
    std::size_t attach_bind(const MountPoint& mp, const MountEntry& e, const Bind& b, Source& src,
                            std::uint32_t over, const MountEntry* replacing);

    std::string app_;
    int app_ns_;
    Mounter mounter_;
    NsView ns_;
    HostSources sources_;
    ProfileLog log_;
    MountPointCreator creator_;
    UpdateCounts counts_;
};

}  // namespace cordon
