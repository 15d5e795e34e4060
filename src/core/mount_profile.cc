#include "core/mount_profile.h"

#include "core/mount_options.h"

#include <libmount.h>
#include <sys/mount.h>

#include <bit>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "core/error.h"

namespace cordon {

namespace {

constexpr unsigned long kAllowedFlags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
constexpr std::size_t kMaxPath = PATH_MAX - 1;  // bytes, without the NUL

struct TableDeleter {
    void operator()(libmnt_table* tb) const { mnt_unref_table(tb); }
};
struct IterDeleter {
    void operator()(libmnt_iter* it) const { mnt_free_iter(it); }
};
struct FileDeleter {
    void operator()(FILE* f) const { std::fclose(f); }
};

// ---------------------------------------------------------------------------
// Text helpers

bool is_octal_digit(char c) { return c >= '0' && c <= '7'; }

// For messages: the value in double quotes, control characters, quotes and
// backslashes as \ooo, at most 200 bytes, so an error stays one line.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char c : s) {
        if (++n > 200) {
            out += "...";
            break;
        }
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\%03o", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

void append_octal_escape(std::string& out, unsigned char c) {
    out += '\\';
    out += static_cast<char>('0' + ((c >> 6) & 7));
    out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
}

// Decodes every backslash followed by three octal digits, as libmount's
// unmangle does for each field (other backslashes stay as they are).
std::string decode_octal_escapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && is_octal_digit(s[i + 1]) && is_octal_digit(s[i + 2]) &&
            is_octal_digit(s[i + 3])) {
            out += static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Field-level escaping (what libmount's unmangle reads back): space, tab,
// newline, backslash and every other control character as \ooo; a '#' that
// would start the line (and make it a comment) too.
std::string mangle_field(std::string_view s, bool starts_line) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto u = static_cast<unsigned char>(s[i]);
        if (u <= 0x20 || u == 0x7f || u == '\\' || (starts_line && i == 0 && u == '#'))
            append_octal_escape(out, u);
        else
            out += s[i];
    }
    return out;
}

// Value-level escaping inside the options field, for the path-valued
// x-cordon options: ',' would end the option and '"' would start libmount's
// quoting, so they (and the backslash itself) are written as \ooo. The whole
// field is then mangled, which turns that backslash into \134.
std::string escape_option_value(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ',' || c == '"' || c == '\\')
            append_octal_escape(out, static_cast<unsigned char>(c));
        else
            out += c;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Numbers

std::optional<std::uint64_t> parse_decimal(std::string_view v, std::uint64_t max) {
    if (v.empty() || v.size() > 20) return std::nullopt;
    for (char c : v)
        if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || ptr != v.data() + v.size() || n > max) return std::nullopt;
    return n;
}

std::optional<mode_t> parse_octal_mode(std::string_view v) {
    if (v.empty() || v.size() > 8) return std::nullopt;
    unsigned n = 0;
    for (char c : v) {
        if (!is_octal_digit(c)) return std::nullopt;
        n = n * 8 + static_cast<unsigned>(c - '0');
    }
    if (n > 07777) return std::nullopt;
    return static_cast<mode_t>(n);
}

// uid_t/gid_t values other than (uid_t)-1, which means "unchanged" to chown.
constexpr std::uint64_t kMaxId = 0xfffffffeULL;

std::string octal_mode_string(mode_t m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m));
    return buf;
}

// ---------------------------------------------------------------------------
// Options

// Problem with one tmpfs filesystem option, or nullopt.
std::optional<std::string> tmpfs_option_problem(const std::string& name, const std::optional<std::string>& value) {
    if (!value) return "option " + quoted(name) + " needs a value";
    const std::string& v = *value;
    if (name == "size") {
        std::string_view digits = v;
        if (!digits.empty() && std::string_view("kmgKMG%").find(digits.back()) != std::string_view::npos)
            digits.remove_suffix(1);
        if (!parse_decimal(digits, UINT64_MAX))
            return "size= must be a number with an optional k, m, g or % suffix, not " + quoted(v);
    } else if (name == "mode") {
        if (!parse_octal_mode(v)) return "mode= must be octal and at most 07777, not " + quoted(v);
    } else if (name == "uid" || name == "gid") {
        if (!parse_decimal(v, kMaxId)) return name + "= must be a decimal id below 4294967295, not " + quoted(v);
    } else if (name == "nr_inodes") {
        if (!parse_decimal(v, UINT64_MAX)) return "nr_inodes= must be a decimal number, not " + quoted(v);
    } else {
        return "unknown option " + quoted(name);
    }
    return std::nullopt;
}

