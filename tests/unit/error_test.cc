#include "core/error.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cordon {
namespace {

TEST(Error, KeepsParts) {
    Error e("open /etc/cordon/apps/x.conf", "owned by uid 1000");
    EXPECT_EQ(e.action(), "open /etc/cordon/apps/x.conf");
    EXPECT_EQ(e.reason(), "owned by uid 1000");
    EXPECT_STREQ(e.what(), "cannot open /etc/cordon/apps/x.conf: owned by uid 1000");
}

TEST(Error, FormatError) {
    Error e("open /etc/cordon/apps/x.conf", "owned by uid 1000");
    EXPECT_EQ(format_error("cordon", e), "cordon: cannot open /etc/cordon/apps/x.conf: owned by uid 1000");
    EXPECT_EQ(format_error("cordonctl", e),
              "cordonctl: cannot open /etc/cordon/apps/x.conf: owned by uid 1000");
}

TEST(Error, IsARuntimeError) {
    try {
        throw Error("do x", "because");
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "cannot do x: because");
        return;
    }
    FAIL() << "not caught as std::runtime_error";
}

TEST(SysError, FormatsStrerror) {
    SysError e("open /x", ENOENT);
    EXPECT_EQ(format_error("cordon", e), "cordon: cannot open /x: No such file or directory");
    EXPECT_EQ(e.action(), "open /x");
    EXPECT_EQ(e.reason(), "No such file or directory");
    EXPECT_EQ(e.code(), ENOENT);
    EXPECT_STREQ(e.what(), "cannot open /x: No such file or directory");
}

TEST(SysError, KeepsCode) {
    SysError e("mount /run", EPERM);
    EXPECT_EQ(e.code(), EPERM);
    EXPECT_EQ(e.reason(), std::strerror(EPERM));
    EXPECT_EQ(format_error("cordon", e), std::string("cordon: cannot mount /run: ") + std::strerror(EPERM));
}

TEST(SysError, IsAnError) {
    try {
        throw SysError("stat /y", EACCES);
    } catch (const Error& e) {
        EXPECT_EQ(format_error("cordon", e), "cordon: cannot stat /y: Permission denied");
        auto* se = dynamic_cast<const SysError*>(&e);
        ASSERT_NE(se, nullptr);
        EXPECT_EQ(se->code(), EACCES);
        return;
    }
    FAIL() << "not caught as Error";
}

TEST(ThrowErrno, UsesErrno) {
    errno = ENOTDIR;
    try {
        throw_errno("open /a/b");
    } catch (const SysError& e) {
        EXPECT_EQ(e.code(), ENOTDIR);
        EXPECT_EQ(e.action(), "open /a/b");
        EXPECT_EQ(format_error("cordon", e), "cordon: cannot open /a/b: Not a directory");
        return;
    }
    FAIL() << "throw_errno did not throw SysError";
}

TEST(ThrowErrno, UsesCurrentErrnoEachTime) {
    for (int err : {ENOENT, EEXIST, ELOOP}) {
        errno = err;
        try {
            throw_errno("x");
        } catch (const SysError& e) {
            EXPECT_EQ(e.code(), err);
            EXPECT_EQ(e.reason(), std::strerror(err));
            continue;
        }
        ADD_FAILURE() << "no throw for errno " << err;
    }
}

}  // namespace
}  // namespace cordon
