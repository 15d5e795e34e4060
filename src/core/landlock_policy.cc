#include "core/landlock_policy.h"

#include <fcntl.h>

namespace cordon {

namespace {

// The rights of ABI 1, EXECUTE (bit 0) to MAKE_SYM (bit 12).
constexpr std::uint64_t kAbi1Rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;

std::string abi_text(int abi) { return "Landlock ABI " + std::to_string(abi); }

}  // namespace

std::uint64_t landlock_fs_rights(int abi) {
    std::uint64_t rights = 0;
    if (abi >= 1) rights |= kAbi1Rights;
    if (abi >= kLandlockAbiRefer) rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= kLandlockAbiTruncate) rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= kLandlockAbiIoctlDev) rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return rights;
}

std::uint64_t landlock_scope_bits(LandlockScope scope, int abi) {
    if (abi < kLandlockAbiScope) return 0;
    switch (scope) {
    case LandlockScope::kNone: return 0;
    case LandlockScope::kAbstractSockets: return LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET;
    case LandlockScope::kSignals: return LANDLOCK_SCOPE_SIGNAL;
    case LandlockScope::kAll: return LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
    }
    return 0;
}

const char* landlock_scope_name(LandlockScope scope) {
    switch (scope) {
    case LandlockScope::kNone: return "none";
    case LandlockScope::kAbstractSockets: return "abstract-sockets";
    case LandlockScope::kSignals: return "signals";
    case LandlockScope::kAll: return "all";
    }
    return "?";
}

LandlockPolicy plan_landlock(int abi, bool enabled, LandlockScope scope) {
    LandlockPolicy p;
    std::string scope_name = landlock_scope_name(scope);
    if (!enabled) {
        p.notes.push_back("Landlock: off (app config)");
        if (scope != LandlockScope::kNone)
            p.notes.push_back("Landlock scope " + scope_name + ": not enforced (landlock = off)");
        return p;
    }
    if (abi < 1) {
        p.notes.push_back("Landlock: not available on this kernel (needs 5.13 and landlock in the boot's lsm=): "
                          "continuing without it; the app can reach host files through /proc/PID/root "
                          "of a host process where AppArmor does not confine it");
    } else if (abi < kLandlockAbiRefer) {
        // Any domain on ABI 1 makes the kernel refuse every rename or link
        // into another directory (EXDEV), whatever the rules: apps break.
        p.notes.push_back(abi_text(abi) + ": not enforced (before ABI 2, 5.19, a Landlock domain refuses every "
                          "rename and link across directories)");
    } else {
        p.handled_fs = landlock_fs_rights(abi);
        p.notes.push_back(abi_text(abi) + ": the app's filesystem is its root only; host processes are out of "
                          "reach (/proc/PID/root, cwd, fd, environ, mem)");
    }
    if (scope == LandlockScope::kNone) return p;
    if (p.handled_fs != 0 && abi >= kLandlockAbiScope) {
        p.scoped = landlock_scope_bits(scope, abi);
        p.notes.push_back("Landlock scope " + scope_name + ": enforced");
    } else {
        p.notes.push_back("Landlock scope " + scope_name + ": not enforced (needs Landlock ABI 6, Linux 6.12)");
    }
    return p;
}

std::uint64_t landlock_inherited_file_rights(int open_flags, bool char_device, std::uint64_t handled) {
    // An O_PATH fd reads as O_RDONLY in its access mode: it grants nothing.
    if (open_flags & O_PATH) return 0;
    int accmode = open_flags & O_ACCMODE;
    std::uint64_t rights = 0;
    if (accmode == O_RDONLY || accmode == O_RDWR) rights |= LANDLOCK_ACCESS_FS_READ_FILE;
    if (accmode == O_WRONLY || accmode == O_RDWR) rights |= LANDLOCK_ACCESS_FS_WRITE_FILE;
    if (rights == 0) return 0;
    if (char_device)
        rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    else if (rights & LANDLOCK_ACCESS_FS_WRITE_FILE)
        rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    return rights & handled;
}

}  // namespace cordon
