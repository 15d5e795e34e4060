#include "launcher/app_namespace.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/ns_tag.h"
#include "app/update_ns_helper.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/paths.h"
#include "launcher/ns_build.h"
#include "launcher/ns_persist.h"
#include "launcher/private_dirs.h"
#include "launcher/root_builder.h"
#include "os/capabilities.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

bool join_persisted(const NsStore& store, const App& app) {
    UniqueFd ns = store.open_namespace(app.name);
    if (!ns) return false;
    std::string why = staleness(store.read_identity(app.name), app.identity);
    if (!why.empty()) {
        struct stat st = stat_fd(ns.get(), app_files::ns(app.name).path());
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

// The app's mount profile, applied before the namespace is persisted. An
// entry the user can fix is reported with what becomes of the namespace:
// the helper removed the log it wrote (cordon-update-ns --quiet), and
// NamespaceBuild discards the rest as the error unwinds.
void apply_mount_profile(const UpdateNsRequest& request) {
    try {
        apply_mount_profile_with_helper(request);
    } catch (const ProfileEntryFailed& e) {
        throw Error(e.action(), e.reason() + "; the new namespace was discarded");
    }
}

void build_and_persist(NsStore& store, const App& app, const FileLock& lock) {
    debug("building namespace of %s", app.name.c_str());
    // Opened here: after the pivot the helper's path is not visible.
    UniqueFd helper = app.has_mount_profile ? open_update_ns_helper() : UniqueFd();

    NamespaceBuild build(store, app.name);
    std::string tag = new_namespace_tag(build.ns());
    debug("created mount namespace %s", tag.c_str());
    PrivateDirs dirs = open_private_dirs(store, app.name);
    build_root(app, BuildDirs{dirs.scratch.get(), dirs.app_tmp.get()});
    if (helper)
        apply_mount_profile(UpdateNsRequest{helper.get(), app.name, build.host_ns(), build.ns(), lock.fd(), tag, true});
    persist_namespace(store, app, tag, build.host_ns(), build.ns());
    build.commit();
}

}  // namespace

void enter_app_namespace(NsStore& store, const App& app, const FileLock& lock) {
    EffectiveCapabilities raise(cap_bit(CAP_SYS_ADMIN) | cap_bit(CAP_SYS_CHROOT) |
                                cap_bit(CAP_SYS_PTRACE));
    if (!join_persisted(store, app)) build_and_persist(store, app, lock);
}

}  // namespace cordon
