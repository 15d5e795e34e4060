#include "core/names.h"

#include <gtest/gtest.h>

#include <string>

#include "core/error.h"

namespace cordon {
namespace {

TEST(NameProblem, AcceptsValidNames) {
    for (const char* name : {"a", "0", "a-b", "abc", "a1", "1a", "app-2", "a-b-c", "z9"}) {
        EXPECT_EQ(name_problem(name), std::nullopt) << "name: " << name;
    }
}

TEST(NameProblem, AcceptsMaximumLength) {
    std::string name(kMaxNameLength, 'a');
    ASSERT_EQ(name.size(), 40u);
    EXPECT_EQ(name_problem(name), std::nullopt);
    EXPECT_NO_THROW(validate_name("app", name));
}

TEST(NameProblem, MaxNameLengthIsForty) { EXPECT_EQ(kMaxNameLength, 40u); }

TEST(NameProblem, RejectsEmpty) {
    auto p = name_problem("");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, "it is empty");
}

TEST(NameProblem, RejectsTooLong) {
    std::string name(kMaxNameLength + 1, 'a');
    ASSERT_EQ(name.size(), 41u);
    auto p = name_problem(name);
    ASSERT_TRUE(p.has_value());
    EXPECT_NE(p->find("longer than 40"), std::string::npos) << *p;
}

TEST(NameProblem, RejectsInvalidNames) {
    for (const char* name : {"A", "Ab", "aB", "a_b", "../x", "..", ".", "a.b", ".a", "a.", "-a", "a-",
                             "-", "a--b", "a---b", "a/b", "/a", "a/", "/", "a b", " a", "a ", "a\n",
                             "\xc3\xa9", "a+b", "a:b"}) {
        EXPECT_TRUE(name_problem(name).has_value()) << "name: \"" << name << "\"";
    }
}

TEST(NameProblem, RejectsEmbeddedNul) {
    std::string name("a\0b", 3);
    EXPECT_TRUE(name_problem(name).has_value());
}

TEST(NameProblem, ReasonsAreSpecific) {
    EXPECT_EQ(name_problem("A"), "only lower-case letters, digits and '-' are allowed");
    EXPECT_EQ(name_problem("a/b"), "only lower-case letters, digits and '-' are allowed");
    EXPECT_EQ(name_problem("-a"), "it must start and end with a letter or digit");
    EXPECT_EQ(name_problem("a-"), "it must start and end with a letter or digit");
    EXPECT_EQ(name_problem("a--b"), "it must not contain \"--\"");
}

TEST(ValidateName, AcceptsValid) {
    EXPECT_NO_THROW(validate_name("app", "a"));
    EXPECT_NO_THROW(validate_name("base", "0"));
    EXPECT_NO_THROW(validate_name("app", "a-b"));
}

TEST(ValidateName, ThrowsErrorWithKindAndName) {
    try {
        validate_name("app", "A");
        FAIL() << "validate_name did not throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "use app name \"A\"");
        EXPECT_EQ(e.reason(), "only lower-case letters, digits and '-' are allowed");
        EXPECT_EQ(format_error("cordon", e),
                  "cordon: cannot use app name \"A\": only lower-case letters, digits and '-' are "
                  "allowed");
    }
}

TEST(ValidateName, KindAppearsInAction) {
    try {
        validate_name("base", "../x");
        FAIL() << "validate_name did not throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "use base name \"../x\"");
    }
}

TEST(ValidateName, EmptyName) {
    try {
        validate_name("app", "");
        FAIL() << "validate_name did not throw";
    } catch (const Error& e) {
        EXPECT_EQ(e.action(), "use app name \"\"");
        EXPECT_EQ(e.reason(), "it is empty");
    }
}

TEST(ValidateName, LongNameIsTruncatedInMessage) {
    std::string name(1000, 'x');
    name[0] = 'X';
    try {
        validate_name("app", name);
        FAIL() << "validate_name did not throw";
    } catch (const Error& e) {
        // The name is user input: shown, but bounded.
        EXPECT_LT(e.action().size(), 100u) << e.action();
        EXPECT_EQ(e.action().rfind("use app name \"X", 0), 0u) << e.action();
        EXPECT_NE(e.action().find("...\""), std::string::npos) << e.action();
    }
}

TEST(ValidateName, ThrowsForEachInvalidName) {
    for (const char* name : {"", "A", "a_b", "../x", "-a", "a-", "a--b", ".", "a.b", "a/b"}) {
        EXPECT_THROW(validate_name("app", name), Error) << "name: \"" << name << "\"";
    }
    EXPECT_THROW(validate_name("app", std::string(41, 'a')), Error);
}

}  // namespace
}  // namespace cordon
