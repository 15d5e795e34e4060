// cordonctl ns ps APP [--json]: the processes inside APP's persisted
// namespace, found by the scan the launcher uses to tell whether a
// namespace is in use (os/nsfs: every task is looked at).
#include <sys/stat.h>

#include <cstdio>

#include "app/app_loader.h"
#include "app/ns_store.h"
#include "core/app_files.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ns_overview.h"
#include "ctl/ns_inspect.h"
#include "ctl/ns_views.h"
#include "ctl/output.h"
#include "os/nsfs.h"
#include "os/proc_info.h"
#include "os/secure_fs.h"

namespace cordon::ctl {

bool fits_ns_ps(const Operands& operands) { return takes_app(take_json_flag(operands).operands); }

int ns_ps(const Operands& operands) {
    OutputRequest request = take_json_flag(operands);
    const std::string& app = request.operands[0];
    validate_name("app", app);
    NsStore store = NsStore::open(NsStore::Setup::kNone);
    UniqueFd ns = store.open_namespace(app);
    // As ns discard: a namespace outliving its APP.conf is still shown.
    if (!ns && !app_is_configured(app))
        throw Error("list the processes of " + app,
                    "no such app: there is no " + app_files::config(app).path() + " and no persisted namespace");
    std::optional<std::string> label;
    std::vector<ProcessRow> rows;
    if (ns) {
        struct stat st = stat_fd(ns.get(), app_files::ns(app).path());
        label = ns_label(st.st_ino);
        for (pid_t pid : mount_ns_members(st.st_dev, st.st_ino)) {
            std::optional<ProcessFacts> p = read_process(pid);
            if (!p) continue;  // exited since the scan
            rows.push_back({pid, p->uid, p->uid ? user_name(*p->uid) : "?", command_from_proc(p->cmdline, p->comm)});
        }
    }
    if (request.json) {
        print_json(ns_ps_json(app, label, rows));
    } else if (!label) {
        std::printf("%s: no persisted namespace\n", app.c_str());
    } else {
        std::fputs(ns_ps_table(rows).c_str(), stdout);
    }
    return 0;
}

}  // namespace cordon::ctl
