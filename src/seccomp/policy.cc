#include "seccomp/policy.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace cordon {

namespace {

constexpr std::size_t kMaxArgs = 6;
constexpr std::size_t kMaxQuoted = 64;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_lower_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
bool is_constant_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_constant_char(char c) { return is_constant_start(c) || (c >= '0' && c <= '9'); }

// A token for an error message: in double quotes, non-printable bytes as
// \xNN, cut after kMaxQuoted bytes.
std::string quote(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < kMaxQuoted; ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > kMaxQuoted) out += "...";
    out += '"';
    return out;
}

std::string hex64(std::uint64_t v) {
    static const char hex[] = "0123456789abcdef";
    std::string digits;
    do {
        digits.insert(digits.begin(), hex[v & 0xf]);
        v >>= 4;
    } while (v != 0);
    return "0x" + digits;
}

struct Token {
    std::string_view text;
    unsigned column = 0;  // 1-based
};

class Parser {
public:
    Parser(SeccompPolicy& policy, bool& included) : policy_(policy), included_(included) {}

    void parse(std::string_view text, const std::string& filename, bool in_template) {
        file_ = &filename;
        in_template_ = in_template;
        line_ = 0;
        while (true) {
            auto nl = text.find('\n');
            std::string_view raw = text.substr(0, nl);
            ++line_;
            parse_line(raw);
            if (nl == std::string_view::npos) break;
            text.remove_prefix(nl + 1);
        }
    }

private:
    [[noreturn]] void fail(unsigned column, const std::string& reason) const {
        SourcePos pos{*file_, line_, column};
        throw Error("parse " + pos.text(), reason);
    }

    // Splits a line into tokens; a '#' ends the line (also inside a token).
    std::vector<Token> tokenize(std::string_view raw) const {
        std::vector<Token> tokens;
        std::size_t i = 0;
        while (i < raw.size()) {
            char c = raw[i];
            if (c == '\0') fail(static_cast<unsigned>(i + 1), "line contains a NUL byte");
            if (c == '#') break;
            if (is_space(c)) {
                ++i;
                continue;
            }
            std::size_t start = i;
            while (i < raw.size() && !is_space(raw[i]) && raw[i] != '#' && raw[i] != '\0') ++i;
            tokens.push_back({raw.substr(start, i - start), static_cast<unsigned>(start + 1)});
        }
        return tokens;
    }

    void parse_line(std::string_view raw) {
        std::vector<Token> tokens = tokenize(raw);
        if (tokens.empty()) return;
        if (tokens[0].text.front() == '@') {
            parse_directive(tokens);
            return;
        }
        parse_rule(tokens);
    }

    void parse_directive(const std::vector<Token>& tokens) {
        const Token& directive = tokens[0];
        if (directive.text != "@include") fail(directive.column, "unknown directive " + quote(directive.text));
        if (in_template_) fail(directive.column, "@include is not allowed inside the default template");
        if (tokens.size() < 2) fail(directive.column, "expected \"default\" after @include");
        const Token& target = tokens[1];
        if (target.text != "default")
            fail(target.column, "cannot include " + quote(target.text) + ": only \"default\" can be included");
        if (tokens.size() > 2)
            fail(tokens[2].column, "unexpected " + quote(tokens[2].text) + " after @include default");
        if (included_) fail(directive.column, "the default template is already included");
        included_ = true;

        // Expand in place; positions inside it name the template.
        const std::string* file = file_;
        unsigned line = line_;
        static const std::string template_name = kDefaultTemplateName;
        parse(default_seccomp_template(), template_name, true);
        file_ = file;
        line_ = line;
        in_template_ = false;
    }

    void parse_rule(const std::vector<Token>& tokens) {
        SeccompRule rule;
        std::string_view name = tokens[0].text;
        unsigned column = tokens[0].column;
        if (name.front() == '~') {
            rule.action = SeccompAction::kDeny;
            name.remove_prefix(1);
            ++column;
            if (name.empty()) fail(tokens[0].column, "expected a syscall name after \"~\"");
        }
        for (char c : name)
            if (!is_lower_name_char(c))
                fail(column, "invalid syscall name " + quote(name) + " (expected [a-z0-9_]+)");
        rule.syscall = std::string(name);
        rule.pos = SourcePos{*file_, line_, column};

        if (tokens.size() - 1 > kMaxArgs) fail(tokens[kMaxArgs + 1].column, "too many arguments (at most 6)");
        for (std::size_t i = 1; i < tokens.size(); ++i) {
            if (tokens[i].text == "-") continue;
            ArgCondition cond = parse_condition(tokens[i]);
            cond.index = static_cast<unsigned>(i - 1);
            rule.conditions.push_back(cond);
        }
        policy_.rules.push_back(std::move(rule));
    }

