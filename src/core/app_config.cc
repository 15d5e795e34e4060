#include "core/app_config.h"

#include <charconv>
#include <set>

#include "core/error.h"
#include "core/line_error.h"
#include "core/names.h"

namespace cordon {

namespace {

std::string_view trim(std::string_view s) {
    const char* ws = " \t\r";
    auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::uint64_t parse_revision(std::string_view v, const LineError& err) {
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || ptr != v.data() + v.size())
        err.fail("revision must be a non-negative decimal integer, not \"" + std::string(v) + "\"");
    return n;
}

std::string parse_payload(std::string_view v, const LineError& err) {
    if (v.empty() || v.front() != '/') err.fail("payload must be an absolute path");
    std::string_view rest = v;
    while (!rest.empty()) {
        rest.remove_prefix(1);  // the '/'
        auto slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        if (part == "." || part == "..")
            err.fail("payload must not contain \".\" or \"..\" components");
        if (slash == std::string_view::npos) break;
        rest = rest.substr(slash);
    }
    return std::string(v);
}

Confine parse_confine(std::string_view key, std::string_view v, const LineError& err) {
    if (v == "default") return Confine::kDefault;
    if (v == "unconfined") return Confine::kUnconfined;
    err.fail(std::string(key) + " must be \"default\" or \"unconfined\", not \"" + std::string(v.substr(0, 64)) + "\"");
}

}  // namespace

AppConfig parse_app_config(std::string_view text, const std::string& filename) {
    AppConfig cfg;
    std::set<std::string, std::less<>> seen;
    std::size_t lineno = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++lineno;
        LineError err(filename, lineno);

        if (raw.find('\0') != std::string_view::npos) err.fail("line contains a NUL byte");
        // A '#' starts a comment wherever it is, as in APP.seccomp.
        std::string_view line = trim(raw.substr(0, raw.find('#')));
        if (line.empty()) continue;

        auto eq = line.find('=');
        if (eq == std::string_view::npos) err.fail("expected \"key = value\"");
        std::string_view key = trim(line.substr(0, eq));
        std::string_view value = trim(line.substr(eq + 1));
        if (key.empty()) err.fail("missing key before '='");
        if (!seen.insert(std::string(key)).second) err.fail("key \"" + std::string(key) + "\" given twice");

        if (key == "base") {
            if (auto problem = name_problem(value))
                err.fail("invalid base name \"" + std::string(value.substr(0, 64)) + "\": " + *problem);
            cfg.base = std::string(value);
            cfg.base_where = err.where();
        } else if (key == "revision") {
            cfg.revision = parse_revision(value, err);
        } else if (key == "payload") {
            cfg.payload = parse_payload(value, err);
            cfg.payload_where = err.where();
        } else if (key == "seccomp") {
            cfg.seccomp = parse_confine(key, value, err);
        } else if (key == "apparmor") {
            cfg.apparmor = parse_confine(key, value, err);
        } else if (key == "capabilities") {
            try {
                cfg.root_capabilities = parse_capability_list(value);
            } catch (const Error& e) {
                err.fail(e.reason());
            }
        } else {
            err.fail("unknown key \"" + std::string(key.substr(0, 64)) + "\" (the keys: " + kAppConfigKeys + ")");
        }
    }
    if (cfg.base.empty()) throw Error("parse " + filename, "required key \"base\" is missing");
    return cfg;
}

}  // namespace cordon
