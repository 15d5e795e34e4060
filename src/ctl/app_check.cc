#include "ctl/app_check.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <string>

#include "app/app_loader.h"
#include "app/mount_profile_io.h"
#include "core/app_files.h"
#include "core/apparmor_profile.h"
#include "core/host_readiness.h"
#include "core/paths.h"
#include "os/apparmor.h"
#include "os/secure_fs.h"
#include "seccomp/compiler.h"

namespace cordon::ctl {

namespace {

UntrustedFacts facts_of(const UntrustedPath& e) { return UntrustedFacts{e.path(), e.owner(), e.mode()}; }

bool exists(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
}

// APP.conf read as the launcher reads it, every line's problem reported;
// nothing when it cannot be read at all (then nothing else can be judged).
std::optional<AppConfig> check_config(const std::string& app, std::vector<Finding>& findings) {
    std::string path = app_files::config(app).path();
    std::string text;
    try {
        text = read_app_config_text(app);
    } catch (const UntrustedPath& e) {
        findings.push_back(untrusted_finding("config", facts_of(e)));
        return std::nullopt;
    } catch (const Error& e) {
        findings.push_back(failed_finding("config", e));
        return std::nullopt;
    }
    AppConfigParse parsed = lint_app_config(text, path);
    for (Finding& f : config_findings(path, parsed.problems)) findings.push_back(std::move(f));
    return parsed.config;
}

// Whether the base has a directory to mount on at point.path, found as the
// launcher finds it: app_loader's open_table_mount_point for the host
// table, /app beneath the base with no symlink followed.
MountPointFacts mount_point_facts(int base, const BaseMountPoint& point) {
    MountPointFacts facts{point};
    std::string display = "mount point " + std::string(point.path);
    struct stat st;
    facts.on_host = stat(std::string(point.path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    try {
        UniqueFd target = point.path == paths::kPayloadTarget
                              ? open_beneath(base, point.path, O_PATH | O_DIRECTORY, display, true)
                              : open_table_mount_point(base, point.path, display);
        facts.present = static_cast<bool>(target);
    } catch (const Error& e) {
        facts.problem = e.reason();
    }
    return facts;
}

void check_base(const AppConfig& config, std::vector<Finding>& findings) {
    std::string dir = base_path(config.base);
    UniqueFd base;
    try {
        base = open_base_dir(config);
    } catch (const UntrustedPath& e) {
        findings.push_back(untrusted_finding("base", facts_of(e)));
        return;
    } catch (const Error& e) {
        findings.push_back(base_failed_finding(dir, config.base_where, e));
        return;
    }
    findings.push_back(base_finding(dir));
    std::vector<MountPointFacts> points;
    for (const BaseMountPoint& point : base_mount_points(config.payload.has_value()))
        points.push_back(mount_point_facts(base.get(), point));
    for (Finding& f : mount_point_findings(dir, points)) findings.push_back(std::move(f));
}

void check_payload(const AppConfig& config, std::vector<Finding>& findings) {
    if (!config.payload) return;
    try {
        open_payload_dir(config);
        findings.push_back(payload_finding(*config.payload));
    } catch (const UntrustedPath& e) {
        findings.push_back(untrusted_finding("payload", facts_of(e)));
    } catch (const Error& e) {
        findings.push_back(payload_failed_finding(*config.payload, config.payload_where, e));
    }
}

// A parser's Error about a line ("parse FILE:LINE..."), or another failure.
Finding parse_failure(std::string_view what, const Error& e, std::string_view see_also) {
    bool about_line = e.action().starts_with("parse ") || e.action().starts_with("compile /");
    return about_line ? line_finding(what, e, see_also) : failed_finding(what, e);
}

void check_mount_profile(const std::string& app, std::vector<Finding>& findings) {
    std::string path = app_files::desired_profile(app).path();
    try {
        MountProfile profile = read_desired_profile(app);
        findings.push_back(mount_profile_finding(path, exists(path), profile.entries.size()));
    } catch (const UntrustedPath& e) {
        findings.push_back(untrusted_finding("mount profile", facts_of(e)));
    } catch (const Error& e) {
        findings.push_back(parse_failure("mount profile", e, "cordon-mount-profile(5)"));
    }
}

// Compiled as cordonctl seccomp compile and the launcher's helper compile
// it, in memory: nothing is stored.
void check_seccomp(const std::string& app, const AppConfig& config, std::vector<Finding>& findings) {
    if (config.seccomp == Confine::kUnconfined) {
        findings.push_back(seccomp_unconfined_finding());
        return;
    }
    try {
        SeccompSource source = read_seccomp_source(app);
        CompiledSeccomp compiled = compile_seccomp(source);
        findings.push_back(seccomp_finding(source.filename, compiled.rules));
    } catch (const UntrustedPath& e) {
        findings.push_back(untrusted_finding("seccomp", facts_of(e)));
    } catch (const Error& e) {
        findings.push_back(parse_failure("seccomp", e, "cordon-seccomp(5)"));
    }
}

void check_apparmor(const std::string& app, const AppConfig& config, std::vector<Finding>& findings) {
    AppArmorFacts facts;
    facts.enabled = apparmor_enabled();
    facts.unconfined = config.apparmor == Confine::kUnconfined;
    facts.file_exists = exists(std::string(kAppArmorDir) + "/" + app_profile_name(app));
    if (facts.enabled)
        if (auto loaded = loaded_apparmor_profiles()) facts.mode = profile_mode_in_list(*loaded, app_profile_name(app));
    findings.push_back(apparmor_finding(app, kAppArmorDir, facts));
}

}  // namespace

AppCheck check_app(const std::string& app) {
    AppCheck check{app, std::nullopt, {}};
    check.config = check_config(app, check.findings);
    if (!check.config) return check;
    const AppConfig& config = *check.config;
    if (!config.base.empty()) check_base(config, check.findings);
    check_payload(config, check.findings);
    check_mount_profile(app, check.findings);
    check_seccomp(app, config, check.findings);
    check_apparmor(app, config, check.findings);
    return check;
}

}  // namespace cordon::ctl
