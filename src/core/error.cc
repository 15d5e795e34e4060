#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <utility>

namespace cordon {

Error::Error(std::string action, std::string reason)
    : std::runtime_error("cannot " + action + ": " + reason),
      action_(std::move(action)),
      reason_(std::move(reason)) {}

SysError::SysError(std::string action, int err)
    : Error(std::move(action), std::strerror(err)), code_(err) {}

void throw_errno(std::string action) {
    int err = errno;
    throw SysError(std::move(action), err);
}

std::string format_error(const std::string& program, const Error& e) {
    return program + ": cannot " + e.action() + ": " + e.reason();
}

}  // namespace cordon
