#include "ctl/doctor_view.h"

#include <vector>

namespace cordon::ctl {

Tone verdict_tone(Verdict v) {
    switch (v) {
        case Verdict::kOk: return Tone::kGood;
        case Verdict::kNote: return Tone::kWarn;
        case Verdict::kBad: return Tone::kBad;
    }
    return Tone::kPlain;
}

std::string doctor_table(std::span<const Check> checks, bool colour) {
    std::vector<std::vector<std::string>> cells;
    std::size_t bad = 0;
    for (const Check& c : checks) {
        cells.push_back({paint(verdict_word(c.verdict), verdict_tone(c.verdict), colour), c.section, c.name, c.detail});
        if (c.verdict == Verdict::kBad) ++bad;
    }
    std::string summary = bad ? std::to_string(bad) + (bad == 1 ? " problem" : " problems") : "ready";
    return align_columns(cells) + paint(summary, bad ? Tone::kBad : Tone::kGood, colour) + "\n";
}

Json doctor_json(std::span<const Check> checks) {
    Json list = Json::array();
    for (const Check& c : checks) {
        Json o;
        o["section"] = c.section;
        o["name"] = c.name;
        o["status"] = std::string(verdict_word(c.verdict));
        o["detail"] = c.detail;
        list.push_back(std::move(o));
    }
    Json doc;
    doc["ok"] = doctor_exit_status(checks) == 0;
    doc["checks"] = std::move(list);
    return doc;
}

}  // namespace cordon::ctl
