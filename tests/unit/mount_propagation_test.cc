// The propagation classification and the leak rule of `cordonctl ns show`
// over synthetic mount tables in /proc/PID/mountinfo's format, parsed by
// libmount (core/mountinfo).
#include "core/mount_propagation.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/host_table.h"
#include "core/mount_profile.h"
#include "core/mount_profile_marks.h"
#include "core/mountinfo.h"

namespace cordon {
namespace {

// A systemd-like host: / shared (group 1), /run a tmpfs (group 2), /mnt/t
// a tmpfs (group 7), /media/usb (group 8), and a private /srv.
const char* const kHost =
    "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "22 21 0:20 / /run rw,nosuid,nodev shared:2 - tmpfs tmpfs rw,mode=755\n"
    "23 21 0:30 / /mnt/t rw shared:7 - tmpfs t rw\n"
    "24 21 0:31 / /media/usb rw shared:8 - vfat /dev/sdb1 rw\n"
    "25 21 8:2 / /srv rw - ext4 /dev/sda2 rw\n";

// An app's namespace as cordon builds it: the base receives from the
// host's /, /run from the host's /run, /media is a peer of the host's /
// (a bind of the directory /media), /media/usb came along as a peer, /tmp
// is private, /app unbindable (for the test), /data shared inside only.
const char* const kInside =
    "100 90 8:1 /var/lib/cordon/bases/b / ro,relatime master:1 - ext4 /dev/sda1 rw\n"
    "101 100 0:20 / /run rw,nosuid,nodev master:2 - tmpfs tmpfs rw,mode=755\n"
    "102 100 8:1 /media /media rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "103 102 0:31 / /media/usb rw shared:8 - vfat /dev/sdb1 rw\n"
    "104 100 8:1 /tmp/cordon-private/a/tmp /tmp rw - ext4 /dev/sda1 rw\n"
    "105 100 8:3 / /app ro unbindable - ext4 /dev/sda3 rw\n"
    "106 100 0:40 / /data rw shared:50 - tmpfs tmpfs rw\n"
    "107 101 0:41 / /run/x rw shared:51 master:2 - tmpfs tmpfs rw\n";

MountTable table(const char* text) { return parse_mountinfo(text, "parse a test table"); }

const MountRecord& at(const MountTable& t, const std::string& mountpoint) {
    for (const MountRecord& m : t)
        if (m.mountpoint == mountpoint) return m;
    throw std::out_of_range(mountpoint);
}

std::string described(const char* inside, const std::string& mountpoint) {
    MountTable in = table(inside);
    return describe_propagation(classify_propagation(at(in, mountpoint), table(kHost)));
}

TEST(Mountinfo, LibmountGivesEveryField) {
    MountTable t = table(kInside);
    ASSERT_EQ(t.size(), 8u);
    const MountRecord& base = t[0];
    EXPECT_EQ(base.id, 100u);
    EXPECT_EQ(base.parent, 90u);
    EXPECT_EQ(base.mountpoint, "/");
    EXPECT_EQ(base.root, "/var/lib/cordon/bases/b");
    EXPECT_EQ(base.fstype, "ext4");
    EXPECT_EQ(base.source, "/dev/sda1");
    EXPECT_NE(base.options.find("ro"), std::string::npos);
    EXPECT_FALSE(base.peer_group);
    EXPECT_EQ(base.master_group, 1u);
    EXPECT_EQ(at(t, "/run/x").peer_group, 51u);
    EXPECT_EQ(at(t, "/run/x").master_group, 2u);
    EXPECT_TRUE(at(t, "/app").unbindable);
    EXPECT_FALSE(at(t, "/data").unbindable);
}

TEST(Mountinfo, UnescapesMountPoints) {
    MountTable t = table("30 21 0:50 / /media/a\\040b rw shared:9 - tmpfs tmpfs rw\n");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].mountpoint, "/media/a b");
}

TEST(Mountinfo, EmptyTextIsNoMounts) { EXPECT_TRUE(table("").empty()); }

TEST(Mountinfo, RefusesAnFstab) {
    EXPECT_THROW(table("tmpfs /data tmpfs rw 0 0\n"), Error);
}

