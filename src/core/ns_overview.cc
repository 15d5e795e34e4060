#include "core/ns_overview.h"

#include <charconv>
#include <cstdio>
#include <utility>

namespace cordon {

std::string_view freshness_word(NsFreshness f) {
    switch (f) {
        case NsFreshness::kCurrent: return "current";
        case NsFreshness::kStale: return "stale";
        case NsFreshness::kUnknown: return "unknown";
        case NsFreshness::kNone: return "-";
    }
    return "?";
}

namespace {

// What the next launch would decide, and why.
std::pair<NsFreshness, std::string> judge(const NsListFacts& f) {
    // No config: no launch joins it again; only ns discard frees it.
    if (!f.configured) return {NsFreshness::kStale, "app no longer configured"};
    if (!f.wanted) return {NsFreshness::kUnknown, f.load_problem};
    std::string why = staleness(f.recorded, *f.wanted);
    return {why.empty() ? NsFreshness::kCurrent : NsFreshness::kStale, why};
}

}  // namespace

NsListRow ns_list_row(const NsListFacts& f) {
    NsListRow row;
    row.app = f.app;
    if (!f.ns) {
        row.ns = row.base = row.revision = "-";
        return row;
    }
    row.ns = *f.ns;
    row.base = f.recorded ? f.recorded->base : "?";
    row.revision = f.recorded ? std::to_string(f.recorded->revision) : "?";
    auto [freshness, why] = judge(f);
    row.freshness = freshness;
    row.why = why;
    row.processes = f.processes;
    row.age_seconds = f.age_seconds;
    return row;
}

std::string format_age(std::int64_t s) {
    if (s < 0) s = 0;
    char text[32];
    if (s < 60)
        std::snprintf(text, sizeof text, "%llds", static_cast<long long>(s));
    else if (s < 3600)
        std::snprintf(text, sizeof text, "%lldm", static_cast<long long>(s / 60));
    else if (s < 86400)
        std::snprintf(text, sizeof text, "%lldh%02lldm", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    else
        std::snprintf(text, sizeof text, "%lldd%02lldh", static_cast<long long>(s / 86400),
                      static_cast<long long>(s % 86400 / 3600));
    return text;
}

namespace {

// The app's user writes its argv: a control byte (an escape sequence) must
// not reach the admin's terminal as one, so it is shown as \xNN.
std::string printable(std::string_view raw) {
    std::string text;
    for (unsigned char c : raw) {
        if (c >= 0x20 && c != 0x7f) {
            text.push_back(static_cast<char>(c));
            continue;
        }
        char hex[5];
        std::snprintf(hex, sizeof hex, "\\x%02x", c);
        text.append(hex);
    }
    return text;
}

}  // namespace

std::string command_from_proc(std::string_view cmdline, std::string_view comm) {
    if (!cmdline.empty() && cmdline.back() == '\0') cmdline.remove_suffix(1);
    if (cmdline.empty()) return "[" + printable(comm) + "]";
    std::string text;
    for (std::size_t start = 0;;) {
        std::size_t end = cmdline.find('\0', start);
        if (start) text.push_back(' ');
        text.append(printable(cmdline.substr(start, end - start)));
        if (end == std::string_view::npos) return text;
        start = end + 1;
    }
}

std::optional<uid_t> real_uid_from_status(std::string_view status) {
    constexpr std::string_view kKey = "\nUid:";
    std::size_t at = status.find(kKey);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = status.substr(at + kKey.size());
    while (!rest.empty() && (rest.front() == '\t' || rest.front() == ' ')) rest.remove_prefix(1);
    uid_t uid = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), uid);
    if (ec != std::errc() || end == rest.data()) return std::nullopt;
    return uid;
}

}  // namespace cordon
