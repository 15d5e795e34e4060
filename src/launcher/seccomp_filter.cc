#include "launcher/seccomp_filter.h"

#include <string_view>

#include "app/seccomp_files.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/paths.h"
#include "os/root_helper.h"
#include "os/unique_fd.h"
#include "seccomp/template_text.h"

namespace cordon {

namespace {

constexpr std::string_view kHelperName = "cordon-seccomp-compile";

SeccompSourceFacts source_facts(const std::string& app) {
    SeccompPolicyFile file = read_seccomp_policy_file(app);
    SeccompSourceFacts facts;
    facts.template_digest = kDefaultTemplateDigest;
    if (file.text) {
        facts.digest = policy_digest(*file.text);
        facts.mtime = file.mtime;
    } else {
        facts.digest = kDefaultTemplateDigest;  // the source is the template
    }
    return facts;
}

// The helper's error line "cordon-seccomp-compile: cannot ACTION: REASON"
// as the launcher's own Error: the text after "cannot " is kept whole
// (format_error joins the two parts with the same ": " it is split at).
std::optional<Error> helper_error(const std::string& output) {
    const std::string prefix = std::string(kHelperName) + ": cannot ";
    std::optional<Error> found;
    std::size_t pos = 0;
    while (pos < output.size()) {
        std::size_t end = output.find('\n', pos);
        if (end == std::string::npos) end = output.size();
        std::string_view line(output.data() + pos, end - pos);
        if (line.starts_with(prefix)) {
            std::string_view rest = line.substr(prefix.size());
            std::size_t colon = rest.find(": ");
            if (colon != std::string_view::npos)
                found = Error(std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 2)));
        } else if (!line.empty()) {
            if (line.starts_with("cordon: debug: ")) line.remove_prefix(15);
            debug("%.*s: %.*s", static_cast<int>(kHelperName.size()), kHelperName.data(),
                  static_cast<int>(line.size()), line.data());
        }
        pos = end + 1;
    }
    return found;
}

std::string last_line(std::string_view text) {
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    std::size_t nl = text.rfind('\n');
    return std::string(nl == std::string_view::npos ? text : text.substr(nl + 1));
}

// Runs cordon-seccomp-compile APP; throws its error unless it succeeded.
void compile_with_helper(const std::string& app) {
    UniqueFd helper = open_root_helper(paths::kSeccompCompileHelper);
    // No capability: it reads root's files and writes below the root-owned
    // /var/lib/cordon/seccomp, which uid 0 may do as their owner.
    RootHelperResult r = run_root_helper(
        {.helper = helper.get(), .argv = {std::string(kHelperName), app}, .caps = HelperCapabilities::kNone});
    // It prints nothing on stdout: its error and debug lines are on stderr.
    std::optional<Error> error = helper_error(r.err);
    if (r.succeeded()) return;
    if (error) throw *error;
    // No error line: it died (a signal) or could not start; the last thing
    // it printed says why, if anything.
    std::string said = last_line(r.err);
    throw Error("compile the seccomp filter of " + app,
                std::string(kHelperName) + " failed (" + r.how_it_ended() + ")" + (said.empty() ? "" : ": " + said));
}

}  // namespace

SeccompBlob load_current_seccomp(const std::string& app) {
    SeccompSourceFacts source = source_facts(app);
    std::optional<StoredSeccompBlob> stored = read_stored_seccomp_blob(app);
    std::string path = app_files::seccomp_filter(app).path();
    if (stored) {
        std::optional<std::string> stale = seccomp_blob_staleness(stored->blob, stored->mtime, source);
        if (!stale) return std::move(stored->blob);
        debug("seccomp filter %s is out of date (%s): compiling it again", path.c_str(), stale->c_str());
    } else {
        debug("no seccomp filter %s yet: compiling it", path.c_str());
    }
    compile_with_helper(app);

    // Read back and checked against the source as it is now. Its time is
    // not compared: the filter was just written, and a source dated in the
    // future must not fail every launch.
    source = source_facts(app);
    source.mtime = {};
    stored = read_stored_seccomp_blob(app);
    if (!stored) throw Error("load seccomp filter " + path, std::string(kHelperName) + " did not write it");
    if (std::optional<std::string> stale = seccomp_blob_staleness(stored->blob, stored->mtime, source))
        throw Error("load seccomp filter " + path, "still out of date after compiling it (" + *stale + "); was " +
                                                       app_files::seccomp_source(app).path() +
                                                       " edited meanwhile? Try again");
    return std::move(stored->blob);
}

}  // namespace cordon
