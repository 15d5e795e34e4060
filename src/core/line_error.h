// The error of a line of a configuration file (APP.conf, APP.fstab):
//   Error("parse FILE:LINE", reason)
// so every such message reads "PROGRAM: cannot parse FILE:LINE: REASON"
// and names the line to fix.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.h"

namespace cordon {

class LineError {
public:
    LineError(const std::string& file, std::size_t line) : where_(file + ":" + std::to_string(line)) {}

    [[noreturn]] void fail(const std::string& reason) const { throw Error("parse " + where_, reason); }

    // "FILE:LINE", for values that remember where they were set.
    const std::string& where() const { return where_; }

private:
    std::string where_;
};

}  // namespace cordon
