// Random names from the kernel's generator (getrandom), for temporary
// files and directories and for namespace tags.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon {

inline constexpr std::string_view kHexDigits = "0123456789abcdef";
inline constexpr std::string_view kAlphanumerics =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// `count` characters of `alphabet` (at most 256 characters), each chosen by
// one random byte. Throws Error when the kernel gives no random bytes.
std::string random_chars(std::size_t count, std::string_view alphabet);

}  // namespace cordon
