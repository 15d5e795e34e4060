#include "core/mount_plan.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/abs_path.h"

namespace cordon {

namespace {

// Byte order with '/' before every other byte: "/a" < "/a/b" < "/a/z" <
// "/a-b", so a directory's subtree directly follows it.
bool path_less(std::string_view a, std::string_view b) {
    auto key = [](char c) { return c == '/' ? 0u : static_cast<unsigned>(static_cast<unsigned char>(c)) + 1u; };
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [&](char x, char y) { return key(x) < key(y); });
}

}  // namespace

std::vector<ProfileChange> plan_profile_update(const MountProfile& current, const MountProfile& desired) {
    const std::vector<MountEntry>& cur = current.entries;
    const std::vector<MountEntry>& des = desired.entries;

    std::map<std::string, std::size_t, std::less<>> desired_at;
    for (std::size_t j = 0; j < des.size(); ++j)
        if (!desired_at.emplace(des[j].target, j).second)
            throw Error("plan mount profile update", "target " + des[j].target + " is desired twice");

    std::map<std::string, std::vector<std::size_t>, std::less<>> current_at;  // indices in log order
    for (std::size_t i = 0; i < cur.size(); ++i) current_at[cur[i].target].push_back(i);

    std::vector<std::string_view> targets;
    for (const auto& [t, _] : current_at) targets.push_back(t);
    for (const auto& [t, _] : desired_at)
        if (!current_at.count(t)) targets.push_back(t);
    std::sort(targets.begin(), targets.end(), path_less);

    auto desired_below = [&](std::string_view dir) {
        return std::any_of(des.begin(), des.end(),
                           [&](const MountEntry& d) { return path_is_strictly_within(d.target, dir); });
    };

    std::vector<char> kept(cur.size(), 0);
    std::vector<char> satisfied(des.size(), 0);
    std::vector<std::size_t> unkept_mounts;    // current mount entries that go (unmounted or replaced)
    std::vector<std::string_view> new_mounts;  // targets of desired mounts to be mounted
    std::vector<char> covers_a_change(cur.size(), 0);

    // One pass over the targets, parents before children (path order), so
    // every decision about an ancestor target is known; entries at one
    // target in log order (a stack, later ones on top).
    auto decide_all = [&] {
        std::fill(kept.begin(), kept.end(), 0);
        std::fill(satisfied.begin(), satisfied.end(), 0);
        unkept_mounts.clear();
        new_mounts.clear();
        for (std::string_view t : targets) {
            auto d_it = desired_at.find(t);
            const MountEntry* d = d_it == desired_at.end() ? nullptr : &des[d_it->second];
            static const std::vector<std::size_t> kNone;
            auto c_it = current_at.find(t);
            const std::vector<std::size_t>& here = c_it == current_at.end() ? kNone : c_it->second;

            // Decides the entries at t; with drop_synthetic, the synthetic
            // ones go (a desired entry the namespace lacks takes their place).
            auto decide = [&](bool drop_synthetic, std::vector<char>& keep_here, std::vector<std::size_t>& unkept) {
                bool d_satisfied = false;
                for (std::size_t k = 0; k < here.size(); ++k) {
                    std::size_t i = here[k];
                    const MountEntry& c = cur[i];
                    bool excluded =
                        covers_a_change[i] ||
                        std::any_of(unkept.begin(), unkept.end(),
                                    [&](std::size_t u) { return u < i && path_is_within(c.target, cur[u].target); }) ||
                        std::any_of(new_mounts.begin(), new_mounts.end(),
                                    [&](std::string_view n) { return path_is_strictly_within(c.target, n); });
                    bool keep = false;
                    if (!excluded) {
                        if (!c.is_synthetic()) {
                            keep = d != nullptr && !d_satisfied && c.same_as(*d);
                            d_satisfied = d_satisfied || keep;
                        } else {
                            keep = !drop_synthetic && desired_below(c.tmpfs() ? c.target : parent_of(c.target));
                        }
                    }
                    keep_here[k] = keep;
                    if (!keep && c.is_mount()) unkept.push_back(i);
                }
                return d_satisfied;
            };

            std::vector<char> keep_here(here.size(), 0);
            std::vector<std::size_t> unkept = unkept_mounts;
            bool d_satisfied = decide(false, keep_here, unkept);
            if (d != nullptr && !d_satisfied) {
                bool kept_synthetic = false;
                for (std::size_t k = 0; k < here.size(); ++k)
                    kept_synthetic = kept_synthetic || (keep_here[k] && cur[here[k]].is_synthetic());
                if (kept_synthetic) {
                    unkept = unkept_mounts;
                    d_satisfied = decide(true, keep_here, unkept);
                }
            }
            unkept_mounts = std::move(unkept);
            for (std::size_t k = 0; k < here.size(); ++k) kept[here[k]] = keep_here[k];
            if (d != nullptr) {
                satisfied[d_it->second] = d_satisfied;
                if (!d_satisfied && d->is_mount()) new_mounts.push_back(t);
            }
        }
    };

    // A kept mount made later than an entry that goes, at or above its
    // target, covers it (typically a writable mimic built over a directory
    // after something below it was mounted, or a parent mounted after its
    // child): the entry cannot be reached to undo it, and would show again
    // when the cover goes. So the cover goes too, which can make more
    // entries go: repeat until nothing changes (each round adds a cover).
    for (;;) {
        decide_all();
        bool more = false;
        for (std::size_t i = 0; i < cur.size(); ++i) {
            if (kept[i]) continue;
            for (std::size_t j = i + 1; j < cur.size(); ++j) {
                if (kept[j] && cur[j].is_mount() && path_is_within(cur[i].target, cur[j].target)) {
                    covers_a_change[j] = 1;
                    more = true;
                }
            }
        }
        if (!more) break;
    }

    // Beneath-replacement: a desired mount whose target's whole current
    // subtree goes, where the first of it in the log is a mount of the same
    // kind at that very target (so it is on top once everything mounted
    // later has been unmounted), and no other change lies above it.
    std::vector<std::optional<std::size_t>> replaced_by(cur.size());
    std::vector<char> replacing(des.size(), 0);
    for (std::size_t j = 0; j < des.size(); ++j) {
        const MountEntry& d = des[j];
        if (satisfied[j] || !d.is_mount()) continue;
        std::optional<std::size_t> first;
        bool subtree_goes = true;
        for (std::size_t i = 0; i < cur.size(); ++i) {
            if (!path_is_within(cur[i].target, d.target)) continue;
            if (!first) first = i;
            subtree_goes = subtree_goes && !kept[i];
        }
        if (!first || !subtree_goes) continue;
        const MountEntry& c = cur[*first];
        if (c.target != d.target || !c.is_mount() || c.targets_file() != d.targets_file()) continue;
        bool below_change =
            std::any_of(unkept_mounts.begin(), unkept_mounts.end(),
                        [&](std::size_t u) { return path_is_strictly_within(d.target, cur[u].target); }) ||
            std::any_of(new_mounts.begin(), new_mounts.end(),
                        [&](std::string_view n) { return path_is_strictly_within(d.target, n); });
        if (below_change) continue;
        replaced_by[*first] = j;
        replacing[j] = 1;
    }

    std::vector<ProfileChange> plan;
    for (std::size_t i = 0; i < cur.size(); ++i)
        if (kept[i]) plan.push_back({ProfileChange::Action::kKeep, cur[i], {}});
    for (std::size_t i = cur.size(); i-- > 0;) {
        if (kept[i]) continue;
        if (replaced_by[i])
            plan.push_back({ProfileChange::Action::kReplace, des[*replaced_by[i]], cur[i]});
        else
            plan.push_back({ProfileChange::Action::kUnmount, cur[i], {}});
    }
    std::vector<std::size_t> to_mount;
    for (std::size_t j = 0; j < des.size(); ++j)
        if (!satisfied[j] && !replacing[j]) to_mount.push_back(j);
    std::stable_sort(to_mount.begin(), to_mount.end(),
                     [&](std::size_t a, std::size_t b) { return path_less(des[a].target, des[b].target); });
    for (std::size_t j : to_mount) plan.push_back({ProfileChange::Action::kMount, des[j], {}});
    return plan;
}

