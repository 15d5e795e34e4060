#include "core/mount_propagation.h"

#include <map>
#include <set>
#include <tuple>

#include "core/abs_path.h"
#include "core/host_table.h"

namespace cordon {

namespace {

// `path` (at or below `dir`) moved from under `dir` to under `base`:
// ("/", "/media", "/") -> "/media"; ("/mnt/x", "/srv/a/b", "/srv/a") -> "/mnt/x/b".
std::string rebase(std::string_view base, std::string_view path, std::string_view dir) {
    std::string_view rest = dir == "/" ? path : path.substr(dir.size());
    if (rest.empty() || rest == "/") return std::string(base);
    return (base == "/" ? std::string() : std::string(base)) + std::string(rest);
}

std::optional<HostTie> tie_through(const MountRecord& inside, const MountRecord& host) {
    if (path_is_within(inside.root, host.root))
        return HostTie{inside.mountpoint, rebase(host.mountpoint, inside.root, host.root)};
    if (path_is_within(host.root, inside.root))
        return HostTie{rebase(inside.mountpoint, host.root, inside.root), host.mountpoint};
    return std::nullopt;  // disjoint parts of one filesystem exchange nothing
}

bool within_any(const std::string& path, std::span<const std::string> dirs) {
    for (const std::string& dir : dirs)
        if (path_is_within(path, dir)) return true;
    return false;
}

std::string list_of(std::span<const std::string> dirs) {
    std::string text;
    for (const std::string& dir : dirs) text += (text.empty() ? "" : ", ") + dir;
    return text;
}

}  // namespace

std::string_view kind_key(PropagationKind kind) {
    switch (kind) {
        case PropagationKind::kSharedWithHost: return "shared-with-host";
        case PropagationKind::kReceivesFromHost: return "receives-from-host";
        case PropagationKind::kShared: return "shared";
        case PropagationKind::kReceives: return "receives";
        case PropagationKind::kUnbindable: return "unbindable";
        case PropagationKind::kPrivate: return "private";
    }
    return "private";
}

std::optional<HostTie> host_tie(const MountRecord& inside, std::uint32_t group, const MountTable& host) {
    for (const MountRecord& h : host) {
        if (h.peer_group != group) continue;
        if (auto tie = tie_through(inside, h)) return tie;
    }
    return std::nullopt;
}

PropagationClass classify_propagation(const MountRecord& inside, const MountTable& host) {
    PropagationClass out;
    if (inside.peer_group) {
        if (auto tie = host_tie(inside, *inside.peer_group, host)) {
            out.kind = PropagationKind::kSharedWithHost;
            out.host = tie->host;
            return out;
        }
    }
    if (inside.master_group) {
        auto tie = host_tie(inside, *inside.master_group, host);
        out.kind = tie ? PropagationKind::kReceivesFromHost : PropagationKind::kReceives;
        if (tie) out.host = tie->host;
        out.shared_too = inside.peer_group.has_value();
        return out;
    }
    if (inside.peer_group)
        out.kind = PropagationKind::kShared;
    else
        out.kind = inside.unbindable ? PropagationKind::kUnbindable : PropagationKind::kPrivate;
    return out;
}

std::string describe_propagation(const PropagationClass& p) {
    std::string text;
    switch (p.kind) {
        case PropagationKind::kSharedWithHost: text = "shared with host " + p.host; break;
        case PropagationKind::kReceivesFromHost: text = "receives from host " + p.host; break;
        case PropagationKind::kShared: text = "shared (namespace only)"; break;
        case PropagationKind::kReceives: text = "receives (not from the host)"; break;
        case PropagationKind::kUnbindable: text = "unbindable"; break;
        case PropagationKind::kPrivate: text = "private"; break;
    }
    if (p.shared_too) text += ", shared (namespace only)";
    return text;
}

std::vector<std::string> bidirectional_dirs() {
    std::vector<std::string> dirs;
    for (const HostMount& m : host_table())
        if (m.propagation == Propagation::kShared) dirs.emplace_back(m.path);
    return dirs;
}

std::vector<Leak> find_leaks(const MountTable& inside, const MountTable& host,
                             std::span<const std::string> bidirectional) {
    std::vector<Leak> leaks;
    std::set<std::tuple<LeakSide, std::string, std::string>> seen;
    auto add = [&](LeakSide side, const HostTie& tie, std::uint32_t group, std::string why) {
        if (!seen.emplace(side, tie.inside, tie.host).second) return;
        leaks.push_back(Leak{side, tie.inside, tie.host, group, std::move(why)});
    };
    const std::string allowed = list_of(bidirectional);
    for (const MountRecord& m : inside) {
        if (!m.peer_group) continue;
        for (const MountRecord& h : host) {
            if (h.peer_group != m.peer_group) continue;
            auto tie = tie_through(m, h);
            if (!tie) continue;
            if (!within_any(tie->inside, bidirectional))
                add(LeakSide::kNamespace, *tie, *m.peer_group,
                    tie->inside + " inside is a peer of the host's " + tie->host + " outside " + allowed +
                        ": mounts and unmounts under it inside reach the host");
            if (!within_any(tie->host, bidirectional))
                add(LeakSide::kHost, *tie, *m.peer_group,
                    "the host's " + tie->host + " is a peer of " + tie->inside + " inside, outside " + allowed +
                        ": mounts and unmounts under it on the host reach the app, and the app's reach it");
        }
    }
    return leaks;
}

std::size_t mount_budget(std::size_t host_mounts, std::size_t profile_mounts) {
    return host_mounts + host_table().size() + profile_mounts + 10;
}

std::vector<TreeRow> mount_tree(const MountTable& table) {
    std::map<std::uint32_t, std::size_t> index_of;
    for (std::size_t i = 0; i < table.size(); ++i) index_of.emplace(table[i].id, i);
    std::map<std::size_t, std::vector<std::size_t>> children;  // parent index -> children
    std::vector<std::size_t> tops;
    for (std::size_t i = 0; i < table.size(); ++i) {
        auto parent = index_of.find(table[i].parent);
        if (parent == index_of.end() || parent->second == i)
            tops.push_back(i);
        else
            children[parent->second].push_back(i);
    }
    std::vector<TreeRow> rows;
    std::vector<bool> placed(table.size(), false);
    // Depth first, iteratively: a deep table must not exhaust the stack.
    std::vector<TreeRow> stack;
    auto visit_from = [&](std::size_t top) {
        stack.push_back({top, 0});
        while (!stack.empty()) {
            TreeRow row = stack.back();
            stack.pop_back();
            if (placed[row.index]) continue;
            placed[row.index] = true;
            rows.push_back(row);
            auto kids = children.find(row.index);
            if (kids == children.end()) continue;
            for (auto it = kids->second.rbegin(); it != kids->second.rend(); ++it)
                stack.push_back({*it, row.depth + 1});
        }
    };
    for (std::size_t top : tops) visit_from(top);
    for (std::size_t i = 0; i < table.size(); ++i)
        if (!placed[i]) visit_from(i);
    return rows;
}

}  // namespace cordon
