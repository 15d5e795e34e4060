// Symbolic constants for seccomp policies (seccomp_constant). The values
// come from the system headers, so they are those of the architecture cordon
// is built for (x86_64; the i386 and x32 compat ABIs use the same values for
// every constant listed here). <linux/mount.h> is deliberately not
// included: it clashes with glibc's <sys/mount.h> (glibc >= 2.36), and no
// mount constant is needed (every mount syscall is denied outright).
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "seccomp/policy.h"

namespace cordon {

namespace {

struct Constant {
    std::string_view name;
    std::uint64_t value;
};

constexpr std::uint64_t u(long long v) { return static_cast<std::uint64_t>(v); }

// Sorted by name (checked at compile time below): looked up by binary search.
constexpr Constant kConstants[] = {
    {"ADDR_COMPAT_LAYOUT", u(ADDR_COMPAT_LAYOUT)},
    {"ADDR_LIMIT_32BIT", u(ADDR_LIMIT_32BIT)},
    {"ADDR_LIMIT_3GB", u(ADDR_LIMIT_3GB)},
    {"ADDR_NO_RANDOMIZE", u(ADDR_NO_RANDOMIZE)},
    {"AF_ALG", u(AF_ALG)},
    {"AF_APPLETALK", u(AF_APPLETALK)},
    {"AF_AX25", u(AF_AX25)},
    {"AF_BLUETOOTH", u(AF_BLUETOOTH)},
    {"AF_CAN", u(AF_CAN)},
    {"AF_INET", u(AF_INET)},
    {"AF_INET6", u(AF_INET6)},
    {"AF_IPX", u(AF_IPX)},
    {"AF_KEY", u(AF_KEY)},
    {"AF_LOCAL", u(AF_LOCAL)},
    {"AF_NETLINK", u(AF_NETLINK)},
    {"AF_NFC", u(AF_NFC)},
    {"AF_PACKET", u(AF_PACKET)},
    {"AF_RDS", u(AF_RDS)},
    {"AF_TIPC", u(AF_TIPC)},
    {"AF_UNIX", u(AF_UNIX)},
    {"AF_UNSPEC", u(AF_UNSPEC)},
    {"AF_VSOCK", u(AF_VSOCK)},
    {"AF_X25", u(AF_X25)},
    {"AF_XDP", u(AF_XDP)},
    {"CLONE_CHILD_CLEARTID", u(CLONE_CHILD_CLEARTID)},
    {"CLONE_CHILD_SETTID", u(CLONE_CHILD_SETTID)},
    {"CLONE_FILES", u(CLONE_FILES)},
    {"CLONE_FS", u(CLONE_FS)},
    {"CLONE_IO", u(CLONE_IO)},
    {"CLONE_NEWCGROUP", u(CLONE_NEWCGROUP)},
    {"CLONE_NEWIPC", u(CLONE_NEWIPC)},
    {"CLONE_NEWNET", u(CLONE_NEWNET)},
    {"CLONE_NEWNS", u(CLONE_NEWNS)},
    {"CLONE_NEWPID", u(CLONE_NEWPID)},
    {"CLONE_NEWTIME", u(CLONE_NEWTIME)},
    {"CLONE_NEWUSER", u(CLONE_NEWUSER)},
    {"CLONE_NEWUTS", u(CLONE_NEWUTS)},
    {"CLONE_PARENT", u(CLONE_PARENT)},
    {"CLONE_PARENT_SETTID", u(CLONE_PARENT_SETTID)},
    {"CLONE_PIDFD", u(CLONE_PIDFD)},
    {"CLONE_PTRACE", u(CLONE_PTRACE)},
    {"CLONE_SETTLS", u(CLONE_SETTLS)},
    {"CLONE_SIGHAND", u(CLONE_SIGHAND)},
    {"CLONE_SYSVSEM", u(CLONE_SYSVSEM)},
    {"CLONE_THREAD", u(CLONE_THREAD)},
    {"CLONE_UNTRACED", u(CLONE_UNTRACED)},
    {"CLONE_VFORK", u(CLONE_VFORK)},
    {"CLONE_VM", u(CLONE_VM)},
    {"FIOASYNC", u(FIOASYNC)},
    {"FIOCLEX", u(FIOCLEX)},
    {"FIONBIO", u(FIONBIO)},
    {"FIONCLEX", u(FIONCLEX)},
    {"FIONREAD", u(FIONREAD)},
    {"IPPROTO_ICMP", u(IPPROTO_ICMP)},
    {"IPPROTO_ICMPV6", u(IPPROTO_ICMPV6)},
    {"IPPROTO_IP", u(IPPROTO_IP)},
    {"IPPROTO_IPV6", u(IPPROTO_IPV6)},
    {"IPPROTO_MPTCP", u(IPPROTO_MPTCP)},
    {"IPPROTO_RAW", u(IPPROTO_RAW)},
    {"IPPROTO_SCTP", u(IPPROTO_SCTP)},
    {"IPPROTO_TCP", u(IPPROTO_TCP)},
    {"IPPROTO_UDP", u(IPPROTO_UDP)},
    {"IPPROTO_UDPLITE", u(IPPROTO_UDPLITE)},
    {"MAP_32BIT", u(MAP_32BIT)},
    {"MAP_ANON", u(MAP_ANON)},
    {"MAP_ANONYMOUS", u(MAP_ANONYMOUS)},
    {"MAP_DENYWRITE", u(MAP_DENYWRITE)},
    {"MAP_EXECUTABLE", u(MAP_EXECUTABLE)},
    {"MAP_FIXED", u(MAP_FIXED)},
    {"MAP_FIXED_NOREPLACE", u(MAP_FIXED_NOREPLACE)},
    {"MAP_GROWSDOWN", u(MAP_GROWSDOWN)},
    {"MAP_HUGETLB", u(MAP_HUGETLB)},
    {"MAP_LOCKED", u(MAP_LOCKED)},
    {"MAP_NONBLOCK", u(MAP_NONBLOCK)},
    {"MAP_NORESERVE", u(MAP_NORESERVE)},
    {"MAP_POPULATE", u(MAP_POPULATE)},
    {"MAP_PRIVATE", u(MAP_PRIVATE)},
    {"MAP_SHARED", u(MAP_SHARED)},
    {"MAP_SHARED_VALIDATE", u(MAP_SHARED_VALIDATE)},
    {"MAP_STACK", u(MAP_STACK)},
    {"MAP_SYNC", u(MAP_SYNC)},
    {"MFD_ALLOW_SEALING", u(MFD_ALLOW_SEALING)},
    {"MFD_CLOEXEC", u(MFD_CLOEXEC)},
    {"MFD_HUGETLB", u(MFD_HUGETLB)},
    {"MMAP_PAGE_ZERO", u(MMAP_PAGE_ZERO)},
    {"NETLINK_AUDIT", u(NETLINK_AUDIT)},
    {"NETLINK_CONNECTOR", u(NETLINK_CONNECTOR)},
    {"NETLINK_GENERIC", u(NETLINK_GENERIC)},
    {"NETLINK_KOBJECT_UEVENT", u(NETLINK_KOBJECT_UEVENT)},
    {"NETLINK_NETFILTER", u(NETLINK_NETFILTER)},
    {"NETLINK_ROUTE", u(NETLINK_ROUTE)},
    {"NETLINK_SOCK_DIAG", u(NETLINK_SOCK_DIAG)},
    {"NETLINK_XFRM", u(NETLINK_XFRM)},
    {"O_ACCMODE", u(O_ACCMODE)},
    {"O_APPEND", u(O_APPEND)},
    {"O_ASYNC", u(O_ASYNC)},
    {"O_CLOEXEC", u(O_CLOEXEC)},
    {"O_CREAT", u(O_CREAT)},
    {"O_DIRECT", u(O_DIRECT)},
    {"O_DIRECTORY", u(O_DIRECTORY)},
    {"O_DSYNC", u(O_DSYNC)},
    {"O_EXCL", u(O_EXCL)},
    {"O_NOATIME", u(O_NOATIME)},
    {"O_NOCTTY", u(O_NOCTTY)},
    {"O_NOFOLLOW", u(O_NOFOLLOW)},
    {"O_NONBLOCK", u(O_NONBLOCK)},
    {"O_PATH", u(O_PATH)},
    {"O_RDONLY", u(O_RDONLY)},
    {"O_RDWR", u(O_RDWR)},
    {"O_SYNC", u(O_SYNC)},
    {"O_TMPFILE", u(O_TMPFILE)},
    {"O_TRUNC", u(O_TRUNC)},
    {"O_WRONLY", u(O_WRONLY)},
    {"PER_BSD", u(PER_BSD)},
    {"PER_LINUX", u(PER_LINUX)},
    {"PER_LINUX32", u(PER_LINUX32)},
    {"PER_LINUX32_3GB", u(PER_LINUX32_3GB)},
    {"PER_LINUX_32BIT", u(PER_LINUX_32BIT)},
    {"PER_SVR4", u(PER_SVR4)},
    {"PROT_EXEC", u(PROT_EXEC)},
    {"PROT_GROWSDOWN", u(PROT_GROWSDOWN)},
    {"PROT_GROWSUP", u(PROT_GROWSUP)},
    {"PROT_NONE", u(PROT_NONE)},
    {"PROT_READ", u(PROT_READ)},
    {"PROT_WRITE", u(PROT_WRITE)},
    {"PR_CAPBSET_DROP", u(PR_CAPBSET_DROP)},
    {"PR_CAPBSET_READ", u(PR_CAPBSET_READ)},
    {"PR_CAP_AMBIENT", u(PR_CAP_AMBIENT)},
    {"PR_GET_CHILD_SUBREAPER", u(PR_GET_CHILD_SUBREAPER)},
    {"PR_GET_DUMPABLE", u(PR_GET_DUMPABLE)},
    {"PR_GET_KEEPCAPS", u(PR_GET_KEEPCAPS)},
    {"PR_GET_NAME", u(PR_GET_NAME)},
    {"PR_GET_NO_NEW_PRIVS", u(PR_GET_NO_NEW_PRIVS)},
    {"PR_GET_PDEATHSIG", u(PR_GET_PDEATHSIG)},
    {"PR_GET_SECCOMP", u(PR_GET_SECCOMP)},
    {"PR_GET_SECUREBITS", u(PR_GET_SECUREBITS)},
    {"PR_GET_SPECULATION_CTRL", u(PR_GET_SPECULATION_CTRL)},
    {"PR_GET_THP_DISABLE", u(PR_GET_THP_DISABLE)},
    {"PR_GET_TIMERSLACK", u(PR_GET_TIMERSLACK)},
    {"PR_SET_CHILD_SUBREAPER", u(PR_SET_CHILD_SUBREAPER)},
    {"PR_SET_DUMPABLE", u(PR_SET_DUMPABLE)},
    {"PR_SET_KEEPCAPS", u(PR_SET_KEEPCAPS)},
    {"PR_SET_MM", u(PR_SET_MM)},
    {"PR_SET_NAME", u(PR_SET_NAME)},
    {"PR_SET_NO_NEW_PRIVS", u(PR_SET_NO_NEW_PRIVS)},
    {"PR_SET_PDEATHSIG", u(PR_SET_PDEATHSIG)},
    {"PR_SET_PTRACER", u(PR_SET_PTRACER)},
    {"PR_SET_SECCOMP", u(PR_SET_SECCOMP)},
    {"PR_SET_SECUREBITS", u(PR_SET_SECUREBITS)},
    {"PR_SET_SPECULATION_CTRL", u(PR_SET_SPECULATION_CTRL)},
    {"PR_SET_THP_DISABLE", u(PR_SET_THP_DISABLE)},
    {"PR_SET_TIMERSLACK", u(PR_SET_TIMERSLACK)},
    {"PR_SET_VMA", u(PR_SET_VMA)},
    {"READ_IMPLIES_EXEC", u(READ_IMPLIES_EXEC)},
    {"SOCK_CLOEXEC", u(SOCK_CLOEXEC)},
    {"SOCK_DGRAM", u(SOCK_DGRAM)},
    {"SOCK_NONBLOCK", u(SOCK_NONBLOCK)},
    {"SOCK_PACKET", u(SOCK_PACKET)},
    {"SOCK_RAW", u(SOCK_RAW)},
    {"SOCK_RDM", u(SOCK_RDM)},
    {"SOCK_SEQPACKET", u(SOCK_SEQPACKET)},
    {"SOCK_STREAM", u(SOCK_STREAM)},
    {"STICKY_TIMEOUTS", u(STICKY_TIMEOUTS)},
    {"TCGETS", u(TCGETS)},
    {"TCSETS", u(TCSETS)},
    {"TCSETSF", u(TCSETSF)},
    {"TCSETSW", u(TCSETSW)},
    {"TIOCCONS", u(TIOCCONS)},
    {"TIOCGPGRP", u(TIOCGPGRP)},
    {"TIOCGPTN", u(TIOCGPTN)},
    {"TIOCGPTPEER", u(TIOCGPTPEER)},
    {"TIOCGWINSZ", u(TIOCGWINSZ)},
    {"TIOCLINUX", u(TIOCLINUX)},
    {"TIOCNOTTY", u(TIOCNOTTY)},
    {"TIOCSCTTY", u(TIOCSCTTY)},
    {"TIOCSETD", u(TIOCSETD)},
    {"TIOCSPGRP", u(TIOCSPGRP)},
    {"TIOCSPTLCK", u(TIOCSPTLCK)},
    {"TIOCSTI", u(TIOCSTI)},
    {"TIOCSWINSZ", u(TIOCSWINSZ)},
    {"UNAME26", u(UNAME26)},
};

constexpr bool names_sorted_and_unique() {
    for (std::size_t i = 1; i < std::size(kConstants); ++i)
        if (!(kConstants[i - 1].name < kConstants[i].name)) return false;
    return true;
}
static_assert(names_sorted_and_unique(), "kConstants must be sorted by name, without duplicates");

// Spot checks of the x86_64 values the default template relies on.
static_assert(TIOCSTI == 0x5412 && TIOCLINUX == 0x541C);
static_assert(CLONE_NEWUSER == 0x10000000);
static_assert(PER_LINUX == 0 && PER_LINUX32 == 8);

}  // namespace

std::optional<std::uint64_t> seccomp_constant(std::string_view name) {
    auto it = std::lower_bound(std::begin(kConstants), std::end(kConstants), name,
                               [](const Constant& c, std::string_view n) { return c.name < n; });
    if (it == std::end(kConstants) || it->name != name) return std::nullopt;
    return it->value;
}

}  // namespace cordon
