#include "seccomp/compiler.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <string_view>
#include <vector>

#include "app/seccomp_files.h"
#include "core/app_files.h"
#include "core/debug.h"
#include "core/error.h"
#include "core/paths.h"
#include "os/secure_fs.h"
#include "os/unique_fd.h"
#include "seccomp/policy.h"
#include "seccomp/template_text.h"

namespace cordon {

namespace {

struct CtxDeleter {
    void operator()(void* ctx) const { seccomp_release(ctx); }
};
using Ctx = std::unique_ptr<void, CtxDeleter>;

scmp_compare to_scmp(ArgOp op) {
    switch (op) {
        case ArgOp::kEq: return SCMP_CMP_EQ;
        case ArgOp::kNe: return SCMP_CMP_NE;
        case ArgOp::kLt: return SCMP_CMP_LT;
        case ArgOp::kLe: return SCMP_CMP_LE;
        case ArgOp::kGt: return SCMP_CMP_GT;
        case ArgOp::kGe: return SCMP_CMP_GE;
        case ArgOp::kMaskedEq: return SCMP_CMP_MASKED_EQ;
    }
    return SCMP_CMP_EQ;
}

// The architectures a process on this machine can enter the kernel with:
// filtering only the native one would let 32-bit entry points (int 0x80,
// x32) bypass the filter.
void add_architectures(void* ctx) {
    if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
        for (std::uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
            int rc = seccomp_arch_add(ctx, arch);
            if (rc != 0 && rc != -EEXIST) throw SysError("add a seccomp architecture", -rc);
        }
    }
}

Ctx new_filter(std::uint32_t default_action) {
    Ctx ctx(seccomp_init(default_action));
    if (!ctx) throw Error("create a seccomp filter", "libseccomp failed");
    // cordon sets no_new_privs itself, when it should (launcher/confinement).
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_NNP, 0);
    // A binary tree of syscall numbers instead of a linear scan.
    seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
    add_architectures(ctx.get());
    return ctx;
}

void add_rule(void* ctx, std::uint32_t action, const SeccompRule& rule) {
    int nr = seccomp_syscall_resolve_name(rule.syscall.c_str());
    if (nr == __NR_SCMP_ERROR) throw Error("parse " + rule.pos.text(), "unknown syscall \"" + rule.syscall + "\"");
    std::vector<scmp_arg_cmp> conds;
    for (const ArgCondition& c : rule.conditions) {
        scmp_arg_cmp cmp{};
        cmp.arg = c.index;
        cmp.op = to_scmp(c.op);
        cmp.datum_a = c.op == ArgOp::kMaskedEq ? c.mask : c.value;
        cmp.datum_b = c.op == ArgOp::kMaskedEq ? c.value : 0;
        conds.push_back(cmp);
    }
    int rc = seccomp_rule_add_array(ctx, action, nr, static_cast<unsigned>(conds.size()), conds.data());
    if (rc != 0)
        throw Error("compile " + rule.pos.text(), std::string("libseccomp refuses the rule: ") + std::strerror(-rc));
}

std::vector<sock_filter> export_program(void* ctx, const char* what) {
    UniqueFd mem(memfd_create("cordon-seccomp", MFD_CLOEXEC));
    if (!mem) throw_errno("create a buffer for the seccomp program");
    int rc = seccomp_export_bpf(ctx, mem.get());
    if (rc != 0) throw SysError(std::string("export the seccomp ") + what + " program", -rc);
    off_t size = lseek(mem.get(), 0, SEEK_END);
    if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0)
        throw Error(std::string("export the seccomp ") + what + " program", "unexpected size");
    std::vector<sock_filter> prog(static_cast<std::size_t>(size) / sizeof(sock_filter));
    if (pread(mem.get(), prog.data(), static_cast<std::size_t>(size), 0) != size)
        throw_errno(std::string("read the seccomp ") + what + " program");
    if (prog.size() > kMaxProgramLength)
        throw Error(std::string("compile the seccomp ") + what + " program",
                    std::to_string(prog.size()) + " instructions, more than the kernel's 4096");
    return prog;
}

