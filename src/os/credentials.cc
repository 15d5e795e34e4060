#include "os/credentials.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "core/debug.h"
#include "core/error.h"
#include "core/setuid_diagnosis.h"
#include "os/capabilities.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

void verify(bool ok, const char* what) {
    if (!ok) throw Error("drop privileges", std::string("verification failed: ") + what);
}

void drop_root_caller(const Caller& c, CapMask root_caps, CapMask held) {
    {
        EffectiveCapabilities raise(cap_bit(CAP_SETPCAP) | cap_bit(CAP_SETGID));
        limit_bounding_set(root_caps);
        if (setresgid(c.gid, c.egid, c.sgid) != 0) throw_errno("restore group ids");
    }
    CapabilitySets now = read_process_capabilities();
    set_capabilities(now.permitted & (root_caps | held), now.permitted & root_caps, 0);
    if (cap_reset_ambient() != 0) throw_errno("clear ambient capabilities");

    CapabilitySets after = read_capabilities();
    verify((after.bounding & ~root_caps) == 0, "bounding set");
    verify((after.permitted & ~(root_caps | held)) == 0, "capabilities beyond the app's remain");
    verify(after.inheritable == 0 && after.ambient == 0, "inheritable or ambient capabilities remain");
    debug("caller is root: staying root with %s", capability_list(root_caps).c_str());
}

void drop_user_caller(const Caller& c, CapMask held) {
    {
        // The bounding set first: dropping from it needs CAP_SETPCAP, which
        // is gone once every uid is the caller's.
        EffectiveCapabilities raise(cap_bit(CAP_SETPCAP) | cap_bit(CAP_SETUID) | cap_bit(CAP_SETGID));
        limit_bounding_set(0);
        if (setgroups(c.groups.size(), c.groups.data()) != 0) throw_errno("set supplementary groups");
        if (setresgid(c.gid, c.gid, c.gid) != 0) throw_errno("set group ids");
        // Without keep-caps, leaving uid 0 empties the permitted set.
        if (held != 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) throw_errno("keep capabilities across setresuid");
        if (setresuid(c.uid, c.uid, c.uid) != 0) throw_errno("set user ids");
    }
    if (held != 0 && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) throw_errno("clear keep-capabilities");
    set_capabilities(held, 0, 0);
    if (cap_reset_ambient() != 0) throw_errno("clear ambient capabilities");

    uid_t r, e, s;
    gid_t rg, eg, sg;
    verify(getresuid(&r, &e, &s) == 0 && r == c.uid && e == c.uid && s == c.uid, "uids");
    verify(getresgid(&rg, &eg, &sg) == 0 && rg == c.gid && eg == c.gid && sg == c.gid, "gids");
    CapabilitySets after = read_capabilities();
    verify(after.permitted == held && after.effective == 0 && after.inheritable == 0, "capabilities remain");
    verify(after.bounding == 0 && after.ambient == 0, "bounding or ambient set not empty");
    // The trip must be one way: getting root back has to fail.
    verify(setresuid(static_cast<uid_t>(-1), 0, static_cast<uid_t>(-1)) != 0, "root can be regained");
    debug("dropped privileges to uid %u gid %u%s", static_cast<unsigned>(c.uid), static_cast<unsigned>(c.gid),
          held != 0 ? (", holding " + capability_list(held) + " until exec").c_str() : "");
}

// What the kernel says about the running binary and this process, for the
// message when the setuid bit did not take effect.
SetuidFacts setuid_facts() {
    SetuidFacts f;
    f.euid = geteuid();
    f.no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
    f.exe = read_link_at(AT_FDCWD, "/proc/self/exe").value_or("cordon");
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0) {
        f.owner = st.st_uid;
        f.mode = st.st_mode;
    }
    struct statvfs sv;
    f.nosuid_mount = statvfs("/proc/self/exe", &sv) == 0 && (sv.f_flag & ST_NOSUID);
    return f;
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

void assume_root_identity(const Caller& caller) {
    if (geteuid() != 0) throw Error("run as root", setuid_problem(setuid_facts()));
    // The kernel lets a process signal another whose real or saved uid is
    // its own real or effective uid: with the caller's real uid left in
    // place, the caller could SIGSTOP cordon while it holds an app's lock
    // and block every other launch (issue 8, class 2). All three uids 0
    // until the drop.
    if (setresuid(0, 0, 0) != 0) throw_errno("switch to user root");
    if (setresgid(static_cast<gid_t>(-1), 0, static_cast<gid_t>(-1)) != 0) throw_errno("switch to group root");
    umask(0);
    limit_to_launcher_capabilities(caller.is_root() ? all_capabilities() : 0);
}

void give_up_root_to_exit(const Caller& c) {
    if (c.is_root()) return;
    try {
        if (getuid() != c.uid) {
            EffectiveCapabilities raise(cap_bit(CAP_SETUID));
            if (setresuid(c.uid, c.uid, c.uid) != 0) return;
        }
        // After the drop: what was held for the exec (the filter may
        // refuse this capset; the exit is next either way).
        set_capabilities(0, 0, 0);
    } catch (const Error&) {
    }
}

void drop_privileges(const Caller& c, CapMask root_caps, CapMask held_until_exec) {
    if (c.is_root())
        drop_root_caller(c, root_caps, held_until_exec);
    else
        drop_user_caller(c, held_until_exec);
    umask(c.umask);
}

}  // namespace cordon
