#include "core/mount_profile.h"

#include <gtest/gtest.h>
#include <sys/mount.h>  // MS_* (not <linux/mount.h>: conflicts on glibc 2.36)

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/fstab_text.h"  // in_quotes

namespace cordon {
namespace {

using namespace std::string_literals;

const std::string kFile = "/etc/cordon/apps/x.fstab";

MountProfile desired(std::string_view text) { return parse_mount_profile(text, kFile, ProfileRole::kDesired); }
MountProfile current(std::string_view text) { return parse_mount_profile(text, kFile, ProfileRole::kCurrent); }

MountEntry only_entry(std::string_view text, ProfileRole role = ProfileRole::kDesired) {
    MountProfile p = parse_mount_profile(text, kFile, role);
    EXPECT_EQ(p.entries.size(), 1u) << text;
    return p.entries.empty() ? MountEntry{} : p.entries.front();
}

// The parts of an entry of one kind: empty ones when it is another kind
// (the EXPECT on the kind says so).
Bind bind_of(const MountEntry& e) { return e.bind() ? *e.bind() : Bind{"<not a bind>"}; }
Tmpfs tmpfs_of(const MountEntry& e) { return e.tmpfs() ? *e.tmpfs() : Tmpfs{"<not a tmpfs>"}; }
std::string dest_of(const MountEntry& e) { return e.symlink() ? e.symlink()->dest : "<not a symlink>"; }
Owner owner_of(const MountEntry& e) { return e.owner() ? *e.owner() : Owner{}; }

Error parse_error(std::string_view text, ProfileRole role) {
    try {
        parse_mount_profile(text, kFile, role);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "parse_mount_profile did not throw for:\n" << text;
    return Error("<none>", "<none>");
}

// Checks the error names FILE:LINE in its action and in the formatted
// message, and that the reason mentions reason_part.
void expect_error_at(std::string_view text, unsigned line, const std::string& reason_part,
                     ProfileRole role = ProfileRole::kDesired) {
    SCOPED_TRACE(std::string(text));
    Error e = parse_error(text, role);
    std::string where = kFile + ":" + std::to_string(line);
    EXPECT_EQ(e.action(), "parse " + where);
    EXPECT_NE(e.reason().find(reason_part), std::string::npos)
        << "reason \"" << e.reason() << "\" lacks \"" << reason_part << "\"";
    EXPECT_EQ(format_error("cordon-update-ns", e), "cordon-update-ns: cannot parse " + where + ": " + e.reason());
    EXPECT_EQ(e.reason().find('\n'), std::string::npos) << "reason spans lines";
}

// A profile line made of `body` at line 3, after a comment and a blank line.
std::string at_line_3(const std::string& body) { return "# header\n\n" + body + "\n"; }

// ---------------------------------------------------------------------------
// Entry kinds

TEST(ParseMountProfile, HostBind) {
    MountEntry e = only_entry("/srv/data /data none bind\n");
    ASSERT_TRUE(e.bind());  // fstype none, bind: no filesystem options
    Bind b = bind_of(e);
    EXPECT_EQ(b.source, "/srv/data");
    EXPECT_EQ(e.target, "/data");
    EXPECT_EQ(b.shape, BindShape::kDir);  // not rbind, not a file
    EXPECT_FALSE(b.source_in_ns);
    EXPECT_TRUE(e.is_mount());
    EXPECT_FALSE(e.tmpfs());
    EXPECT_FALSE(e.targets_file());
    EXPECT_EQ(b.flags, 0u);
    EXPECT_FALSE(b.owner.any());
    EXPECT_FALSE(e.is_synthetic());
    EXPECT_EQ(e.line, 1u);
}

TEST(ParseMountProfile, RbindWithEveryFlag) {
    MountEntry e = only_entry("/srv/tree /opt/tree none rbind,ro,nosuid,nodev,noexec\n");
    ASSERT_TRUE(e.bind());
    EXPECT_EQ(bind_of(e).shape, BindShape::kTree);
    EXPECT_EQ(bind_of(e).flags, static_cast<unsigned long>(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC));
}

TEST(ParseMountProfile, EachFlagMapsToItsMsConstant) {
    EXPECT_EQ(bind_of(only_entry("/s /t none bind,ro")).flags, static_cast<unsigned long>(MS_RDONLY));
    EXPECT_EQ(bind_of(only_entry("/s /t none bind,nosuid")).flags, static_cast<unsigned long>(MS_NOSUID));
    EXPECT_EQ(bind_of(only_entry("/s /t none bind,nodev")).flags, static_cast<unsigned long>(MS_NODEV));
    EXPECT_EQ(bind_of(only_entry("/s /t none bind,noexec")).flags, static_cast<unsigned long>(MS_NOEXEC));
}

TEST(ParseMountProfile, SourceInNamespace) {
    MountEntry e = only_entry("/app/share/layout /usr/share/layout none bind,x-cordon.source=ns\n");
    ASSERT_TRUE(e.bind());
    EXPECT_TRUE(bind_of(e).source_in_ns);
    EXPECT_EQ(bind_of(e).source, "/app/share/layout");
    MountEntry r = only_entry("/app/tree /opt/tree none rbind,ro,x-cordon.source=ns\n");
    EXPECT_TRUE(bind_of(r).source_in_ns);
    EXPECT_EQ(bind_of(r).shape, BindShape::kTree);
}

TEST(ParseMountProfile, FileBind) {
    MountEntry e = only_entry("/etc/hosts /etc/app-hosts none bind,ro,x-cordon.kind=file,x-cordon.mode=0644\n");
    EXPECT_EQ(bind_of(e).shape, BindShape::kFile);
    EXPECT_TRUE(e.targets_file());
    EXPECT_TRUE(e.is_mount());
    EXPECT_EQ(owner_of(e).mode, std::optional<mode_t>(0644));
}

TEST(ParseMountProfile, TmpfsWithFilesystemOptionsInTheGivenOrder) {
    MountEntry e = only_entry("tmpfs /var/cache/app tmpfs nr_inodes=1000,size=10m,nosuid,mode=1777,uid=0,gid=100\n");
    ASSERT_TRUE(e.tmpfs());
    EXPECT_TRUE(e.is_mount());
    EXPECT_EQ(tmpfs_of(e).source_word, "tmpfs");
    EXPECT_FALSE(e.bind());
    EXPECT_EQ(tmpfs_of(e).flags, static_cast<unsigned long>(MS_NOSUID));
    EXPECT_EQ(tmpfs_of(e).fs_options, "nr_inodes=1000,size=10m,mode=1777,uid=0,gid=100");
}

TEST(ParseMountProfile, TmpfsWithoutOptionsAndOtherSourceWords) {
    EXPECT_EQ(tmpfs_of(only_entry("tmpfs /scratch tmpfs")).fs_options, "");
    EXPECT_EQ(tmpfs_of(only_entry("app-scratch_1.x /scratch tmpfs")).source_word, "app-scratch_1.x");
    for (const char* size : {"size=0", "size=100", "size=10k", "size=10K", "size=3m", "size=1G", "size=50%"})
        EXPECT_EQ(tmpfs_of(only_entry("tmpfs /s tmpfs "s + size)).fs_options, size);
}

TEST(ParseMountProfile, Symlink) {
    MountEntry e = only_entry("none /etc/app.conf none x-cordon.kind=symlink,x-cordon.symlink=/app/etc/app.conf\n");
    ASSERT_TRUE(e.symlink());  // SOURCE "none": a symlink has no source
    EXPECT_FALSE(e.is_mount());
    EXPECT_EQ(dest_of(e), "/app/etc/app.conf");
    EXPECT_EQ(dest_of(only_entry("none /usr/lib/x none x-cordon.kind=symlink,x-cordon.symlink=../../app/lib")),
              "../../app/lib");
}

TEST(ParseMountProfile, EnsureDir) {
    MountEntry e = only_entry("none /var/lib/app none x-cordon.kind=ensure-dir,x-cordon.mode=0750,x-cordon.uid=0,"
                              "x-cordon.gid=4294967294\n");
    EXPECT_TRUE(std::holds_alternative<EnsureDir>(e.what));
    EXPECT_FALSE(e.is_mount());
    EXPECT_EQ(owner_of(e).mode, std::optional<mode_t>(0750));
    EXPECT_EQ(owner_of(e).uid, std::optional<uid_t>(0));
    EXPECT_EQ(owner_of(e).gid, std::optional<gid_t>(4294967294u));
    MountEntry bare = only_entry("none /var/lib/app none x-cordon.kind=ensure-dir");
    EXPECT_TRUE(std::holds_alternative<EnsureDir>(bare.what));
    EXPECT_FALSE(owner_of(bare).any());
}

TEST(ParseMountProfile, ModeUidGidOnMountPoints) {
    MountEntry e = only_entry("/s /t none bind,x-cordon.mode=7777,x-cordon.uid=1000,x-cordon.gid=1000");
    EXPECT_EQ(owner_of(e).mode, std::optional<mode_t>(07777));
    EXPECT_EQ(owner_of(e).uid, std::optional<uid_t>(1000));
    MountEntry t = only_entry("tmpfs /t tmpfs mode=0700,x-cordon.mode=0");
    EXPECT_EQ(tmpfs_of(t).owner.mode, std::optional<mode_t>(0));
    EXPECT_EQ(tmpfs_of(t).fs_options, "mode=0700");
}

TEST(ParseMountProfile, SyntheticEntriesInTheCurrentProfile) {
    MountProfile p = current(
        "tmpfs /usr/share tmpfs mode=0755,uid=0,gid=0,x-cordon.synthetic,x-cordon.needed-by=/usr/share/app\n"
        "/usr/share/doc /usr/share/doc none rbind,x-cordon.source=ns,x-cordon.synthetic,"
        "x-cordon.needed-by=/usr/share/app\n"
        "none /usr/share/link none x-cordon.kind=symlink,x-cordon.symlink=doc,x-cordon.synthetic,"
        "x-cordon.needed-by=/usr/share/app\n"
        "/srv/app /usr/share/app none bind\n");
    ASSERT_EQ(p.entries.size(), 4u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(p.entries[i].is_synthetic());
        EXPECT_EQ(p.entries[i].needed_by, "/usr/share/app");
    }
    EXPECT_FALSE(p.entries[3].is_synthetic());
    EXPECT_EQ(p.entries[3].needed_by, std::nullopt);
}

TEST(ParseMountProfile, CurrentProfileMayRepeatTargets) {
    MountProfile p = current("/a /x none bind\n"
                             "tmpfs /x tmpfs x-cordon.synthetic,x-cordon.needed-by=/x/new\n");
    EXPECT_EQ(p.entries.size(), 2u);
}

TEST(ParseMountProfile, FreqAndPassnoZero) {
    EXPECT_EQ(bind_of(only_entry("/s /t none bind 0")).source, "/s");
    EXPECT_EQ(bind_of(only_entry("/s /t none bind 0 0")).source, "/s");
    EXPECT_EQ(only_entry("/s\t/t\t\tnone   bind\t0 \t0   ").target, "/t");
    // Zero as strtol reads it, like libmount: a sign, leading zeros, and
    // leading whitespace that does not split fields.
    for (const char* zero : {"+0", "-0", "000", "\v0", "\f+0"})
        EXPECT_EQ(only_entry("/s /t none bind "s + zero + " " + zero).target, "/t") << zero;
}

TEST(ParseMountProfileErrors, FreqAndPassnoAreNeverWrapped) {
    // libmount stores FREQ in an int, so 4294967296 read as 0 there; only
    // a zero is zero here.
    expect_error_at(at_line_3("/s /t none bind 4294967296"), 3, "FREQ and PASSNO must be 0");
    expect_error_at(at_line_3("/s /t none bind 0 21474836480"), 3, "FREQ and PASSNO must be 0");
    // A field of whitespace only is no number (libmount's strtol would
    // have skipped it into the next field).
    expect_error_at(at_line_3("/s /t none bind \v 0"), 3, "FREQ and PASSNO must be numbers");
}

TEST(ParseMountProfile, EmptyCommentsOnlyAndBlank) {
    EXPECT_TRUE(desired("").entries.empty());
    EXPECT_TRUE(desired("\n\n").entries.empty());
    EXPECT_TRUE(desired("# nothing\n   # indented\n\t\n \r\n").entries.empty());
    EXPECT_TRUE(desired("# no final newline").entries.empty());
}

TEST(ParseMountProfile, LineNumbersSkipCommentsBlankAndCrLfLines) {
    const char* text =
        "# cordon profile\n"                    // 1
        "\n"                                    // 2
        "/a /a none bind\n"                     // 3
        "   # indented comment\n"               // 4
        "\t\n"                                  // 5
        "\r\n"                                  // 6
        "  \t tmpfs /b tmpfs size=1m\r\n"       // 7 (indented, CRLF)
        "#/c /c none bind\n"                    // 8
        "none /d none x-cordon.kind=ensure-dir";  // 9, no final newline
    MountProfile p = desired(text);
    ASSERT_EQ(p.entries.size(), 3u);
    EXPECT_EQ(p.entries[0].line, 3u);
    EXPECT_EQ(p.entries[0].target, "/a");
    EXPECT_EQ(p.entries[1].line, 7u);
    EXPECT_EQ(tmpfs_of(p.entries[1]).fs_options, "size=1m");
    EXPECT_EQ(p.entries[2].line, 9u);
    EXPECT_TRUE(std::holds_alternative<EnsureDir>(p.entries[2].what));
}

TEST(ParseMountProfile, CarriageReturnEndingTheLastLineIsDroppedToo) {
    // libmount drops a '\r' at the end of a line even without a '\n'.
    MountEntry e = only_entry("/a /a none bind\r");
    EXPECT_TRUE(e.bind());
    EXPECT_EQ(desired("/a /a none bind\n\r").entries.size(), 1u);
    expect_error_at("/a /a none bind\n/b /b none bind,nope\r", 2, "unknown option \"nope\"");
}

TEST(ParseMountProfile, EscapedFields) {
    MountEntry e = only_entry(R"(/srv/my\040data /opt/with\011tab\012newline\134back none bind)");
    EXPECT_EQ(bind_of(e).source, "/srv/my data");
    EXPECT_EQ(e.target, "/opt/with\ttab\nnewline\\back");
    // A backslash not followed by three octal digits stays as it is.
    EXPECT_EQ(only_entry(R"(/s /a\b\18 none bind)").target, R"(/a\b\18)");
}

TEST(ParseMountProfile, EscapedCommaInsideSymlinkValue) {
    // \134 is the backslash: the options field reads
    // x-cordon.symlink=a\054b, whose value decodes to "a,b".
    MountEntry e = only_entry(R"(none /l none x-cordon.kind=symlink,x-cordon.symlink=a\134054b\040c)");
    EXPECT_EQ(dest_of(e), "a,b c");
}

// ---------------------------------------------------------------------------
// Errors, each with its FILE:LINE

TEST(ParseMountProfileErrors, LibmountRefusesLinesWithTooFewFields) {
    expect_error_at("onlyone\n", 1, "no TARGET");
    expect_error_at(at_line_3("/s /t"), 3, "no FSTYPE");
    expect_error_at("# one\n   \n/a /a none bind\n\n# two\n\t# three\n/just-one\n/b /b none bind\n", 7, "no TARGET");
}

TEST(ParseMountProfileErrors, LibmountRefusesNonNumericFreqAndPassno) {
    expect_error_at(at_line_3("/s /t none bind x"), 3, "FREQ and PASSNO");
    expect_error_at(at_line_3("/s /t none bind 0 zero"), 3, "FREQ and PASSNO");
}

TEST(ParseMountProfileErrors, MalformedLastLineWithoutNewlineIsStillReported) {
    // libmount returns success when its callback stops it on the last line.
    expect_error_at("/a /a none bind\n\n/b", 3, "no TARGET");
    expect_error_at("/a /a none bind\n/b /b none bind x", 2, "FREQ and PASSNO");
}

TEST(ParseMountProfileErrors, FirstBadLineWins) {
    // A validation error before a libmount error, and the other way round.
    expect_error_at("/a /a none bind\n/b /b none bogus\n/c\n", 2, "unknown option");
    expect_error_at("/a /a none bind\n/c\n/b /b none bogus\n", 2, "no TARGET");
}

TEST(ParseMountProfileErrors, NumbersFirstWouldBeMountinfo) {
    expect_error_at("# c\n1 2 none bind\n", 2, "must not be numbers");
    expect_error_at("Filename\tType\tSize\n", 1, "must not be numbers");
}

TEST(ParseMountProfileErrors, FreqPassnoAndTrailingFields) {
    expect_error_at(at_line_3("/s /t none bind 1"), 3, "FREQ and PASSNO must be 0");
    expect_error_at(at_line_3("/s /t none bind 0 2"), 3, "FREQ and PASSNO must be 0");
    expect_error_at(at_line_3("/s /t none bind -1 0"), 3, "FREQ and PASSNO must be 0");
    expect_error_at(at_line_3("/s /t none bind 0 0 extra"), 3, "trailing text after PASSNO");
}

TEST(ParseMountProfileErrors, NulBytes) {
    expect_error_at("/a /a none bind\n/b /b\0 none bind\n"s, 2, "NUL byte");
    expect_error_at(at_line_3(R"(/s /t\000x none bind)"), 3, "escaped NUL");
    expect_error_at(at_line_3(R"(none /l none x-cordon.kind=symlink,x-cordon.symlink=a\134000)"), 3, "NUL");
}

TEST(ParseMountProfileErrors, Options) {
    struct Case {
        const char* line;
        const char* reason;
    } cases[] = {
        {"/s /t none bind,bogus", "unknown option \"bogus\""},
        {"/s /t none bind,rw", "unknown option \"rw\""},
        {"/s /t none bind,defaults", "unknown option \"defaults\""},
        {"/s /t none bind,x-cordon.other=1", "unknown option \"x-cordon.other\""},
        {"/s /t none bind,ro,ro", "\"ro\" given twice"},
        {"/s /t none bind,bind", "\"bind\" given twice"},
        {"/s /t none bind,rbind", "exclude each other"},
        {"/s /t none bind,ro=1", "\"ro\" takes no value"},
        {"/s /t none bind=1", "\"bind\" takes no value"},
        {"/s /t none bind,x-cordon.mode=", "\"x-cordon.mode\" needs a value"},
        {"/s /t none bind,x-cordon.mode", "\"x-cordon.mode\" needs a value"},
        {"/s /t none bind,x-cordon.mode=0800", "octal"},
        {"/s /t none bind,x-cordon.mode=10000", "at most 07777"},
        {"/s /t none bind,x-cordon.mode=rwx", "octal"},
        {"/s /t none bind,x-cordon.uid=-1", "decimal id"},
        {"/s /t none bind,x-cordon.uid=4294967295", "decimal id"},
        {"/s /t none bind,x-cordon.gid=0x10", "decimal id"},
        {"/s /t none bind,x-cordon.gid=+1", "decimal id"},
        {"/s /t none bind,x-cordon.kind=dir", "file, symlink or ensure-dir"},
        {"/s /t none bind,x-cordon.source=host", "must be \"ns\""},
        {"/s /t none bind,x-cordon.source=ns,x-cordon.source=ns", "given twice"},
        {"/s /t none x-cordon.kind=symlink,x-cordon.symlink=\"a,b\"", "'\"'"},
        {"/s /t none bind,size=1m", "only for fstype tmpfs"},
        {"tmpfs /t tmpfs size=10x", "size= must be"},
        {"tmpfs /t tmpfs size=", "size= must be"},
        {"tmpfs /t tmpfs size", "\"size\" needs a value"},
        {"tmpfs /t tmpfs size=1m,size=2m", "\"size\" given twice"},
        {"tmpfs /t tmpfs mode=0888", "mode= must be octal"},
        {"tmpfs /t tmpfs mode=17777", "mode= must be octal"},
        {"tmpfs /t tmpfs uid=-5", "uid= must be"},
        {"tmpfs /t tmpfs gid=4294967295", "gid= must be"},
        {"tmpfs /t tmpfs nr_inodes=1k", "nr_inodes= must be"},
        {"tmpfs /t tmpfs huge=always", "unknown option \"huge\""},
        {"tmpfs /t tmpfs x-cordon.synthetic,x-cordon.needed-by=/t/x", "only allowed in the current profile"},
        {"tmpfs /t tmpfs x-cordon.needed-by=/t/x", "only allowed in the current profile"},
    };
    for (const auto& c : cases) expect_error_at(at_line_3(c.line), 3, c.reason);
}

TEST(ParseMountProfileErrors, Combinations) {
    struct Case {
        const char* line;
        const char* reason;
    } cases[] = {
        {"/s /t ext4 bind", "fstype must be \"none\" or \"tmpfs\", not \"ext4\""},
        {"/s /t bind bind", "fstype must be"},
        {"tmpfs /t tmpfs bind", "a bind mount needs fstype \"none\""},
        {"tmpfs /t tmpfs rbind", "a bind mount needs fstype \"none\""},
        {"/s /t none ro", "fstype \"none\" needs bind or rbind"},
        {"/s /t none", "fstype \"none\" needs bind or rbind"},
        {"none /t none x-cordon.kind=symlink", "needs x-cordon.symlink=DEST"},
        {"none /t none x-cordon.kind=symlink,x-cordon.symlink=", "needs a value"},
        {"none /t none bind,x-cordon.kind=symlink,x-cordon.symlink=a", "no bind or rbind"},
        {"/s /t none x-cordon.kind=symlink,x-cordon.symlink=a", "needs the source \"none\""},
        {"none /t none ro,x-cordon.kind=symlink,x-cordon.symlink=a", "no ro, nosuid"},
        {"none /t none x-cordon.kind=symlink,x-cordon.symlink=a,x-cordon.mode=0755", "not for symlinks"},
        {"none /t none x-cordon.kind=symlink,x-cordon.symlink=a,x-cordon.uid=0", "not for symlinks"},
        {"none /t none x-cordon.kind=symlink,x-cordon.symlink=a\\134012b", "newline"},
        {"none /t none x-cordon.kind=symlink,x-cordon.symlink=a,x-cordon.source=ns", "no x-cordon.source"},
        {"tmpfs /t tmpfs x-cordon.kind=symlink,x-cordon.symlink=a", "needs fstype \"none\""},
        {"/s /t none bind,x-cordon.symlink=a", "only for x-cordon.kind=symlink"},
        {"none /t none x-cordon.kind=ensure-dir,x-cordon.symlink=a", "only for x-cordon.kind=symlink"},
        {"tmpfs /t tmpfs x-cordon.kind=ensure-dir", "needs fstype \"none\""},
        {"/s /t none x-cordon.kind=ensure-dir", "needs the source \"none\""},
        {"none /t none nodev,x-cordon.kind=ensure-dir", "no ro, nosuid"},
        {"/s /t none rbind,x-cordon.kind=file", "needs bind, not rbind"},
        {"/s /t none x-cordon.kind=file", "needs bind or rbind"},
        {"tmpfs /t tmpfs x-cordon.kind=file", "a tmpfs needs a directory"},
        {"tmpfs /t tmpfs x-cordon.source=ns", "x-cordon.source=ns needs bind or rbind"},
        {"s /t none bind,x-cordon.source=ns", "source (in the namespace) \"s\" must be a clean absolute path"},
        {"/a/../b /t none bind,x-cordon.source=ns", "must be a clean absolute path"},
        {"relative /t none bind", "source (on the host) \"relative\" must be a clean absolute path"},
        {"/srv/../etc /t none bind", "must be a clean absolute path"},
        {"/srv/ /t none bind", "must be a clean absolute path"},
        {"/srv//x /t none bind", "must be a clean absolute path"},
        {"/ /t none bind", "must be a clean absolute path"},
        {"/tmp/./x /t none rbind", "must be a clean absolute path"},
        {"tmp/fs /t tmpfs", "the source of a tmpfs must be a word"},
        {"tmp\\040fs /t tmpfs", "the source of a tmpfs must be a word"},
        {"none /t none", "needs bind or rbind"},
    };
    for (const auto& c : cases) expect_error_at(at_line_3(c.line), 3, c.reason);
}

TEST(ParseMountProfileErrors, Targets) {
    const char* bad_paths[] = {"relative", "/", "/a/", "/a//b", "/a/./b", "/a/../b", "/..", "/.", "./a", "//a"};
    for (const char* t : bad_paths)
        expect_error_at(at_line_3("/s "s + t + " none bind"), 3, "target \""s + t + "\" must be a clean absolute path");
    for (const char* t : {"/proc", "/proc/sys/kernel", "/sys", "/sys/fs/cgroup", "/dev", "/dev/shm"})
        expect_error_at(at_line_3("tmpfs "s + t + " tmpfs"), 3, "lies within /" + std::string(t).substr(1, 3));
    // Not within them:
    EXPECT_EQ(only_entry("tmpfs /procx tmpfs").target, "/procx");
    EXPECT_EQ(only_entry("tmpfs /device tmpfs").target, "/device");
    EXPECT_EQ(only_entry("tmpfs /usr/dev tmpfs").target, "/usr/dev");
    std::string long_path = "/" + std::string(PATH_MAX, 'a');
    expect_error_at("/s " + long_path + " none bind\n", 1, "target is longer than");
}

TEST(ParseMountProfileErrors, DuplicateTargetsInTheDesiredProfile) {
    expect_error_at("/a /x none bind\n# later\n\ntmpfs /x tmpfs\n", 4, "target \"/x\" given twice (first at line 1)");
}

TEST(ParseMountProfileErrors, NothingBelowASymlinkOrAFile) {
    expect_error_at("none /l none x-cordon.kind=symlink,x-cordon.symlink=/x\n\n/s /l/sub none bind\n", 3,
                    "lies below the symlink \"/l\" (line 1)");
    expect_error_at("/s /l/sub none bind\nnone /l none x-cordon.kind=symlink,x-cordon.symlink=/x\n", 2,
                    "\"/l\" is a symlink but \"/l/sub\" (line 1) lies below it");
    expect_error_at("/f /etc/f none bind,x-cordon.kind=file\ntmpfs /etc/f/x tmpfs\n", 2,
                    "lies below the file \"/etc/f\" (line 1)");
    // Siblings with a common prefix are fine.
    EXPECT_EQ(desired("none /l none x-cordon.kind=symlink,x-cordon.symlink=/x\n/s /l-sub none bind\n").entries.size(),
              2u);
}

TEST(ParseMountProfileErrors, SyntheticRulesInTheCurrentProfile) {
    const auto cur = ProfileRole::kCurrent;
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.synthetic"), 3, "needs x-cordon.needed-by=TARGET", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.needed-by=/t/x"), 3, "only for x-cordon.synthetic", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.synthetic=1,x-cordon.needed-by=/t/x"), 3, "takes no value",
                    cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.synthetic,x-cordon.needed-by=t/x"), 3,
                    "x-cordon.needed-by \"t/x\" must be a clean absolute path", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.synthetic,x-cordon.needed-by="), 3, "needs a value", cur);
}

TEST(ParseMountProfileErrors, ErrorsAreTheSameAfterCommentsAndBlankLines) {
    // The same bad entry at different positions reports its own line.
    for (unsigned blanks = 0; blanks < 4; ++blanks) {
        std::string text = "/a /a none bind\n";
        for (unsigned i = 0; i < blanks; ++i) text += i % 2 ? "# comment\n" : "  \n";
        text += "/b /b none bind,nope\n";
        expect_error_at(text, 2 + blanks, "unknown option \"nope\"");
    }
}

TEST(ParseMountProfileErrors, AwkwardValuesKeepTheMessageOnOneLine) {
    // The value quoted in the reason holds a newline (\012).
    Error e = parse_error(at_line_3("/s /t none bind,x-cordon.mode=a\\012b"), ProfileRole::kDesired);
    EXPECT_EQ(e.action(), "parse " + kFile + ":3");
    EXPECT_EQ(e.reason().find('\n'), std::string::npos);
}

// ---------------------------------------------------------------------------
// Formatting and round trips

void expect_round_trip(const MountProfile& p) {
    std::string text = format_mount_profile(p);
    SCOPED_TRACE(text);
    MountProfile back = current(text);
    ASSERT_EQ(back.entries.size(), p.entries.size());
    for (std::size_t i = 0; i < p.entries.size(); ++i) {
        EXPECT_TRUE(back.entries[i].same_as(p.entries[i])) << "entry " << i;
        EXPECT_EQ(back.entries[i].line, i + 1);
    }
    EXPECT_EQ(format_mount_profile(back), text);
}

TEST(FormatMountProfile, CanonicalText) {
    MountProfile p = current(
        "# comment\n"
        "/srv/d /d none x-cordon.uid=5,noexec,x-cordon.mode=755,ro,rbind,nosuid,nodev,x-cordon.gid=6 0 0\n"
        "tmpfs /t tmpfs x-cordon.mode=1777,mode=1777,ro,size=1m\n"
        "tmpfs /plain tmpfs\n"
        "/ns/f /f none x-cordon.kind=file,x-cordon.source=ns,bind\n"
        "none /l none x-cordon.symlink=../x,x-cordon.kind=symlink\n"
        "none /e none x-cordon.kind=ensure-dir,x-cordon.mode=0700\n"
        "tmpfs /m tmpfs x-cordon.needed-by=/m/x,x-cordon.synthetic,mode=0755\n");
    EXPECT_EQ(format_mount_profile(p),
              "/srv/d /d none rbind,ro,nosuid,nodev,noexec,x-cordon.mode=0755,x-cordon.uid=5,x-cordon.gid=6\n"
              "tmpfs /t tmpfs ro,mode=1777,size=1m,x-cordon.mode=1777\n"
              "tmpfs /plain tmpfs\n"
              "/ns/f /f none bind,x-cordon.source=ns,x-cordon.kind=file\n"
              "none /l none x-cordon.kind=symlink,x-cordon.symlink=../x\n"
              "none /e none x-cordon.kind=ensure-dir,x-cordon.mode=0700\n"
              "tmpfs /m tmpfs mode=0755,x-cordon.synthetic,x-cordon.needed-by=/m/x\n");
    expect_round_trip(p);
}

// The current profile's bookkeeping: the mount id of each mount entry and
// the write-ahead mark, written in a fixed place and read back.
TEST(FormatMountProfile, MountIdAndPendingRoundTrip) {
    MountProfile p = current(
        "tmpfs /t tmpfs x-cordon.over=21,x-cordon.pending=mount,size=1m\n"
        "/s /b none x-cordon.mount-id=4294967295,bind,ro\n"
        "tmpfs /m tmpfs x-cordon.pending=unmount,x-cordon.mount-id=77,x-cordon.synthetic,x-cordon.needed-by=/m/x\n");
    ASSERT_EQ(p.entries.size(), 3u);
    EXPECT_EQ(p.entries[0].pending(), Pending::kMount);
    EXPECT_FALSE(p.entries[0].mount_id());
    EXPECT_EQ(p.entries[0].log()->over_id, 21u);
    EXPECT_EQ(p.entries[1].pending(), Pending::kNone);
    EXPECT_EQ(p.entries[1].mount_id(), 4294967295u);
    EXPECT_EQ(p.entries[2].pending(), Pending::kUnmount);
    EXPECT_EQ(p.entries[2].mount_id(), 77u);
    EXPECT_EQ(format_mount_profile(p),
              "tmpfs /t tmpfs size=1m,x-cordon.pending=mount,x-cordon.over=21\n"
              "/s /b none bind,ro,x-cordon.mount-id=4294967295\n"
              "tmpfs /m tmpfs x-cordon.synthetic,x-cordon.needed-by=/m/x,x-cordon.mount-id=77,"
              "x-cordon.pending=unmount\n");
    expect_round_trip(p);
    MountProfile back = current(format_mount_profile(p));
    for (std::size_t i = 0; i < p.entries.size(); ++i) {
        EXPECT_EQ(back.entries[i].mount_id(), p.entries[i].mount_id()) << i;
        EXPECT_EQ(back.entries[i].pending(), p.entries[i].pending()) << i;
        EXPECT_EQ(back.entries[i].log()->over_id, p.entries[i].log()->over_id) << i;
    }
}

TEST(ParseMountProfile, MountIdAndPendingOnlyInTheCurrentProfileOnMounts) {
    auto cur = ProfileRole::kCurrent;
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.mount-id=5"), 3, "only allowed in the current profile",
                    ProfileRole::kDesired);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.pending=mount"), 3, "only allowed in the current profile",
                    ProfileRole::kDesired);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.mount-id=0"), 3, "from 1 to 4294967295", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.mount-id=4294967296"), 3, "from 1 to 4294967295", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.mount-id=-1"), 3, "from 1 to 4294967295", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.mount-id="), 3, "needs a value", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.pending"), 3, "needs a value", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.pending=yes"), 3, "mount or unmount", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.over=3"), 3, "only for x-cordon.pending=mount", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.pending=unmount,x-cordon.over=3"), 3,
                    "only for x-cordon.pending=mount", cur);
    expect_error_at(at_line_3("tmpfs /t tmpfs x-cordon.pending=mount,x-cordon.over=0"), 3, "from 1 to", cur);
    expect_error_at(at_line_3("none /l none x-cordon.kind=symlink,x-cordon.symlink=x,x-cordon.mount-id=3"), 3,
                    "only for mount entries", cur);
    expect_error_at(at_line_3("none /e none x-cordon.kind=ensure-dir,x-cordon.pending=mount"), 3,
                    "only for mount entries", cur);
}

