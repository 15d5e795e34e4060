// Building an app's namespace as one transaction: either the namespace is
// persisted whole, or nothing of it is left on the host.
#pragma once

#include <string>

#include "app/ns_store.h"
#include "os/unique_fd.h"

namespace cordon {

// Construction discards what an earlier failed build may have left
// (APP.mnt, APP.info, the helper's current profile), then creates the new
// namespace (unshare_newer_than) and enters it. Until commit(), destruction
// steps back into the host namespace, which drops every mount made in the
// new one at once, and discards the app's persisted files again: a build
// that fails anywhere (the root, the mount profile, persisting) is undone
// here and nowhere else. The app's lock must be held throughout.
class NamespaceBuild {
public:
    NamespaceBuild(NsStore& store, std::string app);
    ~NamespaceBuild();
    NamespaceBuild(const NamespaceBuild&) = delete;
    NamespaceBuild& operator=(const NamespaceBuild&) = delete;

    int host_ns() const { return host_ns_.get(); }
    int ns() const { return ns_.get(); }

    // The namespace is persisted: keep it, and stay inside it.
    void commit() { committed_ = true; }

private:
    NsStore& store_;
    std::string app_;
    UniqueFd host_ns_;
    UniqueFd ns_;
    bool committed_ = false;
};

}  // namespace cordon
