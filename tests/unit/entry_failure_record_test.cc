#include "core/entry_failure_record.h"

#include <gtest/gtest.h>

using cordon::Error;
using cordon::entry_failure_record;
using cordon::read_entry_failure_record;

TEST(EntryFailureRecord, RoundTripsActionAndReasonExactly) {
    // ": " and " (" inside the action were where splitting stderr went wrong.
    Error e("apply /etc/cordon/apps/a.fstab:3 (bind /srv/x: y (z) onto /data)", "No such file: or directory");
    auto back = read_entry_failure_record(entry_failure_record(e));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->action(), e.action());
    EXPECT_EQ(back->reason(), e.reason());
}

TEST(EntryFailureRecord, KeepsAnEmptyReasonAndNewlines) {
    auto back = read_entry_failure_record(entry_failure_record(Error("apply f:1 (x)", "two\nlines")));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->reason(), "two\nlines");
    back = read_entry_failure_record(entry_failure_record(Error("apply f:1 (x)", "")));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->reason(), "");
}

TEST(EntryFailureRecord, RefusesWhatIsNotExactlyOneRecord) {
    std::string good = entry_failure_record(Error("apply f:1 (x)", "why"));
    EXPECT_FALSE(read_entry_failure_record(""));
    EXPECT_FALSE(read_entry_failure_record("a: 1 kept, 0 unmounted, 0 replaced, 0 mounted\n"));
    EXPECT_FALSE(read_entry_failure_record(good.substr(0, good.size() - 1)));  // cut short
    EXPECT_FALSE(read_entry_failure_record(good + good));                      // two
    EXPECT_FALSE(read_entry_failure_record(good + "x"));                       // trailing bytes
    std::string other_tag = good;
    other_tag[0] = 'E';
    EXPECT_FALSE(read_entry_failure_record(other_tag));
    EXPECT_FALSE(read_entry_failure_record(std::string("entry-failed\0\0why\0", 18)));  // no action
}
