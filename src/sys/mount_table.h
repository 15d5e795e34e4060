// The live mount table, one mount at a time: what is mounted at a
// directory. statmount(2) (Linux 6.8+) by the mount's unique id from
// statx; /proc/self/mountinfo parsed with libmount where statmount is
// missing. Used to decide whether a mount a profile asks for is already
// there, and to describe one that is in the way.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace cordon {

struct MountInfo {
    std::string fstype;
    std::string root;         // of the mount, within its filesystem ("/srv/data")
    std::string mount_point;  // as this process sees it
    dev_t sb_dev = 0;         // the filesystem's device
    bool from_statmount = false;
};

// The mount whose root fd is (nothing when fd is not a mount root).
std::optional<MountInfo> mount_at(int fd);

// "tmpfs /srv/data at /data": for messages.
std::string describe_mount(const MountInfo& m);

}  // namespace cordon