bool is_tmpfs_option(std::string_view name) {
    return name == "size" || name == "mode" || name == "uid" || name == "gid" || name == "nr_inodes";
}

// The per-mount flag an option names, by libmount's own table ("ro" ->
// MS_RDONLY), when it is one a profile may set; 0 otherwise.
unsigned long flag_of(std::string_view name) {
    if (name.find_first_of("=.,") != std::string_view::npos) return 0;  // not a plain flag name
    unsigned long f = 0;
    try {
        f = parse_mount_options(name).flags;
    } catch (const Error&) {
        return 0;
    }
    return f != 0 && (f & kAllowedFlags) == f && std::has_single_bit(f) ? f : 0;
}

const char* kind_name(TargetKind k) {
    switch (k) {
        case TargetKind::kDir: return "dir";
        case TargetKind::kFile: return "file";
        case TargetKind::kSymlink: return "symlink";
        case TargetKind::kEnsureDir: return "ensure-dir";
    }
    return "?";
}

// Applies the options field to `e` (fstype already set). Throws through
// `fail` on unknown options, repeated options and bad values.
template <typename Fail>
void apply_options(MountEntry& e, std::string_view optstr, ProfileRole role, const Fail& fail) {
    if (optstr.find('"') != std::string_view::npos)
        fail("options must not contain '\"' (write it as \\134042 inside a value)");
    auto items = split_option_items(optstr);
    if (!items) fail("malformed option list " + quoted(optstr));

    std::set<std::string> seen;
    std::string fs_options;
    for (const OptionItem& item : *items) {
        const std::string& name = item.first;  // named (not a structured binding): the lambdas use them
        const std::optional<std::string>& value = item.second;
        if (!seen.insert(name).second) fail("option " + quoted(name) + " given twice");
        auto no_value = [&] {
            if (value) fail("option " + quoted(name) + " takes no value");
        };
        auto need_value = [&]() -> const std::string& {
            if (!value || value->empty()) fail("option " + quoted(name) + " needs a value");
            return *value;
        };
        if (name == "bind" || name == "rbind") {
            no_value();
            if (e.bind) fail("\"bind\" and \"rbind\" exclude each other");
            e.bind = true;
            e.recursive = name == "rbind";
        } else if (unsigned long flag = flag_of(name)) {
            no_value();
            e.flags |= flag;
        } else if (is_tmpfs_option(name)) {
            if (e.fstype != "tmpfs") fail("option " + quoted(name) + " is only for fstype tmpfs");
            if (auto problem = tmpfs_option_problem(name, value)) fail(*problem);
            if (!fs_options.empty()) fs_options += ',';
            fs_options += name + "=" + *value;
        } else if (name == "x-cordon.source") {
            if (need_value() != "ns") fail("x-cordon.source must be \"ns\", not " + quoted(*value));
            e.source_in_ns = true;
        } else if (name == "x-cordon.kind") {
            const std::string& v = need_value();
            if (v == "file")
                e.kind = TargetKind::kFile;
            else if (v == "symlink")
                e.kind = TargetKind::kSymlink;
            else if (v == "ensure-dir")
                e.kind = TargetKind::kEnsureDir;
            else
                fail("x-cordon.kind must be file, symlink or ensure-dir, not " + quoted(v));
        } else if (name == "x-cordon.symlink") {
            e.symlink_target = decode_octal_escapes(need_value());
        } else if (name == "x-cordon.mode") {
            auto m = parse_octal_mode(need_value());
            if (!m) fail("x-cordon.mode must be octal and at most 07777, not " + quoted(*value));
            e.mode = *m;
        } else if (name == "x-cordon.uid" || name == "x-cordon.gid") {
            auto n = parse_decimal(need_value(), kMaxId);
            if (!n) fail(name + " must be a decimal id below 4294967295, not " + quoted(*value));
            if (name == "x-cordon.uid")
                e.uid = static_cast<uid_t>(*n);
            else
                e.gid = static_cast<gid_t>(*n);
        } else if (name == "x-cordon.synthetic") {
            if (role != ProfileRole::kCurrent) fail("x-cordon.synthetic is only allowed in the current profile");
            no_value();
            e.synthetic = true;
        } else if (name == "x-cordon.needed-by") {
            if (role != ProfileRole::kCurrent) fail("x-cordon.needed-by is only allowed in the current profile");
            e.needed_by = decode_octal_escapes(need_value());
        } else if (name == "x-cordon.mount-id" || name == "x-cordon.over") {
            if (role != ProfileRole::kCurrent) fail(name + " is only allowed in the current profile");
            auto n = parse_decimal(need_value(), UINT32_MAX);
            if (!n || *n == 0) fail(name + " must be a decimal mount id from 1 to 4294967295, not " + quoted(*value));
            (name == "x-cordon.over" ? e.over_id : e.mount_id) = static_cast<std::uint32_t>(*n);
        } else if (name == "x-cordon.pending") {
            if (role != ProfileRole::kCurrent) fail("x-cordon.pending is only allowed in the current profile");
            const std::string& v = need_value();
            if (v == "mount")
                e.pending = MountEntry::Pending::kMount;
            else if (v == "unmount")
                e.pending = MountEntry::Pending::kUnmount;
            else
                fail("x-cordon.pending must be mount or unmount, not " + quoted(v));
        } else {
            fail("unknown option " + quoted(name));
        }
    }
    e.fs_options = std::move(fs_options);
}

