#include "core/capability_names.h"

#include <gtest/gtest.h>
#include <linux/capability.h>

#include <bitset>
#include <string>
#include <vector>

#include "core/error.h"

namespace cordon {
namespace {

constexpr CapMask bit(unsigned cap) { return CapMask{1} << cap; }

unsigned count(CapMask m) { return static_cast<unsigned>(std::bitset<64>(m).count()); }

// Expects parse_capability_list(text) to throw, and returns the error.
Error parse_error(const std::string& text) {
    try {
        parse_capability_list(text);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for \"" << text << "\"";
    return Error("", "");
}

TEST(CapabilityNames, LastKnownIsCheckpointRestore) {
    EXPECT_EQ(kLastKnownCapability, 40u);
    EXPECT_EQ(kLastKnownCapability, static_cast<unsigned>(CAP_CHECKPOINT_RESTORE));
    EXPECT_EQ(capability_name(40), "CAP_CHECKPOINT_RESTORE");
}

TEST(CapabilityNames, KernelNumbers) {
    EXPECT_EQ(capability_from_name("CAP_CHOWN"), 0u);
    EXPECT_EQ(capability_from_name("CAP_DAC_OVERRIDE"), 1u);
    EXPECT_EQ(capability_from_name("CAP_SETPCAP"), 8u);
    EXPECT_EQ(capability_from_name("CAP_SYS_CHROOT"), 18u);
    EXPECT_EQ(capability_from_name("CAP_SYS_PTRACE"), 19u);
    EXPECT_EQ(capability_from_name("CAP_SYS_ADMIN"), 21u);
    EXPECT_EQ(capability_from_name("CAP_SETFCAP"), 31u);
    EXPECT_EQ(capability_from_name("CAP_MAC_ADMIN"), 33u);
    EXPECT_EQ(capability_from_name("CAP_PERFMON"), 38u);
    EXPECT_EQ(capability_from_name("CAP_BPF"), 39u);
    EXPECT_EQ(capability_from_name("CAP_CHECKPOINT_RESTORE"), 40u);
}

TEST(CapabilityNames, SpellingsOfOneName) {
    for (const char* name : {"CAP_SYS_ADMIN", "cap_sys_admin", "Cap_Sys_Admin", "SYS_ADMIN", "sys_admin", "Sys_Admin"})
        EXPECT_EQ(capability_from_name(name), 21u) << name;
}

TEST(CapabilityNames, UnknownNames) {
    for (const char* name : {"", "CAP_", "cap_", "CAP", "SYS", "SYS_ADMINX", "CAP_CAP_CHOWN", "CAPCHOWN", "21",
                             "CAP_21", " CHOWN", "CHOWN ", "CAP-CHOWN", "sys-admin", "ALL", "default"})
        EXPECT_EQ(capability_from_name(name), std::nullopt) << '"' << name << '"';
}

TEST(CapabilityNames, EveryNumberRoundTrips) {
    for (unsigned cap = 0; cap <= kLastKnownCapability; ++cap) {
        std::string name = capability_name(cap);
        ASSERT_EQ(name.rfind("CAP_", 0), 0u) << name;
        EXPECT_EQ(capability_from_name(name), cap) << name;
        EXPECT_EQ(capability_from_name(name.substr(4)), cap) << name;
        std::string lower;
        for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        EXPECT_EQ(capability_from_name(lower), cap) << lower;
    }
}

TEST(CapabilityNames, NamesAreDistinct) {
    for (unsigned a = 0; a <= kLastKnownCapability; ++a)
        for (unsigned b = a + 1; b <= kLastKnownCapability; ++b) EXPECT_NE(capability_name(a), capability_name(b));
}

TEST(CapabilityNames, UnknownNumbersAreNamedByNumber) {
    EXPECT_EQ(capability_name(41), "CAP_41");
    EXPECT_EQ(capability_name(63), "CAP_63");
    EXPECT_EQ(capability_from_name("CAP_41"), std::nullopt);
}

TEST(DefaultRootCapabilities, ExactlyTheFourteen) {
    CapMask expected = bit(CAP_CHOWN) | bit(CAP_DAC_OVERRIDE) | bit(CAP_FOWNER) | bit(CAP_FSETID) | bit(CAP_KILL) |
                       bit(CAP_SETGID) | bit(CAP_SETUID) | bit(CAP_SETPCAP) | bit(CAP_NET_BIND_SERVICE) |
                       bit(CAP_NET_RAW) | bit(CAP_SYS_CHROOT) | bit(CAP_MKNOD) | bit(CAP_AUDIT_WRITE) |
                       bit(CAP_SETFCAP);
    EXPECT_EQ(default_root_capabilities(), expected);
    EXPECT_EQ(count(default_root_capabilities()), 14u);
}

TEST(DefaultRootCapabilities, NoSysAdminAndOtherDangerousOnes) {
    CapMask d = default_root_capabilities();
    for (unsigned cap : {CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_SYS_RAWIO, CAP_NET_ADMIN,
                         CAP_DAC_READ_SEARCH, CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_BPF, CAP_SYS_BOOT})
        EXPECT_FALSE(d & bit(cap)) << capability_name(cap);
}

TEST(DefaultRootCapabilities, ListInNumberOrder) {
    EXPECT_EQ(capability_list(default_root_capabilities()),
              "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,"
              "CAP_NET_BIND_SERVICE,CAP_NET_RAW,CAP_SYS_CHROOT,CAP_MKNOD,CAP_AUDIT_WRITE,CAP_SETFCAP");
}

TEST(AllCapabilities, BitsZeroToForty) {
    EXPECT_EQ(all_capabilities(), CapMask{0x1ffffffffff});
    EXPECT_EQ(count(all_capabilities()), 41u);
    EXPECT_TRUE(all_capabilities() & bit(0));
    EXPECT_TRUE(all_capabilities() & bit(40));
    EXPECT_FALSE(all_capabilities() & bit(41));
    EXPECT_EQ(all_capabilities() & default_root_capabilities(), default_root_capabilities());
}

TEST(ParseCapabilityList, Keywords) {
    EXPECT_EQ(parse_capability_list("all"), all_capabilities());
    EXPECT_EQ(parse_capability_list("ALL"), all_capabilities());
    EXPECT_EQ(parse_capability_list("  all "), all_capabilities());
    EXPECT_EQ(parse_capability_list("default"), default_root_capabilities());
    EXPECT_EQ(parse_capability_list("Default"), default_root_capabilities());
    EXPECT_EQ(parse_capability_list("\tdefault\t"), default_root_capabilities());
}

TEST(ParseCapabilityList, OneName) {
    EXPECT_EQ(parse_capability_list("chown"), bit(CAP_CHOWN));
    EXPECT_EQ(parse_capability_list("CAP_SYS_ADMIN"), bit(CAP_SYS_ADMIN));
    EXPECT_EQ(parse_capability_list("  net_raw  "), bit(CAP_NET_RAW));
}

TEST(ParseCapabilityList, Separators) {
    CapMask want = bit(CAP_CHOWN) | bit(CAP_KILL) | bit(CAP_NET_RAW);
    for (const char* text : {"chown,kill,net_raw", "chown, kill, net_raw", "chown kill net_raw",
                             "chown ,kill , net_raw", "chown\tkill\tnet_raw", "  chown,kill net_raw  ",
                             "CAP_CHOWN, cap_kill NET_RAW", "net_raw,kill,chown", "chown  ,  kill   net_raw"})
        EXPECT_EQ(parse_capability_list(text), want) << '"' << text << '"';
}

TEST(ParseCapabilityList, MixedSpellingsOfDistinctNames) {
    EXPECT_EQ(parse_capability_list("CAP_SYS_ADMIN,sys_chroot,Sys_Ptrace"),
              bit(CAP_SYS_ADMIN) | bit(CAP_SYS_CHROOT) | bit(CAP_SYS_PTRACE));
}

TEST(ParseCapabilityList, RoundTripsThroughCapabilityList) {
    std::vector<CapMask> masks = {bit(0), bit(40), bit(CAP_SYS_ADMIN) | bit(CAP_CHOWN), default_root_capabilities(),
                                  all_capabilities(), all_capabilities() & ~default_root_capabilities()};
    for (unsigned cap = 0; cap <= kLastKnownCapability; ++cap) masks.push_back(bit(cap));
    for (CapMask m : masks) {
        std::string text = capability_list(m);
        EXPECT_EQ(parse_capability_list(text), m) << text;
    }
}

TEST(ParseCapabilityList, AllListedByNameIsAll) {
    EXPECT_EQ(parse_capability_list(capability_list(all_capabilities())), all_capabilities());
    EXPECT_EQ(count(all_capabilities()), 41u);
}

TEST(CapabilityList, Format) {
    EXPECT_EQ(capability_list(0), "");
    EXPECT_EQ(capability_list(bit(CAP_SYS_ADMIN)), "CAP_SYS_ADMIN");
    EXPECT_EQ(capability_list(bit(CAP_SYS_ADMIN) | bit(CAP_CHOWN)), "CAP_CHOWN,CAP_SYS_ADMIN");
    EXPECT_EQ(capability_list(bit(CAP_CHECKPOINT_RESTORE) | bit(41)), "CAP_CHECKPOINT_RESTORE,CAP_41");
}

TEST(ParseCapabilityList, RejectsEmpty) {
    for (const char* text : {"", " ", "\t", "  \t "}) {
        Error e = parse_error(text);
        EXPECT_EQ(e.action(), "use capabilities \"" + std::string(text) + "\"");
        EXPECT_EQ(e.reason(), "the list is empty");
    }
}

TEST(ParseCapabilityList, RejectsUnknownName) {
    Error e = parse_error("chown,bogus");
    EXPECT_EQ(e.action(), "use capabilities \"chown,bogus\"");
    EXPECT_EQ(e.reason(), "unknown capability \"bogus\"");
    EXPECT_EQ(format_error("cordon", e),
              "cordon: cannot use capabilities \"chown,bogus\": unknown capability \"bogus\"");
    EXPECT_EQ(parse_error("CAP_").reason(), "unknown capability \"CAP_\"");
    EXPECT_EQ(parse_error("21").reason(), "unknown capability \"21\"");
    EXPECT_EQ(parse_error("sys-admin").reason(), "unknown capability \"sys-admin\"");
    EXPECT_EQ(parse_error("chown;kill").reason(), "unknown capability \"chown;kill\"");
}

TEST(ParseCapabilityList, RejectsDuplicates) {
    EXPECT_EQ(parse_error("chown,chown").reason(), "CAP_CHOWN is listed twice");
    EXPECT_EQ(parse_error("CAP_SYS_ADMIN sys_admin").reason(), "CAP_SYS_ADMIN is listed twice");
    EXPECT_EQ(parse_error("kill, chown, Cap_Kill").reason(), "CAP_KILL is listed twice");
}

TEST(ParseCapabilityList, RejectsStrayCommas) {
    EXPECT_EQ(parse_error(",chown").reason(), "a comma without a name before it");
    EXPECT_EQ(parse_error("chown,,kill").reason(), "a comma without a name before it");
    EXPECT_EQ(parse_error("chown, ,kill").reason(), "a comma without a name before it");
    EXPECT_EQ(parse_error("chown,").reason(), "a comma without a name after it");
    EXPECT_EQ(parse_error("chown , ").reason(), "a comma without a name after it");
    EXPECT_EQ(parse_error(",").reason(), "a comma without a name before it");
}

TEST(ParseCapabilityList, KeywordsStandAlone) {
    EXPECT_EQ(parse_error("all,chown").reason(), "\"all\" cannot be combined with capability names");
    EXPECT_EQ(parse_error("chown default").reason(), "\"default\" cannot be combined with capability names");
    EXPECT_EQ(parse_error("all default").reason(), "\"all\" cannot be combined with capability names");
}

TEST(ParseCapabilityList, LongInputIsBoundedInMessage) {
    std::string text(500, 'x');
    Error e = parse_error(text);
    EXPECT_LT(e.action().size(), 100u) << e.action();
    EXPECT_NE(e.action().find("...\""), std::string::npos) << e.action();
    EXPECT_LT(e.reason().size(), 100u) << e.reason();
}

}  // namespace
}  // namespace cordon
