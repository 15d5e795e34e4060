#include "os/mount_table.h"

#include <fcntl.h>
#include <libmount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

// From <linux/mount.h> and <linux/stat.h> of Linux 6.8, newer than Debian
// 12's headers.
constexpr unsigned kStatxMntIdUnique = 0x4000;
constexpr long kSysStatmount = 457;
constexpr std::uint64_t kStatmountMntRoot = 0x8, kStatmountMntPoint = 0x10,
                        kStatmountFsType = 0x20;

struct MntIdReq {
    std::uint32_t size;
    std::uint32_t spare;
    std::uint64_t mnt_id;
    std::uint64_t param;
};

struct Statmount {
    std::uint32_t size, mnt_opts;
    std::uint64_t mask;
    std::uint32_t sb_dev_major, sb_dev_minor;
    std::uint64_t sb_magic;
    std::uint32_t sb_flags, fs_type;
    std::uint64_t mnt_id, mnt_parent_id;
    std::uint32_t mnt_id_old, mnt_parent_id_old;
    std::uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
    std::uint32_t mnt_root, mnt_point;
    std::uint64_t spare2[50];
    char str[];
};

std::optional<MountInfo> by_statmount(std::uint64_t unique_id) {
    MntIdReq req{sizeof(MntIdReq), 0, unique_id, kStatmountMntRoot | kStatmountMntPoint |
                                                     kStatmountFsType};
    std::vector<char> buf(sizeof(Statmount) + 8192);
    if (syscall(kSysStatmount, &req, buf.data(), buf.size(), 0) != 0) return std::nullopt;
    const auto* sm = reinterpret_cast<const Statmount*>(buf.data());
    MountInfo m;
    m.fstype = sm->str + sm->fs_type;
    m.root = sm->str + sm->mnt_root;
    m.mount_point = sm->str + sm->mnt_point;
    return m;
}

std::optional<MountInfo> by_mountinfo(std::uint64_t old_id) {
    std::unique_ptr<libmnt_table, void (*)(libmnt_table*)> tb(mnt_new_table(), mnt_unref_table);
    if (!tb || mnt_table_parse_file(tb.get(), "/proc/self/mountinfo") != 0)
        throw Error("read /proc/self/mountinfo", "libmount cannot parse it");
    libmnt_fs* fs = nullptr;
    std::unique_ptr<libmnt_iter, void (*)(libmnt_iter*)> it(mnt_new_iter(MNT_ITER_FORWARD), mnt_free_iter);
    libmnt_fs* cur = nullptr;
    while (it && mnt_table_next_fs(tb.get(), it.get(), &cur) == 0) {
        if (mnt_fs_get_id(cur) == static_cast<int>(old_id)) {
            fs = cur;
            break;
        }
    }
    if (fs == nullptr) return std::nullopt;
    MountInfo m;
    m.fstype = mnt_fs_get_fstype(fs) ? mnt_fs_get_fstype(fs) : "";
    m.root = mnt_fs_get_root(fs) ? mnt_fs_get_root(fs) : "";
    m.mount_point = mnt_fs_get_target(fs) ? mnt_fs_get_target(fs) : "";
    return m;
}

}  // namespace

std::optional<MountInfo> mount_at(int fd) {
    if (!is_mount_root(fd)) return std::nullopt;
    struct statx stx {};
    if (statx(fd, "", AT_EMPTY_PATH, kStatxMntIdUnique, &stx) == 0 && (stx.stx_mask & kStatxMntIdUnique)) {
        if (auto m = by_statmount(stx.stx_mnt_id)) return m;
    }
    if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) != 0 || !(stx.stx_mask & STATX_MNT_ID))
        throw Error("identify a mount", "statx gives no mount id (kernel older than 5.8)");
    return by_mountinfo(stx.stx_mnt_id);
}

std::uint32_t mount_id_of(int fd, const std::string& what) {
    struct statx stx {};
    if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) != 0) throw_errno("inspect " + what);
    if (!(stx.stx_mask & STATX_MNT_ID))
        throw Error("identify the mount of " + what, "statx gives no mount id (kernel older than 5.8)");
    return static_cast<std::uint32_t>(stx.stx_mnt_id);
}

std::map<std::uint32_t, MountPlace> mount_places_by_id() {
    std::unique_ptr<libmnt_table, void (*)(libmnt_table*)> tb(mnt_new_table(), mnt_unref_table);
    if (!tb || mnt_table_parse_file(tb.get(), "/proc/self/mountinfo") != 0)
        throw Error("read /proc/self/mountinfo", "libmount cannot parse it");
    std::unique_ptr<libmnt_iter, void (*)(libmnt_iter*)> it(mnt_new_iter(MNT_ITER_FORWARD), mnt_free_iter);
    if (!it) throw Error("read /proc/self/mountinfo", "libmount cannot allocate an iterator");
    std::map<std::uint32_t, MountPlace> out;
    libmnt_fs* fs = nullptr;
    while (mnt_table_next_fs(tb.get(), it.get(), &fs) == 0) {
        const char* target = mnt_fs_get_target(fs);
        int id = mnt_fs_get_id(fs);
        int parent = mnt_fs_get_parent_id(fs);
        if (target != nullptr && id > 0)
            out[static_cast<std::uint32_t>(id)] =
                MountPlace{target, static_cast<std::uint32_t>(parent > 0 ? parent : 0)};
    }
    return out;
}

std::string describe_mount(const MountInfo& m) { return m.fstype + " " + m.root + " at " + m.mount_point; }

}  // namespace cordon