// write_file_atomically's temp files are ".APP.bpf." and 6 random hex
// digits. One is left behind when its writer is killed half-way, and
// cordon-seccomp-compile dies with the launcher, which the caller may
// kill at any moment: without a sweep, a loop of launches and kills would
// fill the directory. A writer's temp file lives for milliseconds (the
// helper has 60 s of CPU at most), so one older than kStaleTempAge is
// garbage; removing it races with no live writer.
constexpr time_t kStaleTempAge = 120;

void sweep_stale_temp_files(int dirfd, const std::string& app) {
    const std::string blob = app_files::seccomp_filter(app).name;
    struct timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    std::vector<std::string> stale;
    for (const std::string& name : dir_entries(dirfd, paths::kSeccompDir)) {
        struct stat st {};
        if (!is_temp_name_of(name, blob) || fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISREG(st.st_mode) && st.st_uid == 0 && st.st_mtim.tv_sec + kStaleTempAge < now.tv_sec)
            stale.push_back(name);
    }
    for (const std::string& name : stale) {
        debug("removing %s/%s, left by a compile that was killed", paths::kSeccompDir, name.c_str());
        remove_if_exists(dirfd, name, 0, std::string(paths::kSeccompDir) + "/" + name);
    }
}

}  // namespace

SeccompSource read_seccomp_source(const std::string& app) {
    SeccompPolicyFile file = read_seccomp_policy_file(app);
    if (file.text) return SeccompSource{std::move(*file.text), file.path, file.mtime};
    return SeccompSource{std::string(default_seccomp_template()), kDefaultTemplateName, {}};
}

CompiledSeccomp compile_seccomp(const SeccompSource& source) {
    SeccompPolicy policy = parse_seccomp_policy(source.text, source.filename);
    Ctx allow = new_filter(SCMP_ACT_ERRNO(ENOSYS));
    Ctx deny = new_filter(SCMP_ACT_ALLOW);
    for (const SeccompRule& rule : policy.rules) {
        if (rule.action == SeccompAction::kAllow)
            add_rule(allow.get(), SCMP_ACT_ALLOW, rule);
        else
            add_rule(deny.get(), SCMP_ACT_ERRNO(EPERM), rule);
    }
    // cordon attaches the allow program, then the deny program: the second
    // attach is a seccomp(2) call that has to pass the first. A filter can
    // only add restrictions, so allowing seccomp(SECCOMP_SET_MODE_FILTER)
    // gives the application nothing it could use against the policy.
    int seccomp_nr = seccomp_syscall_resolve_name("seccomp");
    scmp_arg_cmp set_filter = SCMP_A0(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER);
    int rc = seccomp_rule_add_array(allow.get(), SCMP_ACT_ALLOW, seccomp_nr, 1, &set_filter);
    if (rc != 0 && rc != -EEXIST) throw SysError("allow seccomp(SECCOMP_SET_MODE_FILTER)", -rc);

    CompiledSeccomp out;
    out.rules = policy.rules.size();
    out.blob.source_digest = policy_digest(source.text);
    out.blob.template_digest = kDefaultTemplateDigest;
    out.blob.allow = export_program(allow.get(), "allow");
    out.blob.deny = export_program(deny.get(), "deny");
    return out;
}

void store_seccomp_blob(const std::string& app, const SeccompBlob& blob) {
    UniqueFd lib = open_trusted(paths::kStateDir, O_PATH | O_DIRECTORY);
    UniqueFd dir = ensure_dir(lib.get(), "seccomp", DirSpec{0, 0, 0755}, paths::kSeccompDir);
    UniqueFd rdir(openat(dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rdir) throw_errno(std::string("open ") + paths::kSeccompDir);
    sweep_stale_temp_files(rdir.get(), app);
    const AppFile filter = app_files::seccomp_filter(app);
    write_file_atomically(rdir.get(), filter.name, encode_seccomp_blob(blob), 0644, Durability::kDurable,
                          filter.path());
}

}  // namespace cordon
