#include "launcher/app_namespace.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/ns_tag.h"
#include "app/update_ns_helper.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/paths.h"
#include "launcher/ns_create.h"
#include "launcher/ns_persist.h"
#include "launcher/private_dirs.h"
#include "launcher/root_builder.h"
#include "os/capabilities.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

// Returns to the caller's namespace unless released: leaving the new
// namespace on an error drops every mount made in it at once.
class ReturnToNamespace {
public:
    explicit ReturnToNamespace(int ns) : ns_(ns) {}
    ~ReturnToNamespace() { leave(); }
    void release() { ns_ = -1; }
    void leave() {
        if (ns_ < 0) return;
        try {
            enter_mount_ns(ns_, "of the caller");
        } catch (const Error&) {
        }
        ns_ = -1;
    }

private:
    int ns_;
};

bool join_persisted(const NsStore& store, const App& app) {
    UniqueFd ns = store.open_namespace(app.name);
    if (!ns) return false;
    auto recorded = store.read_identity(app.name);
    std::string why = recorded ? identity_difference(*recorded, app.identity) : "no identity record";
    if (!why.empty()) {
        struct stat st = stat_fd(ns.get(), app.name + ".mnt");
        if (!mount_ns_in_use(st.st_dev, st.st_ino)) {
            debug("namespace of %s is stale (%s); discarding it", app.name.c_str(), why.c_str());
            store.discard(app.name);
            return false;
        }
        debug("namespace of %s is stale (%s) but in use; joining it", app.name.c_str(), why.c_str());
    } else {
        debug("joining namespace of %s", app.name.c_str());
    }
    enter_mount_ns(ns.get(), "of " + app.name);
    return true;
}

// The app's mount profile, applied before the namespace is persisted; on
// failure nothing of it is kept (the namespace is dropped by the caller).
// An entry the user can fix is reported with what became of the namespace.
void apply_mount_profile(const UpdateNsRequest& request) {
    try {
        apply_mount_profile_with_helper(request);
    } catch (const ProfileEntryFailed& e) {
        // The helper removed the log it wrote (cordon-update-ns --quiet).
        throw Error(e.action(), e.reason() + "; the new namespace was discarded");
    }
}

void build_and_persist(NsStore& store, const App& app, const FileLock& lock) {
    debug("building namespace of %s", app.name.c_str());
    store.discard(app.name);  // leftovers of an earlier failure, if any
    store.keep_private();
    UniqueFd host_ns = open_own_mount_ns();
    // Opened here: after the pivot the helper's path is not visible.
    UniqueFd helper = app.has_mount_profile ? open_update_ns_helper() : UniqueFd();

    UniqueFd ns = unshare_newer_than(host_ns.get());
    ReturnToNamespace on_error(host_ns.get());
    std::string tag = new_namespace_tag(ns.get());
    debug("created mount namespace %s", tag.c_str());
    PrivateDirs dirs = open_private_dirs(store, app.name);
    build_root(app, BuildDirs{dirs.scratch.get(), dirs.app_tmp.get()});
    if (helper)
        apply_mount_profile(UpdateNsRequest{helper.get(), app.name, host_ns.get(), ns.get(), lock.fd(), tag, true});
    persist_namespace(store, app, tag, host_ns.get(), ns.get());
    on_error.release();
}

}  // namespace

void enter_app_namespace(NsStore& store, const App& app, const FileLock& lock) {
    EffectiveCapabilities raise(cap_bit(CAP_SYS_ADMIN) | cap_bit(CAP_SYS_CHROOT) |
                                cap_bit(CAP_SYS_PTRACE));
    if (!join_persisted(store, app)) build_and_persist(store, app, lock);
}

}  // namespace cordon
