// Errors of cordon. Every failure a user sees reads
//   PROGRAM: cannot VERB OBJECT: REASON
// One type carries the parts and one function formats them, so no call site
// builds an error message by hand.
#pragma once

#include <stdexcept>
#include <string>

namespace cordon {

class Error : public std::runtime_error {
public:
    // action is "VERB OBJECT" (e.g. "open /etc/cordon/apps/x.conf"),
    // reason a sentence fragment (e.g. "owned by uid 1000").
    Error(std::string action, std::string reason);

    const std::string& action() const { return action_; }
    const std::string& reason() const { return reason_; }

private:
    std::string action_;
    std::string reason_;
};

// An Error whose reason is strerror(err); the errno is kept for callers that
// handle particular values (ENOENT of an optional mount, say).
class SysError : public Error {
public:
    SysError(std::string action, int err);
    int code() const { return code_; }

private:
    int code_;
};

// Throws SysError(action, errno). For use right after a failed syscall.
[[noreturn]] void throw_errno(std::string action);

// "PROGRAM: cannot ACTION: REASON"
std::string format_error(const std::string& program, const Error& e);

}  // namespace cordon