TEST(Mountinfo, PropagationFields) {
    PropagationFields p = parse_propagation_fields("shared:3 master:12 propagate_from:4 unbindable");
    EXPECT_EQ(p.peer_group, 3u);
    EXPECT_EQ(p.master_group, 12u);
    EXPECT_TRUE(p.unbindable);
    p = parse_propagation_fields("");
    EXPECT_FALSE(p.peer_group || p.master_group || p.unbindable);
    EXPECT_THROW(parse_propagation_fields("shared:x"), Error);
    EXPECT_THROW(parse_propagation_fields("master:"), Error);
}

TEST(MountPropagation, SharedWithTheHostNamesTheHostDirectory) {
    // /media is a bind of the host's / at /media: named by the directory,
    // not by the host mount "/".
    EXPECT_EQ(described(kInside, "/media"), "shared with host /media");
    EXPECT_EQ(described(kInside, "/media/usb"), "shared with host /media/usb");
}

TEST(MountPropagation, ReceivingFromTheHost) {
    EXPECT_EQ(described(kInside, "/run"), "receives from host /run");
    EXPECT_EQ(described(kInside, "/"), "receives from host /var/lib/cordon/bases/b");
    EXPECT_EQ(described(kInside, "/run/x"), "receives from host /run, shared (namespace only)");
}

TEST(MountPropagation, TheRest) {
    EXPECT_EQ(described(kInside, "/tmp"), "private");
    EXPECT_EQ(described(kInside, "/app"), "unbindable");
    EXPECT_EQ(described(kInside, "/data"), "shared (namespace only)");
    // A master the host does not have (another namespace's group).
    EXPECT_EQ(described("30 1 0:9 / /x rw master:77 - tmpfs t rw\n", "/x"), "receives (not from the host)");
    MountTable in = table(kInside);
    EXPECT_EQ(kind_key(classify_propagation(at(in, "/media"), table(kHost)).kind), "shared-with-host");
    EXPECT_EQ(kind_key(classify_propagation(at(in, "/run"), table(kHost)).kind), "receives-from-host");
}

TEST(MountPropagation, BidirectionalDirsAreTheTablesSharedEntries) {
    auto dirs = bidirectional_dirs();
    EXPECT_EQ(dirs, (std::vector<std::string>{"/media", "/run/media", "/run/netns"}));
}

TEST(MountPropagation, AFreshNamespaceHasNoLeak) {
    EXPECT_TRUE(find_leaks(table(kInside), table(kHost), bidirectional_dirs()).empty());
}

TEST(MountPropagation, APeerInsideOutsideTheBidirectionalDirsLeaks) {
    // The host's /mnt/t bound at /opt/t inside with its propagation kept.
    std::string inside = std::string(kInside) + "120 100 0:30 / /opt/t rw shared:7 - tmpfs t rw\n";
    auto leaks = find_leaks(table(inside.c_str()), table(kHost), bidirectional_dirs());
    ASSERT_EQ(leaks.size(), 2u);  // outside on both sides
    EXPECT_EQ(leaks[0].side, LeakSide::kNamespace);
    EXPECT_EQ(leaks[0].mountpoint, "/opt/t");
    EXPECT_EQ(leaks[0].host_peer, "/mnt/t");
    EXPECT_EQ(leaks[0].peer_group, 7u);
    EXPECT_NE(leaks[0].why.find("/media, /run/media, /run/netns"), std::string::npos);
    EXPECT_EQ(leaks[1].side, LeakSide::kHost);
}

TEST(MountPropagation, AHostPeerOfABidirectionalMountOutsideThemLeaks) {
    // A mount made inside /media propagated to the host, and the host
    // bound it at /mnt/u: the host's end is outside, the namespace's is not.
    std::string host = std::string(kHost) + "26 21 0:60 / /media/in rw shared:9 - tmpfs in rw\n" +
                       "27 21 0:60 / /mnt/u rw shared:9 - tmpfs in rw\n";
    std::string inside = std::string(kInside) + "121 102 0:60 / /media/in rw shared:9 - tmpfs in rw\n";
    auto leaks = find_leaks(table(inside.c_str()), table(host.c_str()), bidirectional_dirs());
    ASSERT_EQ(leaks.size(), 1u);
    EXPECT_EQ(leaks[0].side, LeakSide::kHost);
    EXPECT_EQ(leaks[0].mountpoint, "/media/in");
    EXPECT_EQ(leaks[0].host_peer, "/mnt/u");
}

