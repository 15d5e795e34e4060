#include "core/host_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/abs_path.h"

namespace cordon {
namespace {

// Independent of path_is_strictly_within: compares path components.
std::vector<std::string> components(std::string_view path) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/') ++i;
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) out.emplace_back(path.substr(i, j - i));
        i = j;
    }
    return out;
}

bool independent_ancestor(std::string_view a, std::string_view p) {
    auto ca = components(a), cp = components(p);
    return ca.size() < cp.size() && std::equal(ca.begin(), ca.end(), cp.begin());
}

std::ptrdiff_t index_of(std::string_view path) {
    auto t = host_table();
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].path == path) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

const HostMount* find(std::string_view path) {
    auto i = index_of(path);
    return i < 0 ? nullptr : &host_table()[static_cast<std::size_t>(i)];
}

TEST(HostTable, EveryParentPrecedesEveryChild) {
    auto t = host_table();
    ASSERT_FALSE(t.empty());
    int ancestor_pairs = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (std::size_t j = 0; j < t.size(); ++j) {
            if (i == j) continue;
            EXPECT_NE(t[i].path, t[j].path) << "duplicate entry " << t[i].path;
            if (independent_ancestor(t[i].path, t[j].path)) {
                ++ancestor_pairs;
                EXPECT_LT(i, j) << t[i].path << " (index " << i << ") is an ancestor of " << t[j].path
                                << " (index " << j << ") but does not precede it";
            }
        }
    }
    // /run is an ancestor of /run/media and /run/netns: the loop above saw real pairs.
    EXPECT_GE(ancestor_pairs, 2);
    EXPECT_TRUE(parents_precede_children(t));
}

TEST(HostTable, IndependentAncestorHelperAgreesWithPathIsStrictlyWithin) {
    auto t = host_table();
    for (const auto& a : t)
        for (const auto& b : t)
            EXPECT_EQ(independent_ancestor(a.path, b.path), path_is_strictly_within(b.path, a.path))
                << a.path << " vs " << b.path;
}

TEST(HostTable, RunPrecedesRunMediaAndNetns) {
    auto run = index_of("/run");
    auto media = index_of("/run/media");
    auto netns = index_of("/run/netns");
    ASSERT_GE(run, 0);
    ASSERT_GE(media, 0);
    ASSERT_GE(netns, 0);
    EXPECT_LT(run, media);
    EXPECT_LT(run, netns);
}

TEST(HostTable, PathsAreAbsoluteAndNormal) {
    for (const auto& m : host_table()) {
        SCOPED_TRACE(std::string(m.path));
        ASSERT_FALSE(m.path.empty());
        EXPECT_EQ(m.path.front(), '/');
        EXPECT_GT(m.path.size(), 1u) << "the root itself is never bound";
        EXPECT_NE(m.path.back(), '/');
        EXPECT_EQ(m.path.find("//"), std::string_view::npos);
        for (const auto& c : components(m.path)) {
            EXPECT_NE(c, ".");
            EXPECT_NE(c, "..");
        }
    }
}

TEST(HostTable, ExpectedEntriesPresent) {
    std::set<std::string_view> paths;
    for (const auto& m : host_table()) paths.insert(m.path);
    for (std::string_view p : {"/dev", "/etc", "/home", "/root", "/proc", "/sys", "/var/tmp", "/var/log",
                               "/run", "/lib/modules", "/lib/firmware", "/mnt", "/media", "/run/media",
                               "/run/netns"}) {
        EXPECT_EQ(paths.count(p), 1u) << p;
    }
}

TEST(HostTable, Propagation) {
    const std::set<std::string_view> shared = {"/media", "/run/media", "/run/netns"};
    for (const auto& m : host_table()) {
        SCOPED_TRACE(std::string(m.path));
        if (shared.count(m.path))
            EXPECT_EQ(m.propagation, Propagation::kShared);
        else
            EXPECT_EQ(m.propagation, Propagation::kSlave);
    }
    for (auto p : shared) EXPECT_NE(find(p), nullptr) << p;
}

TEST(HostTable, Presence) {
    const std::set<std::string_view> optional = {"/lib/modules", "/lib/firmware", "/run/media",
                                                 "/run/netns", "/mnt"};
    for (const auto& m : host_table()) {
        SCOPED_TRACE(std::string(m.path));
        if (m.path == "/media")
            EXPECT_EQ(m.presence, Presence::kCreateOnHost);
        else if (optional.count(m.path))
            EXPECT_EQ(m.presence, Presence::kOptional);
        else
            EXPECT_EQ(m.presence, Presence::kRequired);
    }
    ASSERT_NE(find("/media"), nullptr);
    EXPECT_EQ(find("/media")->presence, Presence::kCreateOnHost);
    for (auto p : optional) {
        ASSERT_NE(find(p), nullptr) << p;
        EXPECT_EQ(find(p)->presence, Presence::kOptional) << p;
    }
    ASSERT_NE(find("/run"), nullptr);
    EXPECT_EQ(find("/run")->presence, Presence::kRequired);
}

