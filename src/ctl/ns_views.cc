#include "ctl/ns_views.h"

namespace cordon::ctl {

namespace {

Tone tone_of(NsFreshness f) {
    switch (f) {
        case NsFreshness::kCurrent: return Tone::kGood;
        case NsFreshness::kStale: return Tone::kWarn;
        case NsFreshness::kUnknown: return Tone::kBad;
        case NsFreshness::kNone: return Tone::kDim;
    }
    return Tone::kPlain;
}

std::string state_cell(const NsListRow& row, bool colour) {
    std::string text(freshness_word(row.freshness));
    if (!row.why.empty()) text += ": " + row.why;
    return paint(text, tone_of(row.freshness), colour);
}

// A recorded value, or null for "-" (no namespace) and "?" (no record).
Json text_or_null(const std::string& cell) { return cell == "-" || cell == "?" ? Json() : Json(cell); }

}  // namespace

std::string ns_list_table(const std::vector<NsListRow>& rows, bool colour) {
    std::vector<std::vector<std::string>> cells{{"APP", "NAMESPACE", "BASE", "REVISION", "PROCS", "AGE", "STATE"}};
    for (const NsListRow& r : rows)
        cells.push_back({r.app, r.ns, r.base, r.revision, r.processes ? std::to_string(*r.processes) : "-",
                         r.age_seconds ? format_age(*r.age_seconds) : "-", state_cell(r, colour)});
    return align_columns(cells);
}

Json ns_list_json(const std::vector<NsListRow>& rows) {
    Json list = Json::array();
    for (const NsListRow& r : rows) {
        Json o;
        o["app"] = r.app;
        o["namespace"] = text_or_null(r.ns);
        o["base"] = text_or_null(r.base);
        o["revision"] = r.revision == "-" || r.revision == "?" ? Json() : Json(std::stoull(r.revision));
        o["state"] = r.freshness == NsFreshness::kNone ? Json() : Json(std::string(freshness_word(r.freshness)));
        o["reason"] = r.why.empty() ? Json() : Json(r.why);
        o["processes"] = r.processes ? Json(*r.processes) : Json();
        o["age_seconds"] = r.age_seconds ? Json(*r.age_seconds) : Json();
        list.push_back(std::move(o));
    }
    Json doc;
    doc["namespaces"] = std::move(list);
    return doc;
}

std::string ns_ps_table(const std::vector<ProcessRow>& rows) {
    std::vector<std::vector<std::string>> cells{{"PID", "USER", "COMMAND"}};
    for (const ProcessRow& r : rows) cells.push_back({std::to_string(r.pid), r.user, r.command});
    return align_columns(cells);
}

Json ns_ps_json(const std::string& app, const std::optional<std::string>& ns, const std::vector<ProcessRow>& rows) {
    Json list = Json::array();
    for (const ProcessRow& r : rows) {
        Json o;
        o["pid"] = r.pid;
        o["uid"] = r.uid ? Json(*r.uid) : Json();
        o["user"] = r.user;
        o["command"] = r.command;
        list.push_back(std::move(o));
    }
    Json doc;
    doc["app"] = app;
    doc["namespace"] = ns ? Json(*ns) : Json();
    doc["processes"] = std::move(list);
    return doc;
}

}  // namespace cordon::ctl