TEST(FormatMountProfile, EmptyProfile) {
    EXPECT_EQ(format_mount_profile(MountProfile{}), "");
    expect_round_trip(MountProfile{});
}

MountEntry make_bind(std::string source, std::string target) {
    return MountEntry{std::move(target), Mounted{Bind{std::move(source)}, {}}};
}

MountEntry make_tmpfs(std::string target, std::string fs_options) {
    Tmpfs t;
    t.fs_options = std::move(fs_options);
    return MountEntry{std::move(target), Mounted{std::move(t), {}}};
}

TEST(FormatMountProfile, AwkwardPathsRoundTrip) {
    const char* awkward[] = {
        "/with space",     "/with\ttab",      "/with\nnewline",   "/back\\slash",     "/literal\\040escape",
        "/trailing\\",     "/#hash",          "/a,comma",         "/quote\"d",        "/eq=ual",
        "/ctl\x01\x7f",    "/cr\r",           "/utf8/\xc3\xa9t\xc3\xa9", "/  two  spaces  ", "/\\134",
    };
    MountProfile p;
    for (const char* path : awkward) p.entries.push_back(make_bind(path, std::string("/t") + path));
    expect_round_trip(p);
    // The escapes are the ones libmount writes.
    std::string text = format_mount_profile(p);
    EXPECT_NE(text.find("/with\\040space"), std::string::npos);
    EXPECT_NE(text.find("/with\\011tab"), std::string::npos);
    EXPECT_NE(text.find("/with\\012newline"), std::string::npos);
    EXPECT_NE(text.find("/back\\134slash"), std::string::npos);
}

