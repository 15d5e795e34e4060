#include "core/fstab_text.h"

#include <charconv>
#include <cstdio>

namespace cordon {

namespace {

bool is_octal_digit(char c) { return c >= '0' && c <= '7'; }

void append_octal_escape(std::string& out, unsigned char c) {
    out += '\\';
    out += static_cast<char>('0' + ((c >> 6) & 7));
    out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
}

bool is_octal_escape_at(std::string_view s, std::size_t i) {
    return s[i] == '\\' && i + 3 < s.size() && is_octal_digit(s[i + 1]) && is_octal_digit(s[i + 2]) &&
           is_octal_digit(s[i + 3]);
}

}  // namespace

std::string in_quotes(std::string_view s) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char c : s) {
        if (++n > 200) {
            out += "...";
            break;
        }
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\')
            append_octal_escape(out, u);
        else
            out += c;
    }
    return out + "\"";
}

std::string decode_octal_escapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_octal_escape_at(s, i)) {
            out += static_cast<char>(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

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

std::optional<std::uint64_t> parse_decimal(std::string_view v, std::uint64_t max) {
    if (v.empty() || v.size() > 20) return std::nullopt;
    for (char c : v)
        if (c < '0' || c > '9') return std::nullopt;  // from_chars alone would take a leading '-'
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

}  // namespace cordon
