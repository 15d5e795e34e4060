#include "sys/credentials.h"

#include <grp.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/debug.h"
#include "base/error.h"

namespace cordon {

namespace {

void verify(bool ok, const char* what) {
    if (!ok) throw Error("drop privileges", std::string("verification failed: ") + what);
}

void drop_bounding_set() {
    for (int cap = 0; cap < static_cast<int>(cap_max_bits()); ++cap) {
        if (cap_drop_bound(static_cast<cap_value_t>(cap)) != 0)
            throw_errno("drop capability " + std::to_string(cap) + " from the bounding set");
    }
}

void clear_capability_sets() {
    cap_t empty = cap_init();
    if (empty == nullptr) throw_errno("allocate capability state");
    int rc = cap_set_proc(empty);
    int err = errno;
    cap_free(empty);
    if (rc != 0) {
        errno = err;
        throw_errno("clear capabilities");
    }
    if (cap_reset_ambient() != 0) throw_errno("clear ambient capabilities");
}

void verify_no_capabilities() {
    cap_t now = cap_get_proc();
    cap_t empty = cap_init();
    bool same = now != nullptr && empty != nullptr && cap_compare(now, empty) == 0;
    cap_free(now);
    cap_free(empty);
    verify(same, "capabilities remain");
    for (int cap = 0; cap < static_cast<int>(cap_max_bits()); ++cap) {
        verify(cap_get_bound(static_cast<cap_value_t>(cap)) == 0, "bounding set not empty");
        verify(cap_get_ambient(static_cast<cap_value_t>(cap)) <= 0, "ambient set not empty");
    }
}

}  // namespace

Caller capture_caller() {
    Caller c;
    if (getresuid(&c.uid, &c.euid, &c.suid) != 0) throw_errno("read user ids");
    if (getresgid(&c.gid, &c.egid, &c.sgid) != 0) throw_errno("read group ids");
    int n = getgroups(0, nullptr);
    if (n < 0) throw_errno("read supplementary groups");
    c.groups.resize(static_cast<std::size_t>(n));
    if (n > 0 && getgroups(n, c.groups.data()) != n) throw_errno("read supplementary groups");
    c.umask = umask(0);
    umask(c.umask);
    return c;
}

void assume_root_identity() {
    if (geteuid() != 0) throw Error("run", "cordon must be installed setuid root");
    if (setresgid(static_cast<gid_t>(-1), 0, static_cast<gid_t>(-1)) != 0) throw_errno("switch to group root");
    umask(0);
}

void drop_privileges(const Caller& c) {
    if (c.is_root()) {
        if (setresgid(c.gid, c.egid, c.sgid) != 0) throw_errno("restore group ids");
        umask(c.umask);
        debug("caller is root: staying root");
        return;
    }
    // Bounding set first: dropping from it needs CAP_SETPCAP, gone after setresuid.
    drop_bounding_set();
    if (setgroups(c.groups.size(), c.groups.data()) != 0) throw_errno("set supplementary groups");
    if (setresgid(c.gid, c.gid, c.gid) != 0) throw_errno("set group ids");
    if (setresuid(c.uid, c.uid, c.uid) != 0) throw_errno("set user ids");
    clear_capability_sets();
    umask(c.umask);

    uid_t r, e, s;
    gid_t rg, eg, sg;
    verify(getresuid(&r, &e, &s) == 0 && r == c.uid && e == c.uid && s == c.uid, "uids");
    verify(getresgid(&rg, &eg, &sg) == 0 && rg == c.gid && eg == c.gid && sg == c.gid, "gids");
    verify_no_capabilities();
    // The trip must be one way: getting root back has to fail.
    verify(setresuid(static_cast<uid_t>(-1), 0, static_cast<uid_t>(-1)) != 0, "root can be regained");
    debug("dropped privileges to uid %u gid %u", static_cast<unsigned>(c.uid), static_cast<unsigned>(c.gid));
}

}  // namespace cordon
