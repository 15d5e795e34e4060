#include "app/update_ns_helper.h"

#include <unistd.h>

#include <optional>
#include <string_view>
#include <vector>

#include "core/debug.h"
#include "core/entry_failure_record.h"
#include "core/error.h"
#include "core/paths.h"

namespace cordon {

UniqueFd open_update_ns_helper() { return open_root_helper(paths::kUpdateNsHelper); }

RootHelperResult run_update_ns(const UpdateNsRequest& r) {
    debug("running cordon-update-ns for %s", r.app.c_str());
    RootHelperRequest helper;
    helper.helper = r.helper;
    helper.caps = HelperCapabilities::kAll;
    // Exec'd from the host's namespace: its dynamic loader and libraries
    // are the host's (an app's base need not have any).
    helper.mount_ns = r.host_ns;
    helper.inherited_fds = {r.host_ns, r.app_ns, r.lock_fd};
    helper.argv = {"cordon-update-ns"};
    if (r.quiet) helper.argv.push_back("--quiet");
    std::vector<std::string> rest = {"--host-ns-fd", std::to_string(inherited_fd(0)),
                                     "--app-ns-fd",  std::to_string(inherited_fd(1)),
                                     "--lock-fd",    std::to_string(inherited_fd(2)),
                                     "--parent-pid", std::to_string(getpid()),
                                     "--ns-tag",     r.ns_tag,
                                     r.app};
    helper.argv.insert(helper.argv.end(), rest.begin(), rest.end());
    return run_root_helper(helper);
}

void apply_mount_profile_with_helper(const UpdateNsRequest& request) {
    RootHelperResult r = run_update_ns(request);
    static const std::string_view kDebugPrefix = "cordon: debug: ";
    std::string debug_lines;
    std::vector<std::string_view> error_lines;
    std::string_view rest = r.err;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        if (line.substr(0, kDebugPrefix.size()) == kDebugPrefix)
            debug_lines.append(line).append("\n");
        else if (!line.empty())
            error_lines.push_back(line);
    }
    debug_forward(debug_lines);
    if (r.succeeded()) return;
    if (auto failure = read_entry_failure_record(r.out)) throw ProfileEntryFailed(*failure);
    std::string errors;
    for (std::string_view line : error_lines) errors.append(errors.empty() ? "" : "; ").append(line);
    throw Error("apply the mount profile of " + request.app,
                errors.empty() ? "cordon-update-ns failed (" + r.how_it_ended() + ")" : errors);
}

}  // namespace cordon
