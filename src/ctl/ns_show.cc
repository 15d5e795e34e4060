// cordonctl ns show: reads APP's namespace without entering it
// (os/ns_mountinfo), and the host's mount table in this process's
// namespace, pid 1's (Scope::kInit), where the namespaces are persisted:
// "the host" is that namespace.
#include "ctl/ns_show.h"

#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app/mount_profile_io.h"
#include "app/ns_tag.h"
#include "app/ns_store.h"
#include "core/app_files.h"
#include "core/error.h"
#include "core/host_table.h"
#include "core/mount_profile_marks.h"
#include "core/mount_propagation.h"
#include "core/mountinfo.h"
#include "core/names.h"
#include "ctl/output.h"
#include "os/nsfs.h"
#include "os/ns_mountinfo.h"
#include "os/secure_fs.h"

namespace cordon::ctl {
namespace {

struct Report {
    std::string app;
    std::string ns;  // "mnt:[INODE]"
    MountTable inside;
    std::vector<TreeRow> tree;
    std::vector<PropagationClass> propagation;  // by table index
    std::map<std::size_t, unsigned> profile_lines;
    std::vector<Leak> leaks;
    std::size_t host_mounts = 0;
    std::size_t profile_mounts = 0;
    std::size_t budget = 0;

    bool over_budget() const { return inside.size() > budget; }
    bool alarming() const { return !leaks.empty() || over_budget(); }
};

struct Snapshot {
    std::string ns;
    std::string inside, host;  // mountinfo text
    MountProfile profile;
};

// Both tables and the log under the app's lock: cordon-update-ns changes
// the namespace and its log under it, so the marks match the mounts.
Snapshot take_snapshot(const std::string& app) {
    const std::string action = "show the namespace of " + app;
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    // Checked before the lock, whose file a typo must not leave behind.
    if (!store.open_namespace(app))
        throw Error(action, "it has no persisted namespace (no " + app_files::ns(app).path() + "): launch it first");
    FileLock lock = store.lock_app(app);
    UniqueFd ns = store.open_namespace(app);
    if (!ns) throw Error(action, "its namespace was discarded meanwhile");
    Snapshot s;
    s.ns = ns_label(stat_fd(ns.get(), app_files::ns(app).path()).st_ino);
    s.inside = mountinfo_of_namespace(ns.get(), "the namespace of " + app);
    s.host = own_mountinfo();
    // The log is trusted only as the log of this very namespace (app/ns_tag);
    // without a tag (a record of an older cordon, a kernel without ids)
    // nothing is marked.
    if (auto tag = store.persisted_tag(app, ns.get())) {
        declare_namespace_tag(ns.get(), *tag);
        s.profile = read_current_profile(store.ns_dir(), app, ns.get());
    }
    return s;
}

Report make_report(const std::string& app, const Snapshot& s) {
    Report r;
    r.app = app;
    r.ns = s.ns;
    r.inside = parse_mountinfo(s.inside, "parse the mount table of the namespace of " + app);
    MountTable host = parse_mountinfo(s.host, "parse the host's mount table");
    r.tree = mount_tree(r.inside);
    for (const MountRecord& m : r.inside) r.propagation.push_back(classify_propagation(m, host));
    r.profile_lines = profile_lines_by_mount(r.inside, s.profile);
    r.leaks = find_leaks(r.inside, host, bidirectional_dirs());
    r.host_mounts = host.size();
    r.profile_mounts = profile_mount_count(s.profile);
    r.budget = mount_budget(r.host_mounts, r.profile_mounts);
    return r;
}

Json optional_number(const std::optional<std::uint32_t>& n) { return n ? Json(*n) : Json(nullptr); }

Json mount_json(const Report& r, const TreeRow& row) {
    const MountRecord& m = r.inside[row.index];
    const PropagationClass& p = r.propagation[row.index];
    auto line = r.profile_lines.find(row.index);
    Json propagation = {{"kind", kind_key(p.kind)},
                        {"host", p.host.empty() ? Json(nullptr) : Json(p.host)},
                        {"peer_group", optional_number(m.peer_group)},
                        {"master_group", optional_number(m.master_group)},
                        {"unbindable", m.unbindable},
                        {"text", describe_propagation(p)}};
    return {{"id", m.id},
            {"parent", m.parent},
            {"depth", row.depth},
            {"mountpoint", m.mountpoint},
            {"source", m.source},
            {"root", m.root},
            {"fstype", m.fstype},
            {"options", m.options},
            {"propagation", propagation},
            {"profile_line", line == r.profile_lines.end() ? Json(nullptr) : Json(line->second)}};
}

std::string_view side_key(LeakSide side) { return side == LeakSide::kHost ? "host" : "namespace"; }

Json report_json(const Report& r) {
    Json mounts = Json::array();
    for (const TreeRow& row : r.tree) mounts.push_back(mount_json(r, row));
    Json leaks = Json::array();
    for (const Leak& l : r.leaks)
        leaks.push_back({{"side", side_key(l.side)},
                         {"mountpoint", l.mountpoint},
                         {"host_peer", l.host_peer},
                         {"peer_group", l.peer_group},
                         {"why", l.why}});
    return {{"app", r.app},
            {"namespace", r.ns},
            {"mounts", mounts},
            {"mount_count", r.inside.size()},
            {"host_mount_count", r.host_mounts},
            {"profile_mount_count", r.profile_mounts},
            {"budget", r.budget},
            {"over_budget", r.over_budget()},
            {"leaks", leaks}};
}

Tone tone_of(PropagationKind kind) {
    switch (kind) {
        case PropagationKind::kSharedWithHost: return Tone::kWarn;  // allowed only where the table says
        case PropagationKind::kReceivesFromHost: return Tone::kGood;
        default: return Tone::kDim;
    }
}

// findmnt's SOURCE: the device, and the root within it when not "/".
std::string source_column(const MountRecord& m) {
    return m.root == "/" ? m.source : m.source + "[" + m.root + "]";
}

std::string mounts_text(const Report& r, bool colour) {
    std::vector<std::vector<std::string>> rows = {
        {"TARGET", "SOURCE", "FSTYPE", "OPTIONS", "PROPAGATION", "PROFILE"}};
    for (const TreeRow& row : r.tree) {
        const MountRecord& m = r.inside[row.index];
        const PropagationClass& p = r.propagation[row.index];
        auto line = r.profile_lines.find(row.index);
        rows.push_back({std::string(2 * row.depth, ' ') + m.mountpoint, source_column(m), m.fstype, m.options,
                        paint(describe_propagation(p), tone_of(p.kind), colour),
                        line == r.profile_lines.end() ? "" : "line " + std::to_string(line->second)});
    }
    // The last column is mostly empty: no padding left at the ends of lines.
    std::string text = align_columns(rows), out;
    for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
        end = text.find('\n', start);
        std::string_view line(text.data() + start, end - start);
        out.append(line.substr(0, line.find_last_not_of(' ') + 1)).append("\n");
    }
    return out;
}

std::string summary_text(const Report& r, bool colour) {
    std::string text = "mounts: " + std::to_string(r.inside.size()) + " of a budget of " +
                       std::to_string(r.budget) + " (host " + std::to_string(r.host_mounts) + " + " +
                       std::to_string(host_table().size()) + " table + " +
                       std::to_string(r.profile_mounts) + " profile + 10)";
    text = paint(text, r.over_budget() ? Tone::kBad : Tone::kPlain, colour) + "\n";
    if (r.over_budget())
        text += paint("warning: more mounts than the budget: host mounts may be multiplying in the namespace",
                      Tone::kBad, colour) + "\n";
    for (const Leak& l : r.leaks) text += paint("leak: " + l.why, Tone::kBad, colour) + "\n";
    if (r.leaks.empty()) text += paint("no leak", Tone::kGood, colour) + "\n";
    return text;
}

}  // namespace

bool fits_ns_show(const Operands& operands) { return takes_app(take_json_flag(operands).operands); }

int ns_show(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    const std::string& app = request.operands[0];
    validate_name("app", app);
    Report r = make_report(app, take_snapshot(app));
    if (request.json) {
        print_json(report_json(r));
    } else {
        bool colour = stdout_wants_colour();
        std::printf("%s %s (profile lines: %s)\n\n", app.c_str(), r.ns.c_str(),
                    app_files::current_profile(app).path().c_str());
        std::fputs(mounts_text(r, colour).c_str(), stdout);
        std::fputs(("\n" + summary_text(r, colour)).c_str(), stdout);
    }
    return r.alarming() ? 1 : 0;
}

}  // namespace cordon::ctl
