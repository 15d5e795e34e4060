#include "core/capability_names.h"

#include <linux/capability.h>

#include <array>
#include <string_view>

#include "core/error.h"

namespace cordon {

namespace {

struct CapName {
    unsigned value;
    std::string_view name;  // without "CAP_", upper case
};

// Indexed by number; the kernel header gives the numbers, so a typo here
// fails to compile instead of naming the wrong capability.
constexpr std::array<CapName, kLastKnownCapability + 1> kCapabilities{{
    {CAP_CHOWN, "CHOWN"},
    {CAP_DAC_OVERRIDE, "DAC_OVERRIDE"},
    {CAP_DAC_READ_SEARCH, "DAC_READ_SEARCH"},
    {CAP_FOWNER, "FOWNER"},
    {CAP_FSETID, "FSETID"},
    {CAP_KILL, "KILL"},
    {CAP_SETGID, "SETGID"},
    {CAP_SETUID, "SETUID"},
    {CAP_SETPCAP, "SETPCAP"},
    {CAP_LINUX_IMMUTABLE, "LINUX_IMMUTABLE"},
    {CAP_NET_BIND_SERVICE, "NET_BIND_SERVICE"},
    {CAP_NET_BROADCAST, "NET_BROADCAST"},
    {CAP_NET_ADMIN, "NET_ADMIN"},
    {CAP_NET_RAW, "NET_RAW"},
    {CAP_IPC_LOCK, "IPC_LOCK"},
    {CAP_IPC_OWNER, "IPC_OWNER"},
    {CAP_SYS_MODULE, "SYS_MODULE"},
    {CAP_SYS_RAWIO, "SYS_RAWIO"},
    {CAP_SYS_CHROOT, "SYS_CHROOT"},
    {CAP_SYS_PTRACE, "SYS_PTRACE"},
    {CAP_SYS_PACCT, "SYS_PACCT"},
    {CAP_SYS_ADMIN, "SYS_ADMIN"},
    {CAP_SYS_BOOT, "SYS_BOOT"},
    {CAP_SYS_NICE, "SYS_NICE"},
    {CAP_SYS_RESOURCE, "SYS_RESOURCE"},
    {CAP_SYS_TIME, "SYS_TIME"},
    {CAP_SYS_TTY_CONFIG, "SYS_TTY_CONFIG"},
    {CAP_MKNOD, "MKNOD"},
    {CAP_LEASE, "LEASE"},
    {CAP_AUDIT_WRITE, "AUDIT_WRITE"},
    {CAP_AUDIT_CONTROL, "AUDIT_CONTROL"},
    {CAP_SETFCAP, "SETFCAP"},
    {CAP_MAC_OVERRIDE, "MAC_OVERRIDE"},
    {CAP_MAC_ADMIN, "MAC_ADMIN"},
    {CAP_SYSLOG, "SYSLOG"},
    {CAP_WAKE_ALARM, "WAKE_ALARM"},
    {CAP_BLOCK_SUSPEND, "BLOCK_SUSPEND"},
    {CAP_AUDIT_READ, "AUDIT_READ"},
    {CAP_PERFMON, "PERFMON"},
    {CAP_BPF, "BPF"},
    {CAP_CHECKPOINT_RESTORE, "CHECKPOINT_RESTORE"},
}};

constexpr bool table_is_in_number_order() {
    for (unsigned i = 0; i < kCapabilities.size(); ++i)
        if (kCapabilities[i].value != i) return false;
    return true;
}
static_assert(table_is_in_number_order(), "kCapabilities must be indexed by capability number");
static_assert(CAP_CHECKPOINT_RESTORE == kLastKnownCapability, "kLastKnownCapability is CAP_CHECKPOINT_RESTORE");
static_assert(kLastKnownCapability < 64, "a CapMask holds capabilities 0..63");

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (upper(a[i]) != upper(b[i])) return false;
    return true;
}

bool is_separator(char c) { return c == ',' || c == ' ' || c == '\t'; }

// The value is user input: shown in errors, but never unbounded.
std::string shown(std::string_view text) {
    constexpr std::size_t kMax = 64;
    std::string s(text.substr(0, kMax));
    if (text.size() > kMax) s += "...";
    return s;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<unsigned> capability_from_name(std::string_view name) {
    constexpr std::string_view kPrefix = "CAP_";
    if (name.size() > kPrefix.size() && equal_ignoring_case(name.substr(0, kPrefix.size()), kPrefix))
        name.remove_prefix(kPrefix.size());
    for (const CapName& c : kCapabilities)
        if (equal_ignoring_case(name, c.name)) return c.value;
    return std::nullopt;
}

std::string capability_name(unsigned cap) {
    if (cap <= kLastKnownCapability) return "CAP_" + std::string(kCapabilities[cap].name);
    return "CAP_" + std::to_string(cap);
}

CapMask default_root_capabilities() {
    return cap_bit(CAP_CHOWN) | cap_bit(CAP_DAC_OVERRIDE) | cap_bit(CAP_FOWNER) | cap_bit(CAP_FSETID) |
           cap_bit(CAP_KILL) | cap_bit(CAP_SETGID) | cap_bit(CAP_SETUID) | cap_bit(CAP_SETPCAP) |
           cap_bit(CAP_NET_BIND_SERVICE) | cap_bit(CAP_NET_RAW) | cap_bit(CAP_SYS_CHROOT) | cap_bit(CAP_MKNOD) |
           cap_bit(CAP_AUDIT_WRITE) | cap_bit(CAP_SETFCAP);
}

CapMask all_capabilities() { return (cap_bit(kLastKnownCapability) << 1) - 1; }

CapMask parse_capability_list(std::string_view text) {
    auto fail = [&](const std::string& reason) -> Error {
        return Error("use capabilities \"" + shown(text) + "\"", reason);
    };
    std::string_view rest = trim(text);
    if (rest.empty()) throw fail("the list is empty");
    if (equal_ignoring_case(rest, "all")) return all_capabilities();
    if (equal_ignoring_case(rest, "default")) return default_root_capabilities();

    CapMask mask = 0;
    while (!rest.empty()) {
        std::size_t end = 0;
        while (end < rest.size() && !is_separator(rest[end])) ++end;
        std::string_view name = rest.substr(0, end);
        rest.remove_prefix(end);
        if (name.empty()) throw fail("a comma without a name before it");
        if (equal_ignoring_case(name, "all") || equal_ignoring_case(name, "default"))
            throw fail("\"" + std::string(name) + "\" cannot be combined with capability names");
        auto cap = capability_from_name(name);
        if (!cap) throw fail("unknown capability \"" + shown(name) + "\"");
        if (mask & cap_bit(*cap)) throw fail(capability_name(*cap) + " is listed twice");
        mask |= cap_bit(*cap);

        // One separator: spaces, with at most one comma among them.
        rest = trim(rest);
        if (!rest.empty() && rest.front() == ',') {
            rest = trim(rest.substr(1));
            if (rest.empty()) throw fail("a comma without a name after it");
        }
    }
    return mask;
}

std::string capability_list(CapMask mask) {
    std::string out;
    for (unsigned cap = 0; cap < 64; ++cap) {
        if (!(mask & cap_bit(cap))) continue;
        if (!out.empty()) out += ',';
        out += capability_name(cap);
    }
    return out;
}

}  // namespace cordon
