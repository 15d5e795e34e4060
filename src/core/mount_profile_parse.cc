// Reading a mount profile: one tokenizer, cordon's own, that follows
// fstab(5) as libmount reads it (the same lines, fields, escapes and
// FREQ/PASSNO), so that an APP.fstab means the same to cordon as to findmnt
// or mount -T. Its own, not libmount's table parser, because libmount
// records no line per entry, and every error here names FILE:LINE.
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/fstab_text.h"
#include "core/line_error.h"
#include "core/mount_profile.h"
#include "core/mount_profile_rules.h"
#include "core/abs_path.h"

namespace cordon {

using profile_rules::kind_name;
using profile_rules::kind_of;
using profile_rules::TargetKind;

namespace {

// A line that holds an entry: its 1-based number and its text without the
// line end and the leading blanks.
struct EntryLine {
    unsigned number;
    std::string_view text;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// libmount's line rules (mnt_table_parse_next): lines are split at '\n' (a
// last line without one counts), a '\r' ending a line is dropped, leading
// spaces and tabs are skipped, and what is then empty or starts with '#' is
// a comment.
std::vector<EntryLine> entry_lines(std::string_view text) {
    std::vector<EntryLine> out;
    unsigned number = 0;
    while (!text.empty()) {
        auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        out.push_back({number, line});
    }
    return out;
}

// The fields of a line, split at runs of spaces and tabs, still mangled.
std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i >= line.size()) break;
        std::size_t j = i;
        while (j < line.size() && !is_blank(line[j])) ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

// A NUL byte would end the line early for libmount (and any C reader): it
// is refused before anything else, at its line.
void refuse_nul_bytes(std::string_view text, const std::string& filename) {
    auto nul = text.find('\0');
    if (nul == std::string_view::npos) return;
    unsigned line = 1;
    for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
    LineError(filename, line).fail("line contains a NUL byte");
}

// libmount guesses a table's format from its first entry line: two numbers
// make it mountinfo, "Filename\t" the /proc/swaps header. Such a profile
// would mean something else to libmount's readers, so it is refused.
void refuse_other_table_format(const EntryLine& first, const std::string& filename) {
    unsigned a = 0, b = 0;
    std::string line(first.text);
    if (std::sscanf(line.c_str(), "%u %u", &a, &b) == 2 || line.rfind("Filename\t", 0) == 0)
        LineError(filename, first.number)
            .fail("malformed line: SOURCE and TARGET must not be numbers (libmount would read a mountinfo or swaps "
                  "table)");
}

// FREQ and PASSNO as libmount reads them (strtol, base 10, the whole
// field): leading whitespace (of the kinds that do not split fields), an
// optional sign and digits. Only zero is allowed, so the value is never
// converted: libmount's int would wrap 4294967296 to 0.
std::string_view number_digits(std::string_view f) {
    while (!f.empty() && std::string_view("\v\f\r\n").find(f.front()) != std::string_view::npos) f.remove_prefix(1);
    if (!f.empty() && (f.front() == '+' || f.front() == '-')) f.remove_prefix(1);
    return f;
}

bool is_number(std::string_view f) {
    std::string_view digits = number_digits(f);
    return !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_zero(std::string_view f) { return number_digits(f).find_first_not_of('0') == std::string_view::npos; }

const std::string kUsage = " (expected SOURCE TARGET FSTYPE [OPTIONS [FREQ [PASSNO]]])";

// The shape of the line: at least three fields, FREQ and PASSNO numbers
// and 0, nothing after them, no escaped NUL. Returns the fields unmangled.
std::vector<std::string> decoded_fields(std::string_view line, const LineError& err) {
    std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() < 2) err.fail("malformed line: no TARGET" + kUsage);
    if (fields.size() < 3) err.fail("malformed line: no FSTYPE" + kUsage);
    for (std::size_t i = 4; i < fields.size() && i < 6; ++i)
        if (!is_number(fields[i])) err.fail("malformed line: FREQ and PASSNO must be numbers (0)" + kUsage);
    if (fields.size() > 6) err.fail("trailing text after PASSNO: " + in_quotes(fields[6]));
    std::vector<std::string> decoded;
    for (std::string_view field : fields) {
        decoded.push_back(decode_octal_escapes(field));
        if (decoded.back().find('\0') != std::string::npos)
            err.fail("field " + in_quotes(field) + " contains an escaped NUL byte");
    }
    for (std::size_t i = 4; i < fields.size(); ++i)
        if (!is_zero(fields[i])) err.fail("FREQ and PASSNO must be 0");
    return decoded;
}

// One entry line as a valid entry of a profile of `role`, or an error at
// its line: the line's draft, checked, then built.
MountEntry parse_entry(const EntryLine& line, ProfileRole role, const LineError& err) {
    std::vector<std::string> fields = decoded_fields(line.text, err);
    profile_rules::EntryDraft e;
    e.source = std::move(fields[0]);
    e.target = std::move(fields[1]);
    e.fstype = std::move(fields[2]);
    e.line = line.number;
    if (auto p = profile_rules::path_problem("target", e.target)) err.fail(*p);
    if (e.fstype != "none" && e.fstype != "tmpfs")
        err.fail("fstype must be \"none\" or \"tmpfs\", not " + in_quotes(e.fstype));
    profile_rules::apply_options(e, fields.size() > 3 ? fields[3] : std::string(), role, err);
    if (auto problem = profile_rules::entry_problem(e, role)) err.fail(*problem);
    return profile_rules::entry_of(std::move(e));
}

// The rules between the lines of a desired profile: every target once, and
// nothing below a symlink or a file entry (walking there would meet the
// symlink, or the file as a directory). A current profile is a log: a
// mimic's tmpfs can sit where a mount already is.
class DesiredTargets {
public:
    void add(const MountEntry& e, const LineError& err) {
        auto [it, inserted] = line_of_.emplace(e.target, e.line);
        if (!inserted)
            err.fail("target " + in_quotes(e.target) + " given twice (first at line " + std::to_string(it->second) +
                     ")");
        refuse_below_leaf(e, err);
        TargetKind kind = kind_of(e);
        if (kind == TargetKind::kSymlink || kind == TargetKind::kFile) refuse_as_leaf(e, kind, err);
    }

private:
    void refuse_below_leaf(const MountEntry& e, const LineError& err) const {
        for (const auto& [leaf, where] : leaves_)
            if (path_is_within(e.target, leaf))
                err.fail("target " + in_quotes(e.target) + " lies below the " + kind_name(where.second) + " " +
                         in_quotes(leaf) + " (line " + std::to_string(where.first) + ")");
    }

    void refuse_as_leaf(const MountEntry& e, TargetKind kind, const LineError& err) {
        for (const auto& [t, l] : line_of_)
            if (path_is_strictly_within(t, e.target))
                err.fail("target " + in_quotes(e.target) + " is a " + kind_name(kind) + " but " + in_quotes(t) +
                         " (line " + std::to_string(l) + ") lies below it");
        leaves_.emplace(e.target, std::make_pair(e.line, kind));
    }

    std::map<std::string, unsigned> line_of_;
    std::map<std::string, std::pair<unsigned, TargetKind>> leaves_;  // symlink and file targets
};

}  // namespace

MountProfile parse_mount_profile(std::string_view text, const std::string& filename, ProfileRole role) {
    refuse_nul_bytes(text, filename);
    std::vector<EntryLine> lines = entry_lines(text);
    if (!lines.empty()) refuse_other_table_format(lines.front(), filename);
    MountProfile profile;
    DesiredTargets targets;
    for (const EntryLine& line : lines) {
        LineError err(filename, line.number);
        MountEntry e = parse_entry(line, role, err);
        if (role == ProfileRole::kDesired) targets.add(e, err);
        profile.entries.push_back(std::move(e));
    }
    return profile;
}

}  // namespace cordon