    // "OP VALUE" (==, !=, <=, >=, <, >, & as a mask test), "MASK|VALUE", or
    // a bare VALUE (==).
    ArgCondition parse_condition(const Token& token) const {
        if (auto cond = parse_operator_condition(token)) return *cond;
        std::string_view text = token.text;
        if (text.find('|') != std::string_view::npos) return parse_masked_condition(token);
        ArgCondition cond;
        cond.op = ArgOp::kEq;
        cond.value = parse_value(text, token.column);
        return cond;
    }

    std::optional<ArgCondition> parse_operator_condition(const Token& token) const {
        struct Prefix {
            std::string_view text;
            ArgOp op;
        };
        // Two-character operators first.
        static constexpr Prefix prefixes[] = {
            {"==", ArgOp::kEq}, {"!=", ArgOp::kNe}, {"<=", ArgOp::kLe}, {">=", ArgOp::kGe},
            {"<", ArgOp::kLt},  {">", ArgOp::kGt},  {"&", ArgOp::kMaskedEq},
        };
        std::string_view text = token.text;
        for (const Prefix& p : prefixes) {
            if (text.substr(0, p.text.size()) != p.text) continue;
            std::string_view rest = text.substr(p.text.size());
            unsigned column = token.column + static_cast<unsigned>(p.text.size());
            if (rest.empty()) fail(token.column, "expected a value after " + quote(p.text));
            if (rest.find('|') != std::string_view::npos)
                fail(token.column, "a masked comparison \"M|V\" takes no operator: " + quote(text));
            ArgCondition cond;
            cond.op = p.op;
            cond.value = parse_value(rest, column);
            if (p.op == ArgOp::kMaskedEq) cond.mask = cond.value;
            return cond;
        }
        return std::nullopt;
    }

    // "MASK|VALUE": the argument's bits under MASK equal VALUE.
    ArgCondition parse_masked_condition(const Token& token) const {
        std::string_view text = token.text;
        auto bar = text.find('|');
        std::string_view mask_text = text.substr(0, bar);
        std::string_view value_text = text.substr(bar + 1);
        unsigned value_column = token.column + static_cast<unsigned>(bar + 1);
        if (mask_text.empty()) fail(token.column, "expected a mask before \"|\"");
        if (value_text.empty()) fail(token.column, "expected a value after \"|\"");
        if (value_text.find('|') != std::string_view::npos)
            fail(value_column, "invalid value " + quote(value_text) + " (only one \"|\" is allowed)");
        ArgCondition cond;
        cond.op = ArgOp::kMaskedEq;
        cond.mask = parse_value(mask_text, token.column);
        cond.value = parse_value(value_text, value_column);
        if ((cond.value & ~cond.mask) != 0)
            fail(value_column, "value " + hex64(cond.value) + " has bits outside the mask " + hex64(cond.mask) +
                                   ", so the comparison can never hold");
        return cond;
    }

    // A number (decimal, 0x hex, 0 octal) or a symbolic constant.
    std::uint64_t parse_value(std::string_view text, unsigned column) const {
        char first = text.front();
        if (first >= '0' && first <= '9') return parse_number(text, column);
        if (is_constant_start(first)) {
            for (char c : text)
                if (!is_constant_char(c)) fail(column, "invalid value " + quote(text));
            if (auto v = seccomp_constant(text)) return *v;
            fail(column, "unknown constant " + quote(text));
        }
        fail(column, "invalid value " + quote(text));
    }

    std::uint64_t parse_number(std::string_view text, unsigned column) const {
        unsigned base = 10;
        std::string_view digits = text;
        if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
            base = 16;
            digits.remove_prefix(2);
        } else if (text.size() >= 2 && text[0] == '0') {
            base = 8;
            digits.remove_prefix(1);
        }
        const char* kind = base == 16 ? "invalid hexadecimal number "
                           : base == 8 ? "invalid octal number "
                                       : "invalid number ";
        if (digits.empty()) fail(column, kind + quote(text));
        std::uint64_t value = 0;
        bool overflow = false;
        for (char c : digits) {
            unsigned d;
            if (c >= '0' && c <= '9')
                d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                d = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                d = static_cast<unsigned>(c - 'A' + 10);
            else
                d = 16;
            if (d >= base) fail(column, kind + quote(text));
            if (value > (UINT64_MAX - d) / base) overflow = true;
            value = value * base + d;
        }
        if (overflow) fail(column, "number out of range (more than 2^64-1): " + quote(text));
        return value;
    }

    SeccompPolicy& policy_;
    bool& included_;
    const std::string* file_ = nullptr;
    unsigned line_ = 0;
    bool in_template_ = false;
};

}  // namespace

std::string SourcePos::text() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }

SeccompPolicy parse_seccomp_policy(std::string_view text, const std::string& filename) {
    SeccompPolicy policy;
    bool included = false;
    Parser parser(policy, included);
    parser.parse(text, filename, false);
    return policy;
}

}  // namespace cordon
