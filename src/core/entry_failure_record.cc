#include "core/entry_failure_record.h"

namespace cordon {

namespace {

constexpr std::string_view kTag = "entry-failed";

// The field up to the next NUL, which it consumes; nothing when there is
// no NUL left.
std::optional<std::string_view> take_field(std::string_view& rest) {
    auto nul = rest.find('\0');
    if (nul == std::string_view::npos) return std::nullopt;
    std::string_view field = rest.substr(0, nul);
    rest.remove_prefix(nul + 1);
    return field;
}

}  // namespace

std::string entry_failure_record(const Error& failure) {
    std::string record(kTag);
    record.push_back('\0');
    record.append(failure.action()).push_back('\0');
    record.append(failure.reason()).push_back('\0');
    return record;
}

std::optional<Error> read_entry_failure_record(std::string_view out) {
    auto tag = take_field(out);
    auto action = take_field(out);
    auto reason = take_field(out);
    if (!tag || *tag != kTag || !action || action->empty() || !reason || !out.empty()) return std::nullopt;
    return Error(std::string(*action), std::string(*reason));
}

}  // namespace cordon