TEST(MountPropagation, ABindOfTheHostsRootElsewhereLeaks) {
    // The directory /opt of the host's / bound inside as a peer.
    std::string inside = std::string(kInside) + "122 100 8:1 /opt /opt rw shared:1 - ext4 /dev/sda1 rw\n";
    auto leaks = find_leaks(table(inside.c_str()), table(kHost), bidirectional_dirs());
    ASSERT_EQ(leaks.size(), 2u);
    EXPECT_EQ(leaks[0].mountpoint, "/opt");
    EXPECT_EQ(leaks[0].host_peer, "/opt");
}

TEST(MountPropagation, DisjointRootsOfOneGroupAreNoTie) {
    // Peers whose roots do not overlap exchange nothing.
    std::string host = std::string(kHost) + "28 21 8:1 /srv/a /mnt/a rw shared:1 - ext4 /dev/sda1 rw\n";
    EXPECT_TRUE(find_leaks(table(kInside), table(host.c_str()), bidirectional_dirs()).empty());
}

TEST(MountPropagation, MastersAreNeverLeaks) {
    std::string inside = std::string(kInside) + "123 100 0:30 / /opt/t rw master:7 - tmpfs t rw\n";
    EXPECT_TRUE(find_leaks(table(inside.c_str()), table(kHost), bidirectional_dirs()).empty());
}

TEST(MountPropagation, BudgetIsHostPlusTablePlusProfilePlusTen) {
    EXPECT_EQ(mount_budget(40, 3), 40 + host_table().size() + 3 + 10);
}

TEST(MountPropagation, TreeOrderPutsChildrenUnderTheirParent) {
    MountTable t = table(
        "1 0 0:1 / / rw - tmpfs r rw\n"
        "2 1 0:2 / /a rw - tmpfs a rw\n"
        "3 1 0:3 / /b rw - tmpfs b rw\n"
        "4 2 0:4 / /a/c rw - tmpfs c rw\n");
    auto rows = mount_tree(t);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(t[rows[0].index].mountpoint, "/");
    EXPECT_EQ(t[rows[1].index].mountpoint, "/a");
    EXPECT_EQ(t[rows[2].index].mountpoint, "/a/c");
    EXPECT_EQ(rows[2].depth, 2u);
    EXPECT_EQ(t[rows[3].index].mountpoint, "/b");
    EXPECT_EQ(rows[3].depth, 1u);
}

TEST(MountPropagation, TreeOrderKeepsACycle) {
    MountTable t = table(
        "5 6 0:1 / /x rw - tmpfs x rw\n"
        "6 5 0:2 / /y rw - tmpfs y rw\n");
    EXPECT_EQ(mount_tree(t).size(), 2u);
}

TEST(MountProfileMarks, ByMountIdThenByTopmostTarget) {
    MountTable t = table(
        "1 0 0:1 / / rw - tmpfs r rw\n"
        "2 1 0:2 / /srv rw - tmpfs a rw\n"
        "3 1 0:3 / /srv rw - tmpfs b rw\n"
        "4 1 0:4 / /opt rw - tmpfs c rw\n");
    MountProfile p = parse_mount_profile(
        "tmpfs /srv tmpfs x-cordon.mount-id=2\n"
        "tmpfs /opt tmpfs\n"
        "none /lnk none x-cordon.kind=symlink,x-cordon.symlink=/srv\n",
        "test.fstab", ProfileRole::kCurrent);
    auto lines = profile_lines_by_mount(t, p);
    EXPECT_EQ(lines, (std::map<std::size_t, unsigned>{{1, 1}, {3, 2}}));
    EXPECT_EQ(profile_mount_count(p), 2u);
    // Without an id, the topmost of two mounts at the target.
    p = parse_mount_profile("tmpfs /srv tmpfs\n", "test.fstab", ProfileRole::kCurrent);
    EXPECT_EQ(profile_lines_by_mount(t, p), (std::map<std::size_t, unsigned>{{2, 1}}));
}

}  // namespace
}  // namespace cordon
