#include "os/init_namespace.h"

#include <linux/capability.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/debug.h"
#include "core/error.h"
#include "core/init_ns_choice.h"
#include "os/capabilities.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

NsFileId ns_file_id(int fd, const char* what) {
    struct stat st = stat_fd(fd, what);
    return NsFileId{st.st_dev, st.st_ino};
}

}  // namespace

void join_init_mount_namespace() {
    UniqueFd own = open_own_mount_ns();
    int error = 0;
    UniqueFd init;
    {
        // pid 1 has every capability; cordon keeps a few: a ptrace-read
        // check across that difference needs CAP_SYS_PTRACE.
        EffectiveCapabilities raise(cap_bit(CAP_SYS_PTRACE));
        init = open_init_mount_ns(error);
    }
    std::optional<NsFileId> init_id;
    if (init) init_id = ns_file_id(init.get(), "/proc/1/ns/mnt");
    InitNsDecision d =
        decide_init_namespace(ns_file_id(own.get(), "/proc/self/ns/mnt"), init_id, error ? std::strerror(error) : "");
    debug("%s", d.debug_line.c_str());
    if (d.move != InitNsMove::kJoin) return;
    // With every capability setns needs raised, an EPERM here is a seccomp
    // filter of the caller's (core/caller_filter says so).
    EffectiveCapabilities raise(cap_bit(CAP_SYS_ADMIN) | cap_bit(CAP_SYS_CHROOT));
    enter_mount_ns(init.get(), "of pid 1");
}

}  // namespace cordon
