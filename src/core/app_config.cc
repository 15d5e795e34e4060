#include "core/app_config.h"

#include <charconv>
#include <optional>
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

template <typename T>
struct Choice {
    std::string_view word;
    T value;
};

// The value of a key that is one of a few words; the error lists them
// ("KEY must be "a", "b" or "c", not "VALUE"").
template <typename T, std::size_t N>
T parse_choice(std::string_view key, std::string_view v, const Choice<T> (&choices)[N], const LineError& err) {
    std::string words;
    for (std::size_t i = 0; i < N; ++i) {
        if (v == choices[i].word) return choices[i].value;
        words.append(i == 0 ? "" : i + 1 == N ? " or " : ", ").append("\"").append(choices[i].word).append("\"");
    }
    err.fail(std::string(key) + " must be " + words + ", not \"" + std::string(v.substr(0, 64)) + "\"");
}

constexpr Choice<Confine> kConfineChoices[] = {{"default", Confine::kDefault}, {"unconfined", Confine::kUnconfined}};
constexpr Choice<bool> kOnOffChoices[] = {{"on", true}, {"off", false}};
constexpr Choice<LandlockScope> kScopeChoices[] = {
    {"none", LandlockScope::kNone},
    {"abstract-sockets", LandlockScope::kAbstractSockets},
    {"signals", LandlockScope::kSignals},
    {"all", LandlockScope::kAll},
};
constexpr Choice<ProcView> kProcChoices[] = {{"host", ProcView::kHost}, {"private", ProcView::kPrivate}};

// One key of APP.conf: how its value is read into the config. The table
// is the list of keys, in the order the error for an unknown key gives
// them.
struct KeyRule {
    std::string_view key;
    void (*apply)(AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err);
};

constexpr KeyRule kKeyRules[] = {
    {"base",
     [](AppConfig& cfg, std::string_view, std::string_view value, const LineError& err) {
         if (auto problem = name_problem(value))
             err.fail("invalid base name \"" + std::string(value.substr(0, 64)) + "\": " + *problem);
         cfg.base = std::string(value);
         cfg.base_where = err.where();
     }},
    {"revision",
     [](AppConfig& cfg, std::string_view, std::string_view value, const LineError& err) {
         cfg.revision = parse_revision(value, err);
     }},
    {"payload",
     [](AppConfig& cfg, std::string_view, std::string_view value, const LineError& err) {
         cfg.payload = parse_payload(value, err);
         cfg.payload_where = err.where();
     }},
    {"seccomp",
     [](AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err) {
         cfg.seccomp = parse_choice(key, value, kConfineChoices, err);
     }},
    {"apparmor",
     [](AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err) {
         cfg.apparmor = parse_choice(key, value, kConfineChoices, err);
     }},
    {"capabilities",
     [](AppConfig& cfg, std::string_view, std::string_view value, const LineError& err) {
         try {
             cfg.root_capabilities = parse_capability_list(value);
         } catch (const Error& e) {
             err.fail(e.reason());
         }
     }},
    {"landlock",
     [](AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err) {
         cfg.landlock = parse_choice(key, value, kOnOffChoices, err);
     }},
    {"landlock-scope",
     [](AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err) {
         cfg.landlock_scope = parse_choice(key, value, kScopeChoices, err);
     }},
    {"proc",
     [](AppConfig& cfg, std::string_view key, std::string_view value, const LineError& err) {
         cfg.proc = parse_choice(key, value, kProcChoices, err);
     }},
};

const KeyRule& rule_for(std::string_view key, const LineError& err) {
    std::string keys;
    for (const KeyRule& rule : kKeyRules) {
        if (rule.key == key) return rule;
        keys.append(keys.empty() ? "" : ", ").append(rule.key);
    }
    err.fail("unknown key \"" + std::string(key.substr(0, 64)) + "\" (the keys: " + keys + ")");
}

struct KeyValue {
    std::string_view key, value;
};

// A line without its comment ('#' starts one wherever it is, as in
// APP.seccomp) as "key = value"; nothing for a blank or comment line.
std::optional<KeyValue> split_line(std::string_view raw, const LineError& err) {
    if (raw.find('\0') != std::string_view::npos) err.fail("line contains a NUL byte");
    std::string_view line = trim(raw.substr(0, raw.find('#')));
    if (line.empty()) return std::nullopt;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) err.fail("expected \"key = value\"");
    KeyValue kv{trim(line.substr(0, eq)), trim(line.substr(eq + 1))};
    if (kv.key.empty()) err.fail("missing key before '='");
    return kv;
}

}  // namespace

namespace {

// One line of the file into cfg: nothing for a blank or comment line;
// throws the line's Error.
void apply_line(AppConfig& cfg, std::set<std::string, std::less<>>& seen, std::string_view raw,
                const LineError& err) {
    std::optional<KeyValue> kv = split_line(raw, err);
    if (!kv) return;
    if (!seen.insert(std::string(kv->key)).second) err.fail("key \"" + std::string(kv->key) + "\" given twice");
    rule_for(kv->key, err).apply(cfg, kv->key, kv->value, err);
}

// Every line's problem (with stop_at_first, the first only), in order.
AppConfigParse parse_lines(std::string_view text, const std::string& filename, bool stop_at_first) {
    AppConfigParse result;
    std::set<std::string, std::less<>> seen;
    std::size_t lineno = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        try {
            apply_line(result.config, seen, raw, LineError(filename, ++lineno));
        } catch (const Error& e) {
            result.problems.push_back(e);
            if (stop_at_first) return result;
        }
    }
    if (result.config.base.empty() && !seen.contains("base"))
        result.problems.emplace_back("parse " + filename, "required key \"base\" is missing");
    return result;
}

}  // namespace

AppConfig parse_app_config(std::string_view text, const std::string& filename) {
    AppConfigParse result = parse_lines(text, filename, true);
    if (!result.problems.empty()) throw result.problems.front();
    return result.config;
}

AppConfigParse lint_app_config(std::string_view text, const std::string& filename) {
    return parse_lines(text, filename, false);
}

}  // namespace cordon