// The options field of an entry, in the canonical order.
std::string options_string(const MountEntry& e) {
    std::vector<std::string> items;
    if (e.bind) items.emplace_back(e.recursive ? "rbind" : "bind");
    if (e.flags & MS_RDONLY) items.emplace_back("ro");
    if (e.flags & MS_NOSUID) items.emplace_back("nosuid");
    if (e.flags & MS_NODEV) items.emplace_back("nodev");
    if (e.flags & MS_NOEXEC) items.emplace_back("noexec");
    if (!e.fs_options.empty()) items.push_back(e.fs_options);
    if (e.source_in_ns) items.emplace_back("x-cordon.source=ns");
    if (e.kind != TargetKind::kDir) items.push_back(std::string("x-cordon.kind=") + kind_name(e.kind));
    if (e.kind == TargetKind::kSymlink) items.push_back("x-cordon.symlink=" + escape_option_value(e.symlink_target));
    if (e.mode) items.push_back("x-cordon.mode=" + octal_mode_string(*e.mode));
    if (e.uid) items.push_back("x-cordon.uid=" + std::to_string(*e.uid));
    if (e.gid) items.push_back("x-cordon.gid=" + std::to_string(*e.gid));
    if (e.synthetic) items.emplace_back("x-cordon.synthetic");
    if (!e.needed_by.empty()) items.push_back("x-cordon.needed-by=" + escape_option_value(e.needed_by));
    if (e.mount_id) items.push_back("x-cordon.mount-id=" + std::to_string(*e.mount_id));
    if (e.pending == MountEntry::Pending::kMount) items.emplace_back("x-cordon.pending=mount");
    if (e.pending == MountEntry::Pending::kUnmount) items.emplace_back("x-cordon.pending=unmount");
    if (e.over_id) items.push_back("x-cordon.over=" + std::to_string(*e.over_id));
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Validation of one entry (everything that does not depend on the other lines)

bool is_tmpfs_source_word(std::string_view s) {
    if (s.empty() || s.size() > 255) return false;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

std::optional<std::string> path_problem(const char* what, std::string_view p) {
    if (!is_clean_absolute_path(p))
        return std::string(what) + " " + quoted(p) +
               " must be a clean absolute path other than \"/\" (no \".\" or \"..\" components, no \"//\", no "
               "trailing \"/\")";
    if (p.size() > kMaxPath) return std::string(what) + " is longer than " + std::to_string(kMaxPath) + " bytes";
    return std::nullopt;
}

std::optional<std::string> entry_problem(const MountEntry& e, ProfileRole role) {
    if (auto p = path_problem("target", e.target)) return p;
    for (const char* dir : {"/proc", "/sys", "/dev"})
        if (path_is_within(e.target, dir)) return "target " + quoted(e.target) + " lies within " + dir;

    if (e.fstype != "none" && e.fstype != "tmpfs")
        return "fstype must be \"none\" or \"tmpfs\", not " + quoted(e.fstype);
    if (e.flags & ~kAllowedFlags) return "unsupported mount flags";
    if (e.recursive && !e.bind) return "rbind without bind";

    if (!e.fs_options.empty()) {
        if (!e.is_tmpfs()) return "filesystem options " + quoted(e.fs_options) + " are only for fstype tmpfs";
        auto items = split_option_items(e.fs_options);
        if (!items) return "malformed filesystem options " + quoted(e.fs_options);
        std::set<std::string> seen;
        for (const auto& [name, value] : *items) {
            if (!seen.insert(name).second) return "option " + quoted(name) + " given twice";
            if (!is_tmpfs_option(name)) return "unknown option " + quoted(name);
            if (auto problem = tmpfs_option_problem(name, value)) return problem;
        }
    }
    if (e.mode && *e.mode > 07777) return "x-cordon.mode must be at most 07777";
    if ((e.uid && static_cast<std::uint64_t>(*e.uid) > kMaxId) || (e.gid && static_cast<std::uint64_t>(*e.gid) > kMaxId))
        return "x-cordon.uid and x-cordon.gid must be below 4294967295";

    switch (e.kind) {
        case TargetKind::kSymlink:
        case TargetKind::kEnsureDir: {
            std::string k = std::string("x-cordon.kind=") + kind_name(e.kind);
            if (e.fstype != "none") return k + " needs fstype \"none\"";
            if (e.bind) return k + " is not a mount: no bind or rbind";
            if (e.source != "none") return k + " needs the source \"none\", not " + quoted(e.source);
            if (e.flags != 0) return k + " is not a mount: no ro, nosuid, nodev or noexec";
            if (e.source_in_ns) return k + " is not a mount: no x-cordon.source";
            if (e.kind == TargetKind::kSymlink) {
                if (e.symlink_target.empty()) return k + " needs x-cordon.symlink=DEST";
                if (e.symlink_target.find('\0') != std::string::npos ||
                    e.symlink_target.find('\n') != std::string::npos)
                    return "x-cordon.symlink must not contain a NUL byte or a newline";
                if (e.symlink_target.size() > kMaxPath)
                    return "x-cordon.symlink is longer than " + std::to_string(kMaxPath) + " bytes";
                if (e.mode || e.uid || e.gid) return "x-cordon.mode, uid and gid are not for symlinks";
            }
            break;
        }
        case TargetKind::kDir:
        case TargetKind::kFile:
            if (e.is_tmpfs()) {
                if (e.bind) return "a bind mount needs fstype \"none\", not \"tmpfs\"";
                if (e.kind == TargetKind::kFile) return "a tmpfs needs a directory, not x-cordon.kind=file";
                if (e.source_in_ns) return "x-cordon.source=ns needs bind or rbind";
                if (!is_tmpfs_source_word(e.source))
                    return "the source of a tmpfs must be a word of letters, digits, '_', '-' or '.' (like "
                           "\"tmpfs\"), not " +
                           quoted(e.source);
            } else {
                if (!e.bind)
                    return "fstype \"none\" needs bind or rbind, or x-cordon.kind=symlink or "
                           "x-cordon.kind=ensure-dir";
                if (e.kind == TargetKind::kFile && e.recursive)
                    return "x-cordon.kind=file needs bind, not rbind (a file has no submounts)";
                if (auto p = path_problem(e.source_in_ns ? "source (in the namespace)" : "source (on the host)",
                                          e.source))
                    return p;
            }
            break;
    }
    if (e.kind != TargetKind::kSymlink && !e.symlink_target.empty())
        return "x-cordon.symlink is only for x-cordon.kind=symlink";

    if (e.synthetic || !e.needed_by.empty()) {
        if (role != ProfileRole::kCurrent)
            return "x-cordon.synthetic and x-cordon.needed-by are only allowed in the current profile";
        if (!e.synthetic) return "x-cordon.needed-by is only for x-cordon.synthetic entries";
        if (e.needed_by.empty()) return "x-cordon.synthetic needs x-cordon.needed-by=TARGET";
        if (auto p = path_problem("x-cordon.needed-by", e.needed_by)) return p;
    }
    if (e.mount_id || e.pending != MountEntry::Pending::kNone) {
        if (role != ProfileRole::kCurrent)
            return "x-cordon.mount-id and x-cordon.pending are only allowed in the current profile";
        if (!e.is_mount()) return "x-cordon.mount-id and x-cordon.pending are only for mount entries";
        if (e.mount_id && *e.mount_id == 0) return "x-cordon.mount-id must not be 0";
    }
    if (e.over_id) {
        if (role != ProfileRole::kCurrent) return "x-cordon.over is only allowed in the current profile";
        if (e.pending != MountEntry::Pending::kMount) return "x-cordon.over is only for x-cordon.pending=mount";
        if (*e.over_id == 0) return "x-cordon.over must not be 0";
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// Lines, as libmount's fstab parser sees them

// One line that libmount parses as an entry: 1-based number and the text
// with the '\n' and a '\r' ending the line removed, and leading blanks
// skipped.
struct EntryLine {
    unsigned number;
    std::string text;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Mirrors mnt_table_parse_next(): lines are split at '\n' (a last line
// without one counts), a '\r' at the end of a line is dropped, leading
// spaces and tabs are skipped, and what is then empty or starts with '#' is
// skipped. Every other line is one entry (or one parse error), in order, so
// the Nth entry of the table comes from the Nth of these lines.
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
        out.push_back({number, std::string(line)});
    }
    return out;
}

// The fields of a line as libmount splits them (runs of spaces and tabs),
// still mangled.
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

// Why libmount could not parse this line (it only says which line).
std::string malformed_reason(const std::vector<std::string_view>& fields) {
    const std::string usage = " (expected SOURCE TARGET FSTYPE [OPTIONS [FREQ [PASSNO]]])";
    if (fields.size() < 2) return "malformed line: no TARGET" + usage;
    if (fields.size() < 3) return "malformed line: no FSTYPE" + usage;
    if (fields.size() > 4) return "malformed line: FREQ and PASSNO must be numbers (0)" + usage;
    return "malformed line" + usage;
}

class LineError {
public:
    LineError(const std::string& file, unsigned line) : where_(file + ":" + std::to_string(line)) {}
    [[noreturn]] void operator()(const std::string& reason) const { throw Error("parse " + where_, reason); }

private:
    std::string where_;
};

int record_parse_error(libmnt_table* tb, const char* /*filename*/, int line) {
    auto* first_error_line = static_cast<int*>(mnt_table_get_userdata(tb));
    if (first_error_line != nullptr && *first_error_line == 0) *first_error_line = line > 0 ? line : -1;
    return -1;  // fatal: stop parsing
}

const char* or_empty(const char* s) { return s ? s : ""; }

}  // namespace

// ---------------------------------------------------------------------------

bool MountEntry::same_as(const MountEntry& o) const {
    return source == o.source && target == o.target && fstype == o.fstype && bind == o.bind &&
           recursive == o.recursive && source_in_ns == o.source_in_ns && kind == o.kind &&
           symlink_target == o.symlink_target && mode == o.mode && uid == o.uid && gid == o.gid &&
           flags == o.flags && fs_options == o.fs_options && synthetic == o.synthetic && needed_by == o.needed_by;
}

MountProfile parse_mount_profile(std::string_view text, const std::string& filename, ProfileRole role) {
    // NUL bytes: libmount would take them for line ends.
    if (auto nul = text.find('\0'); nul != std::string_view::npos) {
        unsigned line = 1;
        for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
        LineError(filename, line)("line contains a NUL byte");
    }

    std::vector<EntryLine> lines = entry_lines(text);
    MountProfile profile;
    if (lines.empty()) return profile;

    // libmount guesses the format from the first entry line: two numbers
    // make it mountinfo, "Filename\t" the /proc/swaps header. Either would
    // shift or garble the entries, so such a first line is refused here.
    {
        unsigned a = 0, b = 0;
        const std::string& first = lines.front().text;
        if (std::sscanf(first.c_str(), "%u %u", &a, &b) == 2 || first.rfind("Filename\t", 0) == 0)
            LineError(filename, lines.front().number)(
                "malformed line: SOURCE and TARGET must not be numbers (libmount would read a mountinfo or swaps "
                "table)");
    }

    std::unique_ptr<libmnt_table, TableDeleter> tb(mnt_new_table());
    if (!tb) throw Error("parse " + filename, "libmount cannot allocate a table");
    int first_error_line = 0;
    mnt_table_set_userdata(tb.get(), &first_error_line);
    mnt_table_set_parser_errcb(tb.get(), record_parse_error);

    std::string buffer(text);
    int rc;
    {
        std::unique_ptr<FILE, FileDeleter> f(fmemopen(buffer.data(), buffer.size(), "r"));
        if (!f) throw_errno("parse " + filename);
        rc = mnt_table_parse_stream(tb.get(), f.get(), filename.c_str());
    }
    // On the last line libmount reports success even after the callback
    // asked to stop, so the recorded line is what counts.
    if ((rc < 0 && first_error_line == 0) || first_error_line < 0)
        throw Error("parse " + filename, "libmount cannot parse it (error " + std::to_string(-rc) + ")");

    std::vector<libmnt_fs*> table;
    {
        std::unique_ptr<libmnt_iter, IterDeleter> it(mnt_new_iter(MNT_ITER_FORWARD));
        if (!it) throw Error("parse " + filename, "libmount cannot allocate an iterator");
        libmnt_fs* fs = nullptr;
        while (mnt_table_next_fs(tb.get(), it.get(), &fs) == 0) table.push_back(fs);
    }

    std::map<std::string, unsigned> first_line_of_target;
    std::map<std::string, std::pair<unsigned, TargetKind>> leaves;  // symlink and file targets (desired)
    std::size_t index = 0;
    for (const EntryLine& line : lines) {
        LineError fail(filename, line.number);
        std::vector<std::string_view> fields = split_fields(line.text);
        if (static_cast<int>(line.number) == first_error_line) fail(malformed_reason(fields));
        if (index >= table.size())
            fail("libmount returned fewer entries than there are lines (internal error)");
        libmnt_fs* fs = table[index++];
        if (mnt_fs_is_kernel(fs) || mnt_fs_is_swaparea(fs)) fail("malformed line: not an fstab line");

        // Cross-check the mapping: libmount's fields are ours, unmangled.
        if (fields.size() < 3) fail(malformed_reason(fields));
        if (fields.size() > 6) fail("trailing text after PASSNO: " + quoted(fields[6]));
        std::vector<std::string> decoded;
        for (std::string_view field : fields) {
            decoded.push_back(decode_octal_escapes(field));
            if (decoded.back().find('\0') != std::string::npos)
                fail("field " + quoted(field) + " contains an escaped NUL byte");
        }
        std::string source = or_empty(mnt_fs_get_source(fs));
        std::string target = or_empty(mnt_fs_get_target(fs));
        std::string fstype = or_empty(mnt_fs_get_fstype(fs));
        std::string options = or_empty(mnt_fs_get_options(fs));
        if (source != decoded[0] || target != decoded[1] || fstype != decoded[2] ||
            options != (decoded.size() > 3 ? decoded[3] : std::string()))
            fail("libmount read this line differently (internal error)");
        if (mnt_fs_get_freq(fs) != 0 || mnt_fs_get_passno(fs) != 0) fail("FREQ and PASSNO must be 0");

        MountEntry e;
        e.source = std::move(source);
        e.target = std::move(target);
        e.fstype = std::move(fstype);
        e.line = line.number;
        if (auto p = path_problem("target", e.target)) fail(*p);
        if (e.fstype != "none" && e.fstype != "tmpfs") fail("fstype must be \"none\" or \"tmpfs\", not " + quoted(e.fstype));
        apply_options(e, options, role, fail);
        if (auto problem = entry_problem(e, role)) fail(*problem);

        if (role == ProfileRole::kDesired) {
            auto [it, inserted] = first_line_of_target.emplace(e.target, e.line);
            if (!inserted)
                fail("target " + quoted(e.target) + " given twice (first at line " + std::to_string(it->second) + ")");
            // Nothing may lie below a symlink or a file entry: walking to
            // it would meet the symlink, or a file as a directory.
            for (const auto& [leaf, where] : leaves) {
                const auto& [leaf_line, leaf_kind] = where;
                if (path_is_within(e.target, leaf))
                    fail("target " + quoted(e.target) + " lies below the " + kind_name(leaf_kind) + " " +
                         quoted(leaf) + " (line " + std::to_string(leaf_line) + ")");
            }
            if (e.kind == TargetKind::kSymlink || e.kind == TargetKind::kFile) {
                for (const auto& [t, l] : first_line_of_target)
                    if (path_is_strictly_within(t, e.target))
                        fail("target " + quoted(e.target) + " is a " + kind_name(e.kind) + " but " + quoted(t) +
                             " (line " + std::to_string(l) + ") lies below it");
                leaves.emplace(e.target, std::make_pair(e.line, e.kind));
            }
        }
        profile.entries.push_back(std::move(e));
    }
    if (index != table.size())
        throw Error("parse " + filename, "libmount returned more entries than there are lines (internal error)");
    return profile;
}

std::string format_mount_profile(const MountProfile& profile) {
    std::string out;
    for (const MountEntry& e : profile.entries) {
        if (auto problem = entry_problem(e, ProfileRole::kCurrent))
            throw Error("format mount profile entry " + quoted(e.target), *problem);
        out += mangle_field(e.source, true);
        out += ' ';
        out += mangle_field(e.target, false);
        out += ' ';
        out += mangle_field(e.fstype, false);
        std::string options = options_string(e);
        if (!options.empty()) {
            out += ' ';
            out += mangle_field(options, false);
        }
        out += '\n';
    }
    return out;
}

}  // namespace cordon
