#include "core/mount_options.h"

#include <gtest/gtest.h>
#include <sys/mount.h>  // MS_*, MOUNT_ATTR_* (not <linux/mount.h>: conflicts on glibc 2.36)

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace cordon {
namespace {

using Items = std::vector<std::pair<std::string, std::string>>;

// The comma-separated items of an option string, sorted, for order-insensitive checks.
std::vector<std::string> items_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size() && !s.empty()) {
        std::size_t j = s.find(',', i);
        if (j == std::string::npos) j = s.size();
        out.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool has_item(const std::string& s, const std::string& item) {
    auto v = items_of(s);
    return std::find(v.begin(), v.end(), item) != v.end();
}

TEST(ParseMountOptions, VfsFlagsOnly) {
    ParsedOptions p = parse_mount_options("ro,nosuid,nodev");
    EXPECT_EQ(p.flags, static_cast<unsigned long>(MS_RDONLY | MS_NOSUID | MS_NODEV));
    EXPECT_EQ(p.fs_options, "");
}

TEST(ParseMountOptions, SingleFlags) {
    EXPECT_EQ(parse_mount_options("ro").flags, static_cast<unsigned long>(MS_RDONLY));
    EXPECT_EQ(parse_mount_options("nosuid").flags, static_cast<unsigned long>(MS_NOSUID));
    EXPECT_EQ(parse_mount_options("nodev").flags, static_cast<unsigned long>(MS_NODEV));
    EXPECT_EQ(parse_mount_options("noexec").flags, static_cast<unsigned long>(MS_NOEXEC));
    EXPECT_EQ(parse_mount_options("noatime").flags, static_cast<unsigned long>(MS_NOATIME));
}

TEST(ParseMountOptions, FilesystemOptionsOnly) {
    ParsedOptions p = parse_mount_options("newinstance,ptmxmode=0666,mode=0620,gid=5");
    EXPECT_EQ(p.flags, 0ul);
    EXPECT_EQ(items_of(p.fs_options),
              (std::vector<std::string>{"gid=5", "mode=0620", "newinstance", "ptmxmode=0666"}))
        << p.fs_options;
    // Order is kept.
    EXPECT_EQ(p.fs_options, "newinstance,ptmxmode=0666,mode=0620,gid=5");
}

TEST(ParseMountOptions, MixedSplits) {
    ParsedOptions p = parse_mount_options("ro,mode=0755");
    EXPECT_EQ(p.flags, static_cast<unsigned long>(MS_RDONLY));
    EXPECT_EQ(p.fs_options, "mode=0755");

    ParsedOptions q = parse_mount_options("nosuid,nodev,mode=1777,size=10m,noexec");
    EXPECT_EQ(q.flags, static_cast<unsigned long>(MS_NOSUID | MS_NODEV | MS_NOEXEC));
    EXPECT_TRUE(has_item(q.fs_options, "mode=1777")) << q.fs_options;
    EXPECT_TRUE(has_item(q.fs_options, "size=10m")) << q.fs_options;
    EXPECT_FALSE(has_item(q.fs_options, "nosuid")) << q.fs_options;
    EXPECT_FALSE(has_item(q.fs_options, "nodev")) << q.fs_options;
    EXPECT_FALSE(has_item(q.fs_options, "noexec")) << q.fs_options;
    EXPECT_EQ(q.fs_options, "mode=1777,size=10m");
}

TEST(ParseMountOptions, Bind) {
    EXPECT_EQ(parse_mount_options("bind").flags, static_cast<unsigned long>(MS_BIND));
    EXPECT_EQ(parse_mount_options("rbind").flags, static_cast<unsigned long>(MS_BIND | MS_REC));
    EXPECT_EQ(parse_mount_options("bind").fs_options, "");
    EXPECT_EQ(parse_mount_options("rbind").fs_options, "");
}

TEST(ParseMountOptions, Empty) {
    ParsedOptions p = parse_mount_options("");
    EXPECT_EQ(p.flags, 0ul);
    EXPECT_EQ(p.fs_options, "");
}

TEST(ParseMountOptions, RejectsUserspaceOptions) {
    try {
        parse_mount_options("ro,user");
        FAIL() << "no throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "parse mount options \"ro,user\"");
        EXPECT_NE(e.reason().find("userspace"), std::string::npos) << e.reason();
    }
}

TEST(ParseMountOptions, RejectsNul) {
    std::string s("ro\0,nodev", 9);
    EXPECT_THROW(parse_mount_options(s), Error);
}

TEST(SplitOptions, OrderAndKeyValue) {
    Items got = split_options("ro,mode=0755,nosuid,gid=5");
    Items want = {{"ro", ""}, {"mode", "0755"}, {"nosuid", ""}, {"gid", "5"}};
    EXPECT_EQ(got, want);
}

TEST(SplitOptions, DevptsOptions) {
    Items got = split_options("newinstance,ptmxmode=0666,mode=0620,gid=5");
    Items want = {{"newinstance", ""}, {"ptmxmode", "0666"}, {"mode", "0620"}, {"gid", "5"}};
    EXPECT_EQ(got, want);
}

TEST(SplitOptions, FlagsHaveEmptyValue) {
    Items got = split_options("nodev");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].first, "nodev");
    EXPECT_EQ(got[0].second, "");
}

