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

// One planning run: the two profiles indexed by target, and the decisions
// made over them (kept current entries, satisfied desired ones), refined
// until no kept mount covers a change.
class Planner {
public:
    Planner(const MountProfile& current, const MountProfile& desired)
        : cur_(current.entries), des_(desired.entries), kept_(cur_.size(), 0), satisfied_(des_.size(), 0),
          covers_a_change_(cur_.size(), 0) {
        index_targets();
    }

    std::vector<ProfileChange> plan() {
        decide_until_no_cover();
        find_replacements();
        return changes();
    }

private:
    using Flags = std::vector<char>;

    void index_targets();
    void decide_until_no_cover();
    void decide_all();
    void decide_target(std::string_view t);
    bool decide_stack(const MountEntry* d, const std::vector<std::size_t>& here, bool drop_synthetic, Flags& keep_here,
                      std::vector<std::size_t>& unkept) const;
    bool excluded(std::size_t i, const std::vector<std::size_t>& unkept) const;
    bool desired_below(std::string_view dir) const;
    bool mark_covers();
    void find_replacements();
    std::optional<std::size_t> replaceable_by(const MountEntry& d) const;
    std::vector<ProfileChange> changes() const;

    const std::vector<MountEntry>& cur_;
    const std::vector<MountEntry>& des_;
    std::map<std::string, std::size_t, std::less<>> desired_at_;
    std::map<std::string, std::vector<std::size_t>, std::less<>> current_at_;  // indices in log order
    std::vector<std::string_view> targets_;                                     // path order

    Flags kept_;
    Flags satisfied_;
    std::vector<std::size_t> unkept_mounts_;    // current mount entries that go (unmounted or replaced)
    std::vector<std::string_view> new_mounts_;  // targets of desired mounts to be mounted
    Flags covers_a_change_;
    std::vector<std::optional<std::size_t>> replaced_by_;
    Flags replacing_;
};

void Planner::index_targets() {
    for (std::size_t j = 0; j < des_.size(); ++j)
        if (!desired_at_.emplace(des_[j].target, j).second)
            throw Error("plan mount profile update", "target " + des_[j].target + " is desired twice");
    for (std::size_t i = 0; i < cur_.size(); ++i) current_at_[cur_[i].target].push_back(i);
    for (const auto& [t, _] : current_at_) targets_.push_back(t);
    for (const auto& [t, _] : desired_at_)
        if (!current_at_.count(t)) targets_.push_back(t);
    std::sort(targets_.begin(), targets_.end(), path_less);
}

// A kept mount made later than an entry that goes, at or above its
// target, covers it (typically a writable mimic built over a directory
// after something below it was mounted, or a parent mounted after its
// child): the entry cannot be reached to undo it, and would show again
// when the cover goes. So the cover goes too, which can make more entries
// go: repeat until nothing changes (each round adds a cover).
void Planner::decide_until_no_cover() {
    do decide_all();
    while (mark_covers());
}

bool Planner::mark_covers() {
    bool more = false;
    for (std::size_t i = 0; i < cur_.size(); ++i) {
        if (kept_[i]) continue;
        for (std::size_t j = i + 1; j < cur_.size(); ++j) {
            if (kept_[j] && cur_[j].is_mount() && path_is_within(cur_[i].target, cur_[j].target)) {
                covers_a_change_[j] = 1;
                more = true;
            }
        }
    }
    return more;
}

// One pass over the targets, parents before children (path order), so
// every decision about an ancestor target is known; entries at one target
// in log order (a stack, later ones on top).
void Planner::decide_all() {
    std::fill(kept_.begin(), kept_.end(), 0);
    std::fill(satisfied_.begin(), satisfied_.end(), 0);
    unkept_mounts_.clear();
    new_mounts_.clear();
    for (std::string_view t : targets_) decide_target(t);
}

void Planner::decide_target(std::string_view t) {
    auto d_it = desired_at_.find(t);
    const MountEntry* d = d_it == desired_at_.end() ? nullptr : &des_[d_it->second];
    static const std::vector<std::size_t> kNone;
    auto c_it = current_at_.find(t);
    const std::vector<std::size_t>& here = c_it == current_at_.end() ? kNone : c_it->second;

    Flags keep_here(here.size(), 0);
    std::vector<std::size_t> unkept = unkept_mounts_;
    bool d_satisfied = decide_stack(d, here, false, keep_here, unkept);
    // A desired entry the namespace lacks takes the place of the synthetic
    // entries at its target: decide again without them.
    bool kept_synthetic = false;
    for (std::size_t k = 0; k < here.size(); ++k)
        kept_synthetic = kept_synthetic || (keep_here[k] && cur_[here[k]].is_synthetic());
    if (d != nullptr && !d_satisfied && kept_synthetic) {
        unkept = unkept_mounts_;
        d_satisfied = decide_stack(d, here, true, keep_here, unkept);
    }
    unkept_mounts_ = std::move(unkept);
    for (std::size_t k = 0; k < here.size(); ++k) kept_[here[k]] = keep_here[k];
    if (d != nullptr) {
        satisfied_[d_it->second] = d_satisfied;
        if (!d_satisfied && d->is_mount()) new_mounts_.push_back(t);
    }
}

