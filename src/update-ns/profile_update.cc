#include "update-ns/profile_update.h"

#include <algorithm>
#include <string>
#include <vector>

#include "app/mount_profile_io.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/mount_plan.h"
#include "core/paths.h"
#include "os/nsfs.h"
#include "update-ns/updater.h"

namespace cordon {

UpdateCounts Updater::run() {
    // In the host's namespace (the caller's): both profiles and every host
    // source are opened here, by path, before the app's namespace is
    // entered; the process never comes back.
    MountProfile desired = read_desired_profile(app_);
    log_.read();
    bool pending = log_.has_pending();
    std::vector<ProfileChange> plan = take_host_sources_and_plan(desired, pending);

    enter_mount_ns(app_ns_, "of " + app_);
    ns_.open_root(app_);
    if (pending) {
        // A run was killed (or failed) in the middle of a change: find out
        // what happened in the namespace before planning from the log.
        if (resolve_pending()) log_.record();
        plan = plan_profile_update(log_.profile(), desired);
    }
    try {
        sources_.claim(plan, app_files::desired_profile(app_).path());
    } catch (const Error& failure) {
        throw ProfileApplyError(failure, "the namespace was not changed");  // nothing of the plan was done yet
    }
    perform_plan(plan);
    log_.record();
    return counts_;
}

// Without anything pending the plan is known now: the sources of its
// changes are taken. With something pending it is only known once the
// log is resolved in the app's namespace: the sources of every entry are
// (host_sources.h).
std::vector<ProfileChange> Updater::take_host_sources_and_plan(const MountProfile& desired, bool pending) {
    std::vector<ProfileChange> plan;
    std::vector<const MountEntry*> old, fresh;
    if (pending) {
        for (const MountEntry& e : log_.profile().entries) old.push_back(&e);
        for (const MountEntry& e : desired.entries) fresh.push_back(&e);
    } else {
        plan = plan_profile_update(log_.profile(), desired);
        for (const ProfileChange& c : plan) {
            if (const MountEntry* e = old_entry_of(c)) old.push_back(e);
            if (const MountEntry* e = new_entry_of(c)) fresh.push_back(e);
        }
    }
    sources_.take(old, fresh);
    return plan;
}

void Updater::perform_plan(const std::vector<ProfileChange>& plan) {
    // The log starts as what is there: entries leave it when they are
    // unmounted and join it when they are mounted, and every change that
    // mounts or unmounts is written to it ahead, marked pending (see
    // resolve_pending), so after a failure, and even after a SIGKILL at
    // any point, it still says what the namespace may hold.
    creator_.remember_own_tmpfs(log_.profile());
    const MountProfile before = log_.profile();
    for (const ProfileChange& c : plan) {
        try {
            perform(c);
        } catch (const Error& cause) {
            Error failure = change_failure(c, app_files::desired_profile(app_).path(), cause);
            throw ProfileApplyError(failure, settle_after_failure(before));
        }
    }
}

// After a failed change: what it did half-way (a bind made but not
// remounted read-only, a mimic with some originals bound back) is undone
// now, as a killed run's would be by the next one, so the log says exactly
// what the namespace holds, and it is written. Returns what that is, for
// the error: unchanged (the log is what it was before the plan), or partly
// updated: the changes before the failed one (and a mimic it built) stay
// (no rollback: the next update goes on from there).
std::string Updater::settle_after_failure(const MountProfile& before) {
    try {
        resolve_pending();
        log_.record();
    } catch (const Error& e) {
        debug("cannot record the current profile after the failure: %s", e.what());
        return "the namespace may be partly updated, and what it holds could not be recorded (the next update "
               "finds out)";
    }
    auto same = [](const MountEntry& a, const MountEntry& b) { return a.same_as(b) && a.mount_id() == b.mount_id(); };
    const std::vector<MountEntry>& now = log_.profile().entries;
    if (std::equal(before.entries.begin(), before.entries.end(), now.begin(), now.end(), same))
        return "the namespace was not changed";
    return "the namespace was partly updated: " + app_files::current_profile(app_).path() + " lists what it holds now";
}

void Updater::perform(const ProfileChange& c) {
    debug("%s", describe_change(c).c_str());
    switch (c.action) {
        case ProfileChange::Action::kKeep:
            ++counts_.kept;
            return;
        case ProfileChange::Action::kUnmount:
            if (c.entry.is_mount()) {
                unmount_logged(c.entry);
            } else {
                unmount(c.entry);
                log_.forget(c.entry);
            }
            ++counts_.unmounted;
            return;
        case ProfileChange::Action::kReplace:
            replace(c.entry, c.replaced);
            ++counts_.replaced;
            return;
        case ProfileChange::Action::kMount:
            mount(c.entry, nullptr);
            ++counts_.mounted;
            return;
    }
}

UpdateCounts update_mount_profile(const std::string& app, int ns_dir, int app_ns) {
    Updater u(app, ns_dir, app_ns);
    return u.run();
}

}  // namespace cordon
