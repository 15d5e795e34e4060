#include "core/app_lint.h"

#include <algorithm>

#include "core/apparmor_profile.h"
#include "core/fs_trust.h"

namespace cordon {

namespace {

Finding bad(std::string_view what, std::string detail, std::string fix) {
    return Finding{std::string(what), Verdict::kBad, std::move(detail), std::move(fix)};
}

// "parse FILE:LINE" -> "FILE:LINE": an Error's action without its verb.
std::string_view object_of(std::string_view action) {
    std::size_t space = action.find(' ');
    return space == std::string_view::npos ? action : action.substr(space + 1);
}

// "mkdir /b/run", "mkdir -p /b/var/tmp": what makes the directory when its
// parent may be missing too.
std::string mkdir_command(const std::string& base_dir, std::string_view path) {
    bool nested = path.find('/', 1) != std::string_view::npos;
    return std::string(nested ? "mkdir -p " : "mkdir ") + base_dir + std::string(path);
}

}  // namespace

std::size_t problem_count(std::span<const Finding> findings) {
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.verdict == Verdict::kBad; }));
}

int app_check_exit_status(std::span<const Finding> findings) { return problem_count(findings) ? 1 : 0; }

Finding untrusted_finding(std::string_view what, const UntrustedFacts& facts) {
    std::string why = untrusted_reason(facts.owner, facts.mode).value_or("not trusted");
    return bad(what, facts.path + " is " + why + ": cordon refuses it",
               untrusted_fix(facts.path, facts.owner, facts.mode));
}

Finding failed_finding(std::string_view what, const Error& error, std::string fix) {
    return bad(what, "cannot " + error.action() + ": " + error.reason(), std::move(fix));
}

Finding line_finding(std::string_view what, const Error& error, std::string_view see_also) {
    std::string where(object_of(error.action()));
    return bad(what, where + ": " + error.reason(), "edit " + where + " (" + std::string(see_also) + ")");
}

std::vector<Finding> config_findings(const std::string& path, std::span<const Error> problems) {
    std::vector<Finding> findings;
    for (const Error& e : problems) {
        if (object_of(e.action()) == path)  // about the file, not a line: the missing base key
            findings.push_back(bad("config", path + ": " + e.reason(), "add a line \"base = BASE\" to " + path));
        else
            findings.push_back(line_finding("config", e, "cordon.conf(5)"));
    }
    if (findings.empty()) findings.push_back({"config", Verdict::kOk, path + ": parsed", ""});
    return findings;
}

Finding base_finding(const std::string& path) { return {"base", Verdict::kOk, path + ": root's directory", ""}; }

Finding base_failed_finding(const std::string& path, const std::string& where, const Error& error) {
    return failed_finding(
        "base", error,
        "make the base " + path + " (docs/bases.md; demo/make-base makes a busybox one) or fix " + where);
}

std::optional<Finding> mount_point_finding(const std::string& base_dir, const MountPointFacts& facts) {
    std::string what = "mount point " + std::string(facts.point.path);
    std::string dir = base_dir + std::string(facts.point.path);
    if (facts.problem) return bad(what, dir + ": " + *facts.problem, "make " + dir + " a directory");
    if (facts.present) return std::nullopt;
    if (facts.point.needed)
        return bad(what, "the base has no " + std::string(facts.point.path) + ": launches fail",
                   mkdir_command(base_dir, facts.point.path));
    if (!facts.on_host) return std::nullopt;
    return Finding{what, Verdict::kNote,
                   "the base has no " + std::string(facts.point.path) + ": the app does not see the host's",
                   mkdir_command(base_dir, facts.point.path)};
}

std::vector<Finding> mount_point_findings(const std::string& base_dir, std::span<const MountPointFacts> facts) {
    std::vector<Finding> findings;
    std::size_t needed = 0;
    for (const MountPointFacts& f : facts) {
        if (f.point.needed) ++needed;
        if (auto finding = mount_point_finding(base_dir, f)) findings.push_back(std::move(*finding));
    }
    if (problem_count(findings) == 0)
        findings.insert(findings.begin(),
                        Finding{"mount points", Verdict::kOk,
                                "the " + std::to_string(needed) + " a launch needs are in " + base_dir, ""});
    return findings;
}

Finding payload_finding(const std::string& path) { return {"payload", Verdict::kOk, path + ": root's directory", ""}; }

Finding payload_failed_finding(const std::string& path, const std::string& where, const Error& error) {
    return failed_finding("payload", error,
                          "make " + path + " (root's, not writable by group or others) or fix " + where);
}

Finding mount_profile_finding(const std::string& path, bool exists, std::size_t entries) {
    if (!exists) return {"mount profile", Verdict::kOk, "none (" + path + " is optional)", ""};
    return {"mount profile", Verdict::kOk, path + ": " + std::to_string(entries) + " entries", ""};
}

Finding seccomp_finding(const std::string& source, std::size_t rules) {
    return {"seccomp", Verdict::kOk, source + ": compiles (" + std::to_string(rules) + " rules)", ""};
}

Finding seccomp_unconfined_finding() {
    return {"seccomp", Verdict::kNote, "seccomp = unconfined: the app runs without a filter (not compiled)", ""};
}

Finding apparmor_finding(const std::string& app, std::string_view profile_dir, const AppArmorFacts& facts) {
    std::string profile = app_profile_name(app);
    std::string file = std::string(profile_dir) + "/" + profile;
    std::string generate = "cordonctl apparmor generate " + app + " && apparmor_parser -r " + file;
    if (!facts.enabled)
        return {"apparmor", Verdict::kNote, "AppArmor is not enabled on this machine: the app runs without a profile",
                ""};
    if (facts.unconfined)
        return {"apparmor", Verdict::kNote, "apparmor = unconfined: the app runs without a profile", ""};
    if (!facts.mode)
        return bad("apparmor", profile + " is not loaded: launches fail",
                   facts.file_exists ? "apparmor_parser -r " + file : generate);
    if (*facts.mode != "enforce" && *facts.mode != "kill")
        return {"apparmor", Verdict::kNote, profile + " is loaded in " + *facts.mode + " mode: it does not confine",
                generate};
    if (!facts.file_exists)
        return {
            "apparmor", Verdict::kNote,
            profile + " is loaded, " + *facts.mode + ", but there is no " + file + ": a reboot does not load it again",
            generate};
    return {"apparmor", Verdict::kOk, profile + " loaded, " + *facts.mode, ""};
}

}  // namespace cordon
