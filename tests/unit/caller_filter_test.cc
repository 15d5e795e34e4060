#include "core/caller_filter.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace cordon {
namespace {

TEST(CallerFilterHint, NamesTheUnitOptionsForEpermUnderAFilter) {
    std::string hint = caller_filter_hint({EPERM, true});
    EXPECT_NE(hint.find("RestrictNamespaces=mnt"), std::string::npos) << hint;
    EXPECT_NE(hint.find("SystemCallFilter="), std::string::npos) << hint;
    EXPECT_EQ(hint.rfind(" (", 0), 0u) << hint;
    EXPECT_EQ(hint.back(), ')');
}

TEST(CallerFilterHint, NothingWithoutAFilter) { EXPECT_EQ(caller_filter_hint({EPERM, false}), ""); }

TEST(CallerFilterHint, NothingForOtherErrors) {
    // EACCES is a file's mode or an LSM, ENOENT a missing file: the filter
    // is not the likely cause.
    for (int e : {0, EACCES, ENOENT, EINVAL, ENOSYS}) EXPECT_EQ(caller_filter_hint({e, true}), "") << e;
}

}  // namespace
}  // namespace cordon
