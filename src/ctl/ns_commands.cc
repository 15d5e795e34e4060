// cordonctl ns list | ps APP | show APP | discard APP | update APP |
// shell APP: the persisted namespaces (list, ps and shell: ctl/ns_inspect.h;
// show: ns_show.cc).
// They run in pid 1's mount namespace (Scope::kInit).
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "app/app_loader.h"
#include "app/ns_store.h"
#include "app/update_ns_helper.h"
#include "core/app_files.h"
#include "core/error.h"
#include "core/names.h"
#include "ctl/command.h"
#include "ctl/ns_inspect.h"
#include "ctl/ns_show.h"
#include "os/init_namespace.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon::ctl {
namespace {

int ns_discard(const Operands& operands) {
    const std::string& app = operands[0];
    validate_name("app", app);
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    // A namespace whose app was removed from /etc/cordon/apps is still
    // the admin's to discard. Checked before the lock, whose file a typo
    // must not leave behind.
    if (!store.open_namespace(app) && !app_is_configured(app))
        throw Error("discard the namespace of " + app,
                    "no such app: there is no " + app_files::config(app).path() + " and no persisted namespace");
    FileLock lock = store.lock_app(app);
    UniqueFd ns = store.open_namespace(app);
    if (!ns) {
        std::printf("%s: no persisted namespace\n", app.c_str());
        return 0;
    }
    struct stat st = stat_fd(ns.get(), app_files::ns(app).path());
    store.discard(app);
    // Detached, the namespace lives on in every process still inside it.
    if (mount_ns_in_use(st.st_dev, st.st_ino))
        std::printf("%s: discarded %s; processes still inside keep it until they exit, "
                    "and the next launch builds a new one\n",
                    app.c_str(), ns_label(st.st_ino).c_str());
    else
        std::printf("%s: discarded %s\n", app.c_str(), ns_label(st.st_ino).c_str());
    return 0;
}

// The tag of APP's persisted namespace, which cordon-update-ns needs.
std::string persisted_ns_tag(const NsStore& store, const std::string& app, int ns) {
    if (auto tag = store.persisted_tag(app, ns)) return *tag;
    throw Error("update the namespace of " + app,
                "its record names no namespace (built by an older cordon): discard it (cordonctl ns discard " + app +
                    ") and launch the app again");
}

int ns_update(const Operands& operands) {
    const std::string& app = operands[0];
    require_configured(app, "update the namespace of " + app);
    RootHelperResult result;
    {
        NsStore store = NsStore::open(NsStore::Setup::kNone);
        FileLock lock = store.lock_app(app);
        UniqueFd ns = store.open_namespace(app);
        if (!ns) {
            std::printf("%s: no namespace to update\n", app.c_str());
            return 0;
        }
        UniqueFd helper = open_update_ns_helper();
        UniqueFd host = open_own_mount_ns();
        result = run_update_ns(UpdateNsRequest{helper.get(), app, host.get(), ns.get(), lock.fd(),
                                               persisted_ns_tag(store, app, ns.get()), false});
    }
    // What the helper printed, once the lock is released.
    std::fputs(result.out.c_str(), stdout);
    std::fflush(stdout);
    std::fputs(result.err.c_str(), stderr);
    if (!result.succeeded())
        throw Error("apply the mount profile of " + app, "cordon-update-ns failed (" + result.how_it_ended() + ")");
    return 0;
}

constexpr Command kCommands[] = {
    {"ns", "list", "[--all] [--json]",
     "the persisted namespaces: current or stale (why),\n"
     "processes inside, age; --all: configured apps too",
     fits_ns_list, ns_list, Scope::kInit},
    {"ns", "ps", "APP [--json]", "the processes inside APP's namespace", fits_ns_ps, ns_ps, Scope::kInit},
    {"ns", "discard", "APP",
     "forget APP's namespace (processes in it keep it\n"
     "until they exit; the next launch builds a new one)",
     takes_app, ns_discard, Scope::kInit},
    {"ns", "update", "APP",
     "apply APP's mount profile (APP.fstab) to its live\n"
     "namespace",
     takes_app, ns_update, Scope::kInit},
    {"ns", "show", "APP [--json]",
     "APP's mount tree with each mount's propagation,\n"
     "its profile's mounts, leaks and the mount budget\n"
     "(exit 1 on a leak)",
     fits_ns_show, ns_show, Scope::kInit},
    {"ns", "shell", "APP [-u USER]",
     "an interactive shell in APP's namespace as USER\n"
     "(default root), confined as the app is",
     fits_ns_shell, ns_shell, Scope::kInit},
};

}  // namespace

std::span<const Command> ns_commands() { return kCommands; }

}  // namespace cordon::ctl
