// Landlock's three system calls (glibc has no wrappers): the ABI the
// running kernel offers, and a ruleset built and applied to the calling
// thread. What to handle and grant is core/landlock_policy's decision.
#pragma once

#include <cstdint>

#include "os/unique_fd.h"

namespace cordon {

// The kernel's Landlock ABI version, asked once per process; 0 when the
// kernel has no Landlock (ENOSYS: not built; EOPNOTSUPP: built but not in
// the boot's lsm=). Any other failure throws.
int landlock_abi();

class LandlockRuleset {
public:
    // A ruleset handling handled_fs (filesystem rights) and scoped (ABI 6
    // scopes; 0 on older kernels). Its fd is close-on-exec.
    LandlockRuleset(std::uint64_t handled_fs, std::uint64_t scoped);

    // Grants `rights` beneath `fd` (a directory, or a single file whose
    // rights are file rights only). False, with nothing added, when the
    // kernel takes no rule on that kind of file (EBADFD: a pipe, a socket,
    // a memfd; Landlock never restricts those anyway). what names it for
    // errors.
    bool allow_beneath(int fd, std::uint64_t rights, const char* what);

    // landlock_restrict_self: the calling thread, and whatever it execs,
    // is in the new domain for good. Needs no_new_privs or CAP_SYS_ADMIN
    // in the effective set.
    void restrict_self();

private:
    UniqueFd fd_;
};

}  // namespace cordon
