// The live mount table, one mount at a time: what is mounted at a
// directory. statmount(2) (Linux 6.8+) by the mount's unique id from
// statx; /proc/self/mountinfo parsed with libmount where statmount is
// missing. Used to decide whether a mount a profile asks for is already
// there, and to describe one that is in the way.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace cordon {

struct MountInfo {
    std::string fstype;
    std::string root;         // of the mount, within its filesystem ("/srv/data")
    std::string mount_point;  // as this process sees it
};

// The mount whose root fd is (nothing when fd is not a mount root).
std::optional<MountInfo> mount_at(int fd);

// The mount id of the mount fd is on (statx STATX_MNT_ID, Linux 5.8+: the
// id /proc/self/mountinfo shows first; unique among the mounts that exist,
// reused once a mount is gone).
std::uint32_t mount_id_of(int fd, const std::string& what);

// Where a mount is: its mount point as this process sees it (relative to
// its root, unescaped) and the mount it is mounted on.
struct MountPlace {
    std::string path;
    std::uint32_t parent_id = 0;
};

// The mounts of this process's namespace by mount id
// (/proc/self/mountinfo through libmount). A snapshot: ids come and go
// after it.
std::map<std::uint32_t, MountPlace> mount_places_by_id();

// The propagation of the mount at / that this process sees (the last
// mounted there, /proc/self/mountinfo through libmount): "shared",
// "slave", "shared,slave" (receives and forwards), "unbindable" or
// "private".
std::string root_propagation();

// "tmpfs /srv/data at /data": for messages.
std::string describe_mount(const MountInfo& m);

}  // namespace cordon
