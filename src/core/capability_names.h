// Capability names <-> numbers, and the sets cordon uses. Pure data (the
// numbers are the kernel ABI in <linux/capability.h>).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cordon {

// A set of capabilities as a bit mask (bit N = capability N), as
// /proc/PID/status prints them (CapEff: 000001ffffffffff).
using CapMask = std::uint64_t;

// The mask of one capability (CAP_SYS_ADMIN, ...).
constexpr CapMask cap_bit(unsigned cap) { return CapMask{1} << cap; }

// "CAP_SYS_ADMIN", "sys_admin" and "SYS_ADMIN" all name capability 21.
std::optional<unsigned> capability_from_name(std::string_view name);
std::string capability_name(unsigned cap);  // "CAP_SYS_ADMIN"; "CAP_<N>" if unknown
inline constexpr unsigned kLastKnownCapability = 40;  // CAP_CHECKPOINT_RESTORE

// The set a root caller keeps by default: the container runtimes'
// well-known default (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID,
// SETUID, SETPCAP, NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD,
// AUDIT_WRITE, SETFCAP). No CAP_SYS_ADMIN.
CapMask default_root_capabilities();

// Every capability up to kLastKnownCapability.
CapMask all_capabilities();

// Parses the value of "capabilities = ..." in APP.conf: "all", "default",
// or names separated by commas and/or spaces (each may appear once).
// Throws Error("use capabilities \"...\"", reason) on an unknown name.
CapMask parse_capability_list(std::string_view text);

// Names of the set, comma separated, in number order.
std::string capability_list(CapMask mask);

}  // namespace cordon