TEST(FormatMountProfile, AwkwardSymlinkTargetsAndNeededByRoundTrip) {
    const char* awkward[] = {"a,b",   "a\"b",     "back\\slash", "\\054", "x=y,z=w", "with space\tand tab",
                             "../up", "/abs/ok", "\xe2\x9c\x93", ",",     "\"",      "\\"};
    MountProfile p;
    int n = 0;
    for (const char* dest : awkward) {
        MountEntry e{"/l" + std::to_string(n++), Symlink{dest}};
        e.needed_by = std::string("/needed,by \"") + dest;
        p.entries.push_back(e);
    }
    expect_round_trip(p);
}

TEST(FormatMountProfile, EveryKindRoundTrips) {
    MountProfile p = current(
        "/srv/data /data none bind\n"
        "/srv/tree /opt/tree none rbind,ro,nosuid,nodev,noexec,x-cordon.mode=0700,x-cordon.uid=1,x-cordon.gid=2\n"
        "/app/share /usr/share/x none bind,x-cordon.source=ns\n"
        "/etc/hosts /etc/h none bind,x-cordon.kind=file\n"
        "tmpfs /var/cache tmpfs nosuid,nodev,size=10m,nr_inodes=100,mode=01777,uid=0,gid=0\n"
        "none /etc/link none x-cordon.kind=symlink,x-cordon.symlink=/app/etc\n"
        "none /var/lib/x none x-cordon.kind=ensure-dir,x-cordon.mode=0750,x-cordon.uid=0,x-cordon.gid=0\n"
        "tmpfs /usr/lib tmpfs mode=0755,x-cordon.synthetic,x-cordon.needed-by=/usr/lib/app\n"
        "/usr/lib/x /usr/lib/x none rbind,x-cordon.source=ns,x-cordon.synthetic,x-cordon.needed-by=/usr/lib/app\n");
    EXPECT_EQ(p.entries.size(), 9u);
    expect_round_trip(p);
    // A desired profile's text parses back as a desired profile too.
    MountProfile d = desired(
        "/srv/data /data none bind\n"
        "tmpfs /var/cache tmpfs size=10m\n");
    EXPECT_EQ(desired(format_mount_profile(d)).entries.size(), 2u);
}

