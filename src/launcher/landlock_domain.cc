#include "launcher/landlock_domain.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <string>

#include "core/debug.h"
#include "core/error.h"
#include "os/landlock.h"
#include "os/unique_fd.h"

namespace cordon {

namespace {

// Everything beneath the app's root: opened here, after the namespace is
// entered and the root changed, so the rule is on the app's "/" (the
// base's root directory), not the host's. Rules are on inodes and checked
// by walking up a file's real path to the root of its mount tree, so every
// mount below "/" counts, also those a live profile update or the host's
// propagation adds later; a host path reached some other way walks up to
// no rule.
void allow_app_root(LandlockRuleset& ruleset, std::uint64_t rights) {
    UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) throw_errno("open the app's root for Landlock");
    // EBADFD (a root on no real filesystem) would leave a domain with no
    // rule at all: every path refused, the exec included.
    if (!ruleset.allow_beneath(root.get(), rights, "the app's root"))
        throw Error("add the Landlock rule for the app's root", "the kernel refuses a rule on it (EBADFD)");
}

// A program that re-opens one of its standard fds by path (`echo hi >
// /dev/stdout`, /dev/stderr, /proc/self/fd/N) goes through the magic link
// to the file the caller opened, on the caller's side of the mounts: a
// file or terminal of the host walks up to the host's root, beneath no
// rule, and the open fails with EACCES although the fd itself works. So
// each of fds 0-2 that is a regular file or a character device gets a rule
// on that file alone, for how it was opened and nothing more
// (core/landlock_policy: landlock_inherited_file_rights): the caller
// handed the app that file already. Pipes and sockets need none (Landlock
// does not restrict them; the kernel refuses a rule on them).
void allow_standard_fds(LandlockRuleset& ruleset, std::uint64_t handled) {
    for (int fd = 0; fd <= 2; ++fd) {
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) continue;
        int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0) continue;
        std::uint64_t rights = landlock_inherited_file_rights(flags, S_ISCHR(st.st_mode), handled);
        std::string what = "fd " + std::to_string(fd);
        if (rights != 0 && ruleset.allow_beneath(fd, rights, what.c_str()))
            debug("Landlock: %s re-openable by path (rights 0x%llx)", what.c_str(),
                  static_cast<unsigned long long>(rights));
    }
}

}  // namespace

void enter_landlock_domain(const LandlockPolicy& policy) {
    LandlockRuleset ruleset(policy.handled_fs, policy.scoped);
    if (policy.handled_fs != 0) {
        allow_app_root(ruleset, policy.handled_fs);
        allow_standard_fds(ruleset, policy.handled_fs);
    }
    ruleset.restrict_self();
    debug("entered a Landlock domain (filesystem rights 0x%llx, scopes 0x%llx)",
          static_cast<unsigned long long>(policy.handled_fs), static_cast<unsigned long long>(policy.scoped));
}

}  // namespace cordon
