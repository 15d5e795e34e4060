#include "core/abs_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace cordon {
namespace {

using namespace std::string_literals;

TEST(IsCleanAbsolutePath, Cases) {
    for (const char* good : {"/a", "/a/b", "/a-b/c.d", "/.hidden", "/a/..b", "/a/b.", "/...", "/a b/\tc"})
        EXPECT_TRUE(is_clean_absolute_path(good)) << good;
    for (const char* bad : {"", "/", "a", "a/b", "/a/", "//", "//a", "/a//b", "/.", "/..", "/a/.", "/a/..", "/a/./b",
                            "/a/../b", "./a"})
        EXPECT_FALSE(is_clean_absolute_path(bad)) << bad;
    EXPECT_FALSE(is_clean_absolute_path("/a\0b"s));
}

TEST(PathIsWithin, Cases) {
    EXPECT_TRUE(path_is_within("/a", "/a"));
    EXPECT_TRUE(path_is_within("/a/b", "/a"));
    EXPECT_TRUE(path_is_within("/a/b/c", "/a/b"));
    EXPECT_FALSE(path_is_within("/ab", "/a"));
    EXPECT_FALSE(path_is_within("/a-b", "/a"));
    EXPECT_FALSE(path_is_within("/a", "/a/b"));
    EXPECT_FALSE(path_is_within("/b", "/a"));
    EXPECT_TRUE(path_is_within("/a", "/"));
    EXPECT_TRUE(path_is_within("/", "/"));
    EXPECT_FALSE(path_is_within("a", "/"));
}

TEST(PathIsStrictlyWithin, Cases) {
    EXPECT_TRUE(path_is_strictly_within("/run/media", "/run"));
    EXPECT_TRUE(path_is_strictly_within("/run/media/user/disk", "/run"));
    EXPECT_TRUE(path_is_strictly_within("/run/media/user", "/run/media"));
    EXPECT_TRUE(path_is_strictly_within("/a", "/"));
    EXPECT_TRUE(path_is_strictly_within("/run/media", "/"));
    EXPECT_FALSE(path_is_strictly_within("/runner", "/run"));
    EXPECT_FALSE(path_is_strictly_within("/run", "/run"));
    EXPECT_FALSE(path_is_strictly_within("/", "/"));
    EXPECT_FALSE(path_is_strictly_within("/run", "/run/media"));
    EXPECT_FALSE(path_is_strictly_within("/run/netns", "/run/media"));
    EXPECT_FALSE(path_is_strictly_within("/run/media", "/media"));
    EXPECT_FALSE(path_is_strictly_within("/b/a", "/a"));
    EXPECT_FALSE(path_is_strictly_within("/lib/modules", "/lib/mod"));
}

// The components of an absolute path, split independently of the code
// under test.
std::vector<std::string> components(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 1;
    while (i <= path.size()) {
        std::size_t j = std::min(path.find('/', i), path.size());
        if (j > i) out.emplace_back(path.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

// Every pair of a set of clean paths with near-miss prefixes: within means
// "dir's components start path's", strictly within adds "and differ".
TEST(PathRelation, AgreesWithComponentComparison) {
    const std::vector<std::string> paths = {"/",     "/a",     "/ab",      "/a-b",   "/a/b",   "/a/bc",
                                            "/a/b/c", "/ab/c", "/b",       "/b/a",   "/run",   "/runner",
                                            "/run/media", "/run/media/u", "/a/b.", "/a/..b"};
    for (const std::string& p : paths) {
        for (const std::string& d : paths) {
            auto cp = components(p), cd = components(d);
            bool within = cd.size() <= cp.size() && std::equal(cd.begin(), cd.end(), cp.begin());
            EXPECT_EQ(path_is_within(p, d), within) << p << " in " << d;
            EXPECT_EQ(path_is_strictly_within(p, d), within && p != d) << p << " strictly in " << d;
        }
    }
}

TEST(PathParts, ParentAndName) {
    EXPECT_EQ(parent_of("/a/b/c"), "/a/b");
    EXPECT_EQ(parent_of("/a"), "/");
    EXPECT_EQ(parent_of("/"), "/");
    EXPECT_EQ(parent_of("relative"), "/");
    EXPECT_EQ(name_of("/a/b/c"), "c");
    EXPECT_EQ(name_of("/a"), "a");
    EXPECT_EQ(name_of("plain"), "plain");
}

TEST(PathComponents, SkipsEmptyOnesOnly) {
    using V = std::vector<std::string_view>;
    EXPECT_EQ(path_components("/a//b/"), (V{"a", "b"}));
    EXPECT_EQ(path_components("a/b"), (V{"a", "b"}));
    EXPECT_EQ(path_components("/"), V{});
    EXPECT_EQ(path_components(""), V{});
    EXPECT_EQ(path_components("/a/./../b"), (V{"a", ".", "..", "b"}));
    EXPECT_TRUE(has_dot_component(path_components("/a/./b")));
    EXPECT_TRUE(has_dot_component(path_components("/a/..")));
    EXPECT_FALSE(has_dot_component(path_components("/a/..b/.c/b.")));
}

}  // namespace
}  // namespace cordon
