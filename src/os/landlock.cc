#include "os/landlock.h"

#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/error.h"

namespace cordon {

namespace {

// struct landlock_ruleset_attr as of ABI 6. The struct grows with the ABI
// (handled_access_net in 4, scoped in 6) and the kernel takes any size it
// knows, reading what it does not know as zero; a size beyond what it
// knows is refused unless the tail is zero. So the size passed is that of
// the fields cordon fills: only handled_access_fs unless a scope is asked
// for, which ABI 6 knows.
struct RulesetAttr {
    std::uint64_t handled_access_fs;
    std::uint64_t handled_access_net;
    std::uint64_t scoped;
};
constexpr std::size_t kFsOnlySize = sizeof(std::uint64_t);

int query_abi() {
    long v = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (v >= 0) return static_cast<int>(v);
    if (errno == ENOSYS || errno == EOPNOTSUPP) return 0;
    throw_errno("ask the kernel for its Landlock ABI");
}

}  // namespace

int landlock_abi() {
    static const int abi = query_abi();
    return abi;
}

LandlockRuleset::LandlockRuleset(std::uint64_t handled_fs, std::uint64_t scoped) {
    RulesetAttr attr{handled_fs, 0, scoped};
    std::size_t size = scoped != 0 ? sizeof attr : kFsOnlySize;
    // The kernel makes every ruleset fd close-on-exec (O_CLOEXEC is
    // implied, there is no flag for it).
    long fd = syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (fd < 0) throw_errno("create the Landlock ruleset");
    fd_.reset(static_cast<int>(fd));
}

bool LandlockRuleset::allow_beneath(int fd, std::uint64_t rights, const char* what) {
    landlock_path_beneath_attr rule{};
    rule.allowed_access = rights;
    rule.parent_fd = fd;
    if (syscall(SYS_landlock_add_rule, fd_.get(), LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0) return true;
    if (errno == EBADFD) return false;
    throw_errno(std::string("add the Landlock rule for ") + what);
}

void LandlockRuleset::restrict_self() {
    if (syscall(SYS_landlock_restrict_self, fd_.get(), 0) != 0) throw_errno("enter the Landlock domain");
}

}  // namespace cordon