// Decides the current entries `here` at one target (desired entry d, or
// none); with drop_synthetic, the synthetic ones go. Returns whether d is
// satisfied by a kept entry.
bool Planner::decide_stack(const MountEntry* d, const std::vector<std::size_t>& here, bool drop_synthetic,
                           Flags& keep_here, std::vector<std::size_t>& unkept) const {
    bool d_satisfied = false;
    for (std::size_t k = 0; k < here.size(); ++k) {
        std::size_t i = here[k];
        const MountEntry& c = cur_[i];
        bool keep = false;
        if (!excluded(i, unkept)) {
            if (!c.is_synthetic()) {
                keep = d != nullptr && !d_satisfied && c.same_as(*d);
                d_satisfied = d_satisfied || keep;
            } else {
                keep = !drop_synthetic && desired_below(c.tmpfs() ? c.target : std::string(parent_of(c.target)));
            }
        }
        keep_here[k] = keep;
        if (!keep && c.is_mount()) unkept.push_back(i);
    }
    return d_satisfied;
}

// Current entry i cannot be kept: it covers a change, lies at or below a
// mount earlier in the log that goes, or strictly below a new mount.
bool Planner::excluded(std::size_t i, const std::vector<std::size_t>& unkept) const {
    const MountEntry& c = cur_[i];
    return covers_a_change_[i] ||
           std::any_of(unkept.begin(), unkept.end(),
                       [&](std::size_t u) { return u < i && path_is_within(c.target, cur_[u].target); }) ||
           std::any_of(new_mounts_.begin(), new_mounts_.end(),
                       [&](std::string_view n) { return path_is_strictly_within(c.target, n); });
}

bool Planner::desired_below(std::string_view dir) const {
    return std::any_of(des_.begin(), des_.end(),
                       [&](const MountEntry& d) { return path_is_strictly_within(d.target, dir); });
}

// Beneath-replacement: a desired mount whose target's whole current
// subtree goes, where the first of it in the log is a mount of the same
// kind at that very target (so it is on top once everything mounted later
// has been unmounted), and no other change lies above it.
void Planner::find_replacements() {
    replaced_by_.assign(cur_.size(), std::nullopt);
    replacing_.assign(des_.size(), 0);
    for (std::size_t j = 0; j < des_.size(); ++j) {
        if (satisfied_[j] || !des_[j].is_mount()) continue;
        if (std::optional<std::size_t> i = replaceable_by(des_[j])) {
            replaced_by_[*i] = j;
            replacing_[j] = 1;
        }
    }
}

std::optional<std::size_t> Planner::replaceable_by(const MountEntry& d) const {
    std::optional<std::size_t> first;
    for (std::size_t i = 0; i < cur_.size(); ++i) {
        if (!path_is_within(cur_[i].target, d.target)) continue;
        if (kept_[i]) return std::nullopt;  // not the whole subtree goes
        if (!first) first = i;
    }
    if (!first) return std::nullopt;
    const MountEntry& c = cur_[*first];
    if (c.target != d.target || !c.is_mount() || c.targets_file() != d.targets_file()) return std::nullopt;
    bool below_change =
        std::any_of(unkept_mounts_.begin(), unkept_mounts_.end(),
                    [&](std::size_t u) { return path_is_strictly_within(d.target, cur_[u].target); }) ||
        std::any_of(new_mounts_.begin(), new_mounts_.end(),
                    [&](std::string_view n) { return path_is_strictly_within(d.target, n); });
    return below_change ? std::nullopt : first;
}

// Keeps in log order; then unmounts and replacements walking the log
// backwards (children before parents); then new mounts, parents first.
std::vector<ProfileChange> Planner::changes() const {
    std::vector<ProfileChange> plan;
    for (std::size_t i = 0; i < cur_.size(); ++i)
        if (kept_[i]) plan.push_back({ProfileChange::Action::kKeep, cur_[i], {}});
    for (std::size_t i = cur_.size(); i-- > 0;) {
        if (kept_[i]) continue;
        if (replaced_by_[i])
            plan.push_back({ProfileChange::Action::kReplace, des_[*replaced_by_[i]], cur_[i]});
        else
            plan.push_back({ProfileChange::Action::kUnmount, cur_[i], {}});
    }
    std::vector<std::size_t> to_mount;
    for (std::size_t j = 0; j < des_.size(); ++j)
        if (!satisfied_[j] && !replacing_[j]) to_mount.push_back(j);
    std::stable_sort(to_mount.begin(), to_mount.end(),
                     [&](std::size_t a, std::size_t b) { return path_less(des_[a].target, des_[b].target); });
    for (std::size_t j : to_mount) plan.push_back({ProfileChange::Action::kMount, des_[j], {}});
    return plan;
}

}  // namespace

std::vector<ProfileChange> plan_profile_update(const MountProfile& current, const MountProfile& desired) {
    return Planner(current, desired).plan();
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