std::string describe_change(const ProfileChange& change) {
    switch (change.action) {
        case ProfileChange::Action::kKeep: return "keep " + change.entry.target;
        case ProfileChange::Action::kUnmount: return "unmount " + change.entry.target;
        case ProfileChange::Action::kReplace: return "replace " + change.entry.target;
        case ProfileChange::Action::kMount: return "mount " + change.entry.target;
    }
    return "?";
}

std::string describe_entry(const MountEntry& e) {
    if (e.is_synthetic()) return "the writable mimic at " + e.target;
    if (const Mounted* m = e.mounted()) return m->source() + " on " + e.target;
    if (const Symlink* s = e.symlink()) return "symlink " + e.target + " -> " + s->dest;
    return "directory " + e.target;
}

Error change_failure(const ProfileChange& change, const std::string& desired_file, const Error& cause) {
    const MountEntry& e = change.entry;
    std::string entry;
    switch (change.action) {
        case ProfileChange::Action::kMount:
        case ProfileChange::Action::kReplace:
            entry = desired_file + ":" + std::to_string(e.line) + " (" + describe_entry(e) + ")";
            break;
        case ProfileChange::Action::kUnmount:
        case ProfileChange::Action::kKeep:  // keeping does nothing that can fail
            entry = desired_file + " (remove " + describe_entry(e) +
                    (e.is_synthetic() ? ", no longer needed)" : ", no longer in it)");
            break;
    }
    return Error("apply " + entry, cause.what());
}

}  // namespace cordon