TEST(SplitOptions, QuotedValueWithComma) {
    Items got = split_options("context=\"a,b\",ro");
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].first, "context");
    EXPECT_EQ(got[0].second, "\"a,b\"");
    EXPECT_EQ(got[1].first, "ro");
}

TEST(SplitOptions, Empty) { EXPECT_TRUE(split_options("").empty()); }

TEST(MountAttrFromFlags, MapsPerMountFlags) {
    EXPECT_EQ(mount_attr_from_flags(MS_RDONLY), static_cast<std::uint64_t>(MOUNT_ATTR_RDONLY));
    EXPECT_EQ(mount_attr_from_flags(MS_NOSUID), static_cast<std::uint64_t>(MOUNT_ATTR_NOSUID));
    EXPECT_EQ(mount_attr_from_flags(MS_NODEV), static_cast<std::uint64_t>(MOUNT_ATTR_NODEV));
    EXPECT_EQ(mount_attr_from_flags(MS_NOEXEC), static_cast<std::uint64_t>(MOUNT_ATTR_NOEXEC));
    EXPECT_EQ(mount_attr_from_flags(MS_NOATIME), static_cast<std::uint64_t>(MOUNT_ATTR_NOATIME));
    EXPECT_EQ(mount_attr_from_flags(MS_NODIRATIME), static_cast<std::uint64_t>(MOUNT_ATTR_NODIRATIME));
    EXPECT_EQ(mount_attr_from_flags(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC),
              static_cast<std::uint64_t>(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                                         MOUNT_ATTR_NOEXEC));
}

TEST(MountAttrFromFlags, IgnoresOtherFlags) {
    EXPECT_EQ(mount_attr_from_flags(0), 0u);
    EXPECT_EQ(mount_attr_from_flags(MS_BIND), 0u);
    EXPECT_EQ(mount_attr_from_flags(MS_BIND | MS_REC), 0u);
    EXPECT_EQ(mount_attr_from_flags(MS_BIND | MS_RDONLY), static_cast<std::uint64_t>(MOUNT_ATTR_RDONLY));
    EXPECT_EQ(mount_attr_from_flags(MS_REC | MS_SLAVE | MS_SHARED | MS_PRIVATE), 0u);
}

TEST(MountAttrFromFlags, ParsedOptionsToAttr) {
    EXPECT_EQ(mount_attr_from_flags(parse_mount_options("ro,nosuid,nodev").flags),
              static_cast<std::uint64_t>(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV));
}

}  // namespace
}  // namespace cordon