TEST(FormatMountProfile, RefusesEntriesParseWouldRefuse) {
    MountProfile p;
    p.entries.push_back(make_bind("relative", "/t"));
    EXPECT_THROW(format_mount_profile(p), Error);
    p.entries = {make_bind("/s", "/proc/x")};
    EXPECT_THROW(format_mount_profile(p), Error);
    p.entries = {MountEntry{"/l", Symlink{"a\nb"}}};
    EXPECT_THROW(format_mount_profile(p), Error);
    MountEntry syn = make_bind("/s", "/t");
    syn.needed_by = "";  // synthetic without a target that needed it
    p.entries = {syn};
    try {
        format_mount_profile(p);
        ADD_FAILURE() << "no throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "format mount profile entry \"/t\"");
        EXPECT_NE(e.reason().find("needed-by"), std::string::npos);
    }
    p.entries = {make_tmpfs("/t", "size=1m,exec")};
    EXPECT_THROW(format_mount_profile(p), Error);
    p.entries = {make_tmpfs("/t", "size=1m")};
    EXPECT_EQ(format_mount_profile(p), "tmpfs /t tmpfs size=1m\n");
}

// The types leave no combination of options that no kind has (a tmpfs
// cannot be a bind or a file, a symlink has no flags or owner, only a mount
// has a log); what they can still hold is a bad value, which the writer
// refuses as the parser would, with the parser's reason.
TEST(FormatMountProfile, RefusesBadValuesTheTypesCanHold) {
    auto reason = [](MountEntry e) {
        MountProfile p;
        p.entries = {std::move(e)};
        try {
            format_mount_profile(p);
        } catch (const Error& err) {
            EXPECT_EQ(err.action(), "format mount profile entry " + in_quotes(p.entries[0].target));
            return err.reason();
        }
        return std::string("<written>");
    };
    auto has = [](const std::string& text, const std::string& part) {
        return text.find(part) != std::string::npos ? ::testing::AssertionSuccess()
                                                    : ::testing::AssertionFailure() << text << " lacks " << part;
    };
    MountEntry word = make_tmpfs("/t", "");
    std::get<Tmpfs>(word.mounted()->how).source_word = "a b";
    EXPECT_TRUE(has(reason(word), "must be a word"));
    EXPECT_TRUE(has(reason(MountEntry{"/l", Symlink{""}}), "needs x-cordon.symlink=DEST"));
    EXPECT_TRUE(has(reason(make_bind("/s", "/dev/x")), "lies within /dev"));
    MountEntry flags = make_bind("/s", "/t");
    std::get<Bind>(flags.mounted()->how).flags = MS_BIND;
    EXPECT_TRUE(has(reason(flags), "unsupported mount flags"));
    MountEntry mode{"/d", EnsureDir{Owner{010000, {}, {}}}};
    EXPECT_TRUE(has(reason(mode), "at most 07777"));
    MountEntry needed = make_tmpfs("/t", "");
    needed.needed_by = "t/x";
    EXPECT_TRUE(has(reason(needed), "x-cordon.needed-by \"t/x\" must be a clean absolute path"));
    MountEntry over = make_tmpfs("/t", "");
    over.log()->over_id = 3;  // without pending=mount
    EXPECT_TRUE(has(reason(over), "only for x-cordon.pending=mount"));
    MountEntry id = make_tmpfs("/t", "");
    id.log()->mount_id = 0;
    EXPECT_TRUE(has(reason(id), "must not be 0"));
    // A writable mimic as cordon-update-ns builds it is written as read.
    MountEntry mimic{"/usr/lib", Mounted{Tmpfs{"tmpfs", 0, "mode=0755,uid=0,gid=0"}, {}}, "/usr/lib/app"};
    EXPECT_EQ(reason(mimic), "<written>");
    MountProfile p;
    p.entries = {mimic};
    EXPECT_EQ(format_mount_profile(p),
              "tmpfs /usr/lib tmpfs mode=0755,uid=0,gid=0,x-cordon.synthetic,x-cordon.needed-by=/usr/lib/app\n");
}

