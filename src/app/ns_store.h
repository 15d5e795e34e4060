// The root-owned state directory /run/cordon: per-app locks in lock/, and in
// ns/ each persisted namespace APP.mnt (an nsfs bind mount) with its identity
// record APP.info.
//
// ns/ is a *private* mount of itself in the host namespace: a bind of a
// namespace file onto APP.mnt then never propagates into any other
// namespace (an app namespace holding another's .mnt would pin it, and one
// holding its own could never be freed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ns_identity.h"
#include "os/file_lock.h"
#include "os/unique_fd.h"

namespace cordon {

class NsStore {
public:
    enum class Setup {
        kMountPoint,  // make ns/ a private mount of itself if it is not one
        kNone,        // leave the mount table alone (cordonctl: listing or
                      // discarding needs no mount, and must not add one)
    };

    // Opens (creating when missing) /run/cordon (root 0755) and its ns/ and
    // lock/ (root 0700), verifying every directory is root-owned and not
    // writable by others.
    // With kMountPoint, ns/ becomes a private mount of itself the first time
    // (under the global lock), and every fd of ns/ handed out is of that
    // mount. Without, a namespace can only have been persisted if ns/ is a
    // mount point already.
    static NsStore open(Setup setup);

    // Per-app lock, held from the join-or-build decision until the
    // namespace is entered.
    FileLock lock_app(const std::string& app) const;

    // The global lock (lock/.lock): setting up ns/ and other state shared by
    // every app. May be taken while an app's lock is held, never the other
    // way round.
    FileLock lock_global() const;

    // Removes the temporary files of atomic writes (.APP.info.XXXXXX, ...)
    // that a writer killed half-way left in ns/. Call under the app's lock:
    // no writer of the app is running then.
    void sweep_temp_files(const std::string& app) const;

    // Makes ns/ private again (before a namespace is persisted), in case
    // something made it shared since.
    void keep_private();

    // APP.mnt if it is a persisted namespace (nsfs), else an invalid fd.
    UniqueFd open_namespace(const std::string& app) const;

    std::optional<NsIdentity> read_identity(const std::string& app) const;
    void write_identity(const std::string& app, const NsIdentity& id) const;

    // The tag (app/ns_tag) of APP's persisted namespace ns, from APP.info;
    // for a record without one (an older cordon's), "id-N" where the
    // kernel has namespace ids, else nothing.
    std::optional<std::string> persisted_tag(const std::string& app, int ns) const;

    // Creates the empty APP.mnt file a namespace is mounted on.
    UniqueFd create_mount_point(const std::string& app) const;

    // Detaches APP.mnt and removes APP.mnt, APP.info, the current mount
    // profile APP.fstab and temporary files of their writers; fine if
    // absent.
    void discard(const std::string& app) const;

    // Apps with a persisted namespace, sorted.
    std::vector<std::string> list() const;

    int ns_dir() const { return ns_dir_.get(); }

private:
    void make_mount_point();

    UniqueFd ns_dir_;
    UniqueFd lock_dir_;
};

}  // namespace cordon
