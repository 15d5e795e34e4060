#include "launcher/ns_build.h"

#include "core/debug.h"
#include "core/error.h"
#include "launcher/ns_create.h"
#include "os/nsfs.h"

namespace cordon {

NamespaceBuild::NamespaceBuild(NsStore& store, std::string app) : store_(store), app_(std::move(app)) {
    store_.discard(app_);  // leftovers of an earlier failure, if any
    store_.keep_private();
    host_ns_ = open_own_mount_ns();
    ns_ = unshare_newer_than(host_ns_.get());
}

NamespaceBuild::~NamespaceBuild() {
    if (committed_) return;
    // Back in the host namespace first: APP.mnt can only be unmounted from
    // the namespace it is mounted in (umount2 gives EINVAL elsewhere).
    // Errors are swallowed: the exception in flight says why the build
    // failed, and the next build discards again.
    try {
        enter_mount_ns(host_ns_.get(), "of the caller");
        store_.discard(app_);
        debug("discarded the failed build of %s", app_.c_str());
    } catch (const Error& e) {
        debug("could not undo the failed build of %s: %s", app_.c_str(), e.what());
    }
}

}  // namespace cordon
