// Seccomp policies as data: the text of /etc/cordon/apps/APP.seccomp (or the
// shipped default template) parsed into rules. Pure: no libseccomp here;
// seccomp/compiler turns a policy into BPF. Grammar: docs/seccomp.md.
// Only the compiler side links this (cordonctl, cordon-seccomp-compile):
// the setuid launcher loads compiled filters and never parses a policy.
//
//   # comment
//   @include default          the shipped default template (only "default")
//   NAME [ARG...]             allow syscall NAME (optionally only when the
//                             argument conditions hold)
//   ~NAME [ARG...]            deny NAME with EPERM; denies win over allows
//
// ARG is one token per argument position, from the first:
//   -            any value
//   V  / ==V     equal            !=V          not equal
//   <V  <=V  >V  >=V              unsigned comparisons
//   M|V          (arg & M) == V   (masked: "4294967295|TIOCSTI" compares
//                                  only the low 32 bits)
//   &V           (arg & V) == V   (all bits of V set, e.g. &CLONE_NEWUSER)
// V and M are decimal, 0x hex, 0 octal, or a symbolic constant from
// seccomp_constants (AF_NETLINK, TIOCSTI, CLONE_NEWUSER, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/seccomp_blob.h"

namespace cordon {

enum class SeccompAction { kAllow, kDeny };

enum class ArgOp { kEq, kNe, kLt, kLe, kGt, kGe, kMaskedEq };

struct ArgCondition {
    unsigned index = 0;  // argument position, 0..5
    ArgOp op = ArgOp::kEq;
    std::uint64_t value = 0;
    std::uint64_t mask = 0;  // kMaskedEq only

    bool operator==(const ArgCondition&) const = default;
};

// Where a rule or token came from, for errors: "FILE:LINE:COL".
struct SourcePos {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;  // 1-based, of the token in question
    std::string text() const;

    bool operator==(const SourcePos&) const = default;
};

struct SeccompRule {
    SeccompAction action = SeccompAction::kAllow;
    std::string syscall;
    std::vector<ArgCondition> conditions;  // all must hold
    SourcePos pos;                         // of the syscall name (after a '~')

    bool operator==(const SeccompRule&) const = default;
};

struct SeccompPolicy {
    std::vector<SeccompRule> rules;  // in file order, includes expanded in place
};

// The shipped default template (text in the seccomp grammar).
std::string_view default_seccomp_template();
inline constexpr const char* kDefaultTemplateName = "<default template>";

// Parses policy text. "@include default" expands the default template in
// place (once; nested or repeated includes are errors); its rules' positions
// name kDefaultTemplateName. Throws Error("parse FILE:LINE:COL", reason) on
// the first problem; COL is that of the offending name, value or token.
SeccompPolicy parse_seccomp_policy(std::string_view text, const std::string& filename);

// Symbolic constants usable as argument values.
std::optional<std::uint64_t> seccomp_constant(std::string_view name);

// policy_digest, the digest compiled filters record, is in
// core/seccomp_blob.h: the launcher needs it without this parser.

}  // namespace cordon
