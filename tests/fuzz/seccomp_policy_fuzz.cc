// libFuzzer target for the seccomp policy parser (tests/fuzz/build-and-run
// builds and runs it). parse_seccomp_policy must either return a policy
// that satisfies the invariants below or throw cordon::Error; any other
// exception, a crash, a sanitizer report or a broken invariant is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/error.h"
#include "seccomp/policy.h"

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "seccomp_policy_fuzz: invariant broken: %s\n", what);
    std::abort();
}

void check(const cordon::SeccompPolicy& policy, const std::string& filename) {
    for (const cordon::SeccompRule& rule : policy.rules) {
        if (rule.syscall.empty()) broken("empty syscall name");
        for (char c : rule.syscall)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) broken("bad syscall name character");
        if (rule.pos.line == 0 || rule.pos.column == 0) broken("position not 1-based");
        if (rule.pos.file != filename && rule.pos.file != cordon::kDefaultTemplateName) broken("position names no file");
        if (rule.conditions.size() > 6) broken("more than 6 conditions");
        unsigned next = 0;
        for (const cordon::ArgCondition& c : rule.conditions) {
            if (c.index > 5 || c.index < next) broken("condition indexes not increasing within 0..5");
            next = c.index + 1;
            if (c.op == cordon::ArgOp::kMaskedEq && (c.value & ~c.mask) != 0) broken("masked value outside its mask");
            if (c.op != cordon::ArgOp::kMaskedEq && c.mask != 0) broken("mask on a non-masked condition");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string filename = "fuzz.seccomp";
    try {
        cordon::SeccompPolicy policy = cordon::parse_seccomp_policy(text, filename);
        check(policy, filename);
        (void)cordon::policy_digest(text);
    } catch (const cordon::Error& e) {
        // Errors name FILE:LINE:COL of the input or of the template.
        const std::string& action = e.action();
        if (action.rfind("parse " + filename + ":", 0) != 0 &&
            action.rfind(std::string("parse ") + cordon::kDefaultTemplateName + ":", 0) != 0)
            broken("error without a position");
        if (e.reason().empty()) broken("error without a reason");
    }
    return 0;
}
