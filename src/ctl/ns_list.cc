// cordonctl ns list [--all] [--json]: each persisted namespace with what
// the next launch would do with it (join it, or rebuild it and why), the
// processes inside and its age.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <utility>

#include "app/app_loader.h"
#include "app/ns_store.h"
#include "core/app_files.h"
#include "core/ns_overview.h"
#include "ctl/ns_inspect.h"
#include "ctl/ns_views.h"
#include "ctl/output.h"
#include "os/nsfs.h"
#include "os/secure_fs.h"

namespace cordon::ctl {

namespace {

using NsKey = std::pair<dev_t, ino_t>;

// Processes per namespace, from one scan of /proc for every app.
std::map<NsKey, std::size_t> processes_per_namespace() {
    std::map<NsKey, std::size_t> counts;
    scan_mount_ns_members([&](pid_t, dev_t dev, ino_t ino) {
        ++counts[{dev, ino}];
        return true;
    });
    return counts;
}

// What APP.conf asks for now, as the launcher computes it (load_app).
void fill_wanted(NsListFacts& facts) {
    facts.configured = app_is_configured(facts.app);
    if (!facts.configured) return;
    try {
        facts.wanted = load_app(facts.app).identity;
    } catch (const Error& e) {
        facts.load_problem = "cannot " + e.action() + ": " + e.reason();
    }
}

// The age is APP.info's: it is written once, when the namespace is
// persisted (the nsfs file's own times are not the namespace's).
std::optional<std::int64_t> age_of(const NsStore& store, const std::string& app) {
    struct stat st;
    if (fstatat(store.ns_dir(), app_files::ns_record(app).name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
    return static_cast<std::int64_t>(std::time(nullptr)) - static_cast<std::int64_t>(st.st_mtime);
}

NsListFacts facts_of(const NsStore& store, const std::string& app, const std::map<NsKey, std::size_t>& counts) {
    NsListFacts facts;
    facts.app = app;
    UniqueFd ns = store.open_namespace(app);
    if (!ns) return facts;  // ns list --all: configured, never launched
    struct stat st = stat_fd(ns.get(), app_files::ns(app).path());
    facts.ns = ns_label(st.st_ino);
    facts.recorded = store.read_identity(app);
    fill_wanted(facts);
    auto count = counts.find({st.st_dev, st.st_ino});
    facts.processes = count == counts.end() ? 0 : count->second;
    facts.age_seconds = age_of(store, app);
    return facts;
}

}  // namespace

bool fits_ns_list(const Operands& operands) {
    Operands rest = take_json_flag(operands).operands;
    return rest.empty() || rest == Operands{"--all"};
}

std::vector<NsListRow> ns_list_rows(bool all) {
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    std::set<std::string> apps;
    for (const std::string& app : store.list()) apps.insert(app);
    if (all)
        for (const std::string& app : configured_apps()) apps.insert(app);
    std::map<NsKey, std::size_t> counts = processes_per_namespace();
    std::vector<NsListRow> rows;
    for (const std::string& app : apps) rows.push_back(ns_list_row(facts_of(store, app, counts)));
    return rows;
}

int ns_list(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    std::vector<NsListRow> rows = ns_list_rows(!request.operands.empty());
    if (request.json)
        print_json(ns_list_json(rows));
    else
        std::fputs(ns_list_table(rows, stdout_wants_colour()).c_str(), stdout);
    return 0;
}

}  // namespace cordon::ctl
