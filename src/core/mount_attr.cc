// mount_attr_from_flags (declared in core/mount_options.h), in a file of its
// own: the launcher uses it without linking libmount.
#include <sys/mount.h>

#include "core/mount_options.h"

namespace cordon {

std::uint64_t mount_attr_from_flags(unsigned long flags) {
    std::uint64_t attr = 0;
    if (flags & MS_RDONLY) attr |= MOUNT_ATTR_RDONLY;
    if (flags & MS_NOSUID) attr |= MOUNT_ATTR_NOSUID;
    if (flags & MS_NODEV) attr |= MOUNT_ATTR_NODEV;
    if (flags & MS_NOEXEC) attr |= MOUNT_ATTR_NOEXEC;
    if (flags & MS_NOATIME) attr |= MOUNT_ATTR_NOATIME;
    if (flags & MS_STRICTATIME) attr |= MOUNT_ATTR_STRICTATIME;
    if (flags & MS_NODIRATIME) attr |= MOUNT_ATTR_NODIRATIME;
    return attr;
}

}  // namespace cordon