TEST(ParentsPrecedeChildren, AcceptsGoodTables) {
    const HostMount ok[] = {
        {"/run", Propagation::kSlave, Presence::kRequired},
        {"/run/media", Propagation::kShared, Presence::kOptional},
        {"/runner", Propagation::kSlave, Presence::kRequired},
        {"/media", Propagation::kShared, Presence::kCreateOnHost},
    };
    EXPECT_TRUE(parents_precede_children(ok));
    EXPECT_TRUE(parents_precede_children(std::span<const HostMount>()));
    EXPECT_TRUE(parents_precede_children(std::span<const HostMount>(ok, 1)));
    // /runner before /run is fine: not an ancestor relation.
    const HostMount ok2[] = {
        {"/runner", Propagation::kSlave, Presence::kRequired},
        {"/run", Propagation::kSlave, Presence::kRequired},
    };
    EXPECT_TRUE(parents_precede_children(ok2));
}

TEST(ParentsPrecedeChildren, RejectsChildBeforeParent) {
    const HostMount bad[] = {
        {"/run/media", Propagation::kShared, Presence::kOptional},
        {"/run", Propagation::kSlave, Presence::kRequired},
    };
    EXPECT_FALSE(parents_precede_children(bad));
}

TEST(ParentsPrecedeChildren, RejectsChildBeforeDistantParent) {
    const HostMount bad[] = {
        {"/dev", Propagation::kSlave, Presence::kRequired},
        {"/run/media/user", Propagation::kShared, Presence::kOptional},
        {"/etc", Propagation::kSlave, Presence::kRequired},
        {"/run", Propagation::kSlave, Presence::kRequired},
        {"/mnt", Propagation::kSlave, Presence::kOptional},
    };
    EXPECT_FALSE(parents_precede_children(bad));
}

TEST(ParentsPrecedeChildren, RejectsChildBeforeRoot) {
    const HostMount bad[] = {
        {"/a", Propagation::kSlave, Presence::kRequired},
        {"/", Propagation::kSlave, Presence::kRequired},
    };
    EXPECT_FALSE(parents_precede_children(bad));
}

TEST(ParentsPrecedeChildren, RejectsDuplicates) {
    const HostMount dup[] = {
        {"/run", Propagation::kSlave, Presence::kRequired},
        {"/etc", Propagation::kSlave, Presence::kRequired},
        {"/run", Propagation::kSlave, Presence::kRequired},
    };
    EXPECT_FALSE(parents_precede_children(dup));
    const HostMount dup2[] = {
        {"/mnt", Propagation::kSlave, Presence::kOptional},
        {"/mnt", Propagation::kShared, Presence::kOptional},
    };
    EXPECT_FALSE(parents_precede_children(dup2));
}

TEST(ParentsPrecedeChildren, RejectsEveryAdjacentSwapOfRealAncestorPairs) {
    // Moving any real child in front of its parent must be caught.
    auto t = host_table();
    std::vector<HostMount> v(t.begin(), t.end());
    int checked = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = i + 1; j < v.size(); ++j) {
            if (!independent_ancestor(v[i].path, v[j].path)) continue;
            auto w = v;
            std::swap(w[i], w[j]);
            EXPECT_FALSE(parents_precede_children(w)) << "swapped " << v[i].path << " and " << v[j].path;
            ++checked;
        }
    }
    EXPECT_GE(checked, 2);
}

// A masked path is covered after the table: it must come in through an
// entry (else there is nothing to hide), and must not be an entry or the
// ancestor of one (the mask would cover a bind the table made on purpose).
TEST(MaskedHostPaths, EachInsideOneEntryAndAboveNone) {
    ASSERT_FALSE(masked_host_paths().empty());
    for (std::string_view masked : masked_host_paths()) {
        bool inside = false;
        for (const HostMount& m : host_table()) {
            inside = inside || path_is_strictly_within(masked, m.path);
            EXPECT_NE(m.path, masked);
            EXPECT_FALSE(path_is_strictly_within(m.path, masked)) << masked << " would cover " << m.path;
        }
        EXPECT_TRUE(inside) << masked << " is under no host table entry";
    }
}

}  // namespace
}  // namespace cordon
