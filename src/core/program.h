// What the mains of cordon's programs share: their exit statuses and the
// report of the failure that ends them, "PROGRAM: cannot ACTION: REASON"
// on stderr (core/error). Each main catches std::exception around its work
// and hands it here:
//
//     } catch (const std::exception& e) {
//         return cordon::report_failure("cordonctl", e, "run", command);
//     }
//
// A program that reports in its own way (the launcher first gives up root)
// passes its report to on_failure instead.
#pragma once

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "core/error.h"

namespace cordon {

inline constexpr int kExitError = 1;  // an error, reported on one line
inline constexpr int kExitUsage = 2;  // a usage error, found before anything is done

// Hands report the Error that ends the program and returns what report
// returns (main's exit status). An Error goes as it is; any other exception
// is a bug or an exhausted resource (std::bad_alloc), reported as the
// failure of the program's task, "VERB OBJECT" (built only then), with the
// exception's what() as the reason.
template <typename Report>
int on_failure(const std::exception& e, std::string_view verb, std::string_view object, Report&& report) {
    if (const auto* error = dynamic_cast<const Error*>(&e)) return report(*error);
    return report(Error(std::string(verb).append(" ").append(object), e.what()));
}

// The usual report: the line on stderr, exit status kExitError.
inline int print_failure(const char* program, const Error& e) {
    std::fprintf(stderr, "%s\n", format_error(program, e).c_str());
    return kExitError;
}

// on_failure with the usual report.
inline int report_failure(const char* program, const std::exception& e, std::string_view verb,
                          std::string_view object) {
    return on_failure(e, verb, object, [program](const Error& error) { return print_failure(program, error); });
}

}  // namespace cordon
