#include "core/fs_trust.h"

#include <cstdio>

namespace cordon {

namespace {

const char* kind_name(NewKind k) {
    switch (k) {
        case NewKind::kDir:
            return "a directory";
        case NewKind::kFile:
            return "a regular file";
        case NewKind::kSymlink:
            return "a symlink";
    }
    return "?";
}

bool is_kind(NewKind k, mode_t m) {
    switch (k) {
        case NewKind::kDir:
            return S_ISDIR(m);
        case NewKind::kFile:
            return S_ISREG(m);
        case NewKind::kSymlink:
            return S_ISLNK(m);
    }
    return false;
}

}  // namespace

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

std::optional<std::string> untrusted_reason(uid_t owner, mode_t mode) {
    if (owner != 0) return "owned by uid " + std::to_string(owner) + ", not root";
    if (mode & (S_IWGRP | S_IWOTH)) return "writable by group or others (mode " + octal_mode(mode) + ")";
    return std::nullopt;
}

std::string untrusted_fix(const std::string& path, uid_t owner, mode_t mode) {
    std::string fix;
    if (owner != 0) fix = "chown root: " + path;
    if (mode & (S_IWGRP | S_IWOTH)) fix.append(fix.empty() ? "" : " && ").append("chmod go-w " + path);
    return fix;
}

std::optional<std::string> unsafe_parent_reason(uid_t owner, mode_t mode) {
    if (owner != 0) return "owned by uid " + std::to_string(owner) + ", not root";
    if ((mode & (S_IWGRP | S_IWOTH)) && !(mode & S_ISVTX))
        return "writable by group or others without the sticky bit (mode " + octal_mode(mode) + ")";
    return std::nullopt;
}

std::optional<std::string> not_fresh_reason(NewKind kind, const struct stat& st, dev_t parent_dev, uid_t creator,
                                            mode_t created_mode) {
    if (!is_kind(kind, st.st_mode)) return "it is not " + std::string(kind_name(kind)) + " any more";
    // Only for directories: overlayfs reports the device of the layer for
    // files and symlinks, not the overlay's.
    if (kind == NewKind::kDir && st.st_dev != parent_dev) return "it is on another filesystem than its directory";
    if (st.st_uid != creator) return "it is owned by uid " + std::to_string(st.st_uid);
    // Symlinks have no permission bits of their own (always 0777).
    if (kind != NewKind::kSymlink && (st.st_mode & 0777 & ~created_mode))
        return "it has mode " + octal_mode(st.st_mode) + ", not at most " + octal_mode(created_mode);
    if (kind == NewKind::kDir && st.st_nlink > 2) return "it has subdirectories";
    if (kind != NewKind::kDir && st.st_nlink != 1) return "it has other hard links";
    return std::nullopt;
}

}  // namespace cordon