// ---------------------------------------------------------------------------
// Equality

TEST(MountEntrySameAs, ComparesEverythingButTheLine) {
    MountEntry a = make_bind("/s", "/t");
    MountEntry b = a;
    b.line = 42;
    EXPECT_TRUE(a.same_as(b));
    // Bookkeeping: the same entry, whichever mount carries it.
    *b.log() = {12, Pending::kMount, 3};
    EXPECT_TRUE(a.same_as(b));
    EXPECT_TRUE(b.same_as(a));
    auto differs = [&](auto change) {
        MountEntry c = a;
        change(c);
        return !a.same_as(c) && !c.same_as(a);
    };
    auto bind = [](MountEntry& e) -> Bind& { return std::get<Bind>(e.mounted()->how); };
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).source = "/s2"; }));
    EXPECT_TRUE(differs([](MountEntry& e) { e.target = "/t2"; }));
    EXPECT_TRUE(differs([](MountEntry& e) { e.mounted()->how = Tmpfs{"/s"}; }));  // fstype, no bind
    EXPECT_TRUE(differs([](MountEntry& e) { e.what = EnsureDir{}; }));            // no bind, no mount
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).shape = BindShape::kTree; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).source_in_ns = true; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).shape = BindShape::kFile; }));
    EXPECT_TRUE(differs([](MountEntry& e) { e.what = Symlink{"x"}; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).owner.mode = 0755; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).owner.uid = 0; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).owner.gid = 0; }));
    EXPECT_TRUE(differs([&](MountEntry& e) { bind(e).flags = MS_RDONLY; }));
    EXPECT_TRUE(differs([](MountEntry& e) { e.mounted()->how = Tmpfs{"/s", 0, "size=1m"}; }));
    EXPECT_TRUE(differs([](MountEntry& e) { e.needed_by = "/x"; }));
    // Within the other kinds too.
    MountEntry link{"/l", Symlink{"a"}}, dir{"/d", EnsureDir{}};
    EXPECT_FALSE(link.same_as(MountEntry{"/l", Symlink{"b"}}));
    EXPECT_TRUE(link.same_as(MountEntry{"/l", Symlink{"a"}}));
    EXPECT_FALSE(dir.same_as(MountEntry{"/d", EnsureDir{Owner{0700, {}, {}}}}));
    EXPECT_FALSE(make_tmpfs("/t", "size=1m").same_as(make_tmpfs("/t", "size=2m")));
}

}  // namespace
}  // namespace cordon
