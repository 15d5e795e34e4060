#include "ctl/app_view.h"

#include <vector>

#include "ctl/doctor_view.h"

namespace cordon::ctl {

namespace {

std::string problems_word(std::size_t problems) {
    if (problems == 0) return "ok";
    return std::to_string(problems) + (problems == 1 ? " problem" : " problems");
}

Json or_null(const std::optional<std::string>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

std::string app_check_table(const std::string& app, std::span<const Finding> findings, bool colour) {
    std::vector<std::vector<std::string>> cells;
    for (const Finding& f : findings) {
        std::string detail = f.fix.empty() ? f.detail : f.detail + "; fix: " + f.fix;
        cells.push_back({paint(verdict_word(f.verdict), verdict_tone(f.verdict), colour), f.what, detail});
    }
    std::size_t bad = problem_count(findings);
    return align_columns(cells) + paint(app + ": " + problems_word(bad), bad ? Tone::kBad : Tone::kGood, colour) + "\n";
}

Json app_check_json(const std::string& app, std::span<const Finding> findings) {
    Json list = Json::array();
    for (const Finding& f : findings) {
        Json o;
        o["what"] = f.what;
        o["status"] = std::string(verdict_word(f.verdict));
        o["detail"] = f.detail;
        o["fix"] = f.fix.empty() ? Json(nullptr) : Json(f.fix);
        list.push_back(std::move(o));
    }
    Json doc;
    doc["app"] = app;
    doc["ok"] = app_check_exit_status(findings) == 0;
    doc["problems"] = problem_count(findings);
    doc["findings"] = std::move(list);
    return doc;
}

std::string app_list_table(std::span<const AppListRow> rows, bool colour) {
    std::vector<std::vector<std::string>> cells{{"APP", "BASE", "PAYLOAD", "CHECK"}};
    for (const AppListRow& r : rows)
        cells.push_back({r.app, r.base.value_or("?"), r.payload.value_or("-"),
                         paint(problems_word(r.problems), r.problems ? Tone::kBad : Tone::kGood, colour)});
    return align_columns(cells);
}

Json app_list_json(std::span<const AppListRow> rows) {
    Json list = Json::array();
    for (const AppListRow& r : rows) {
        Json o;
        o["app"] = r.app;
        o["base"] = or_null(r.base);
        o["payload"] = or_null(r.payload);
        o["problems"] = r.problems;
        o["ok"] = r.problems == 0;
        list.push_back(std::move(o));
    }
    Json doc;
    doc["apps"] = std::move(list);
    return doc;
}

}  // namespace cordon::ctl
