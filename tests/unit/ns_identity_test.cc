#include "core/ns_identity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace cordon {
namespace {

using namespace std::string_literals;

NsIdentity sample() {
    NsIdentity id;
    id.base = "debian-12";
    id.base_dev = 2049;
    id.base_ino = 131074;
    id.revision = 3;
    return id;
}

TEST(NsIdentity, ToTextFormat) {
    EXPECT_EQ(identity_to_text(sample()),
              "base=debian-12\nbase-dev=2049\nbase-ino=131074\nrevision=3\nlayout=3\n");
}

TEST(NsIdentity, RoundTrip) {
    NsIdentity id = sample();
    auto back = identity_from_text(identity_to_text(id));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, id);
    EXPECT_EQ(back->base, "debian-12");
    EXPECT_EQ(back->base_dev, 2049u);
    EXPECT_EQ(back->base_ino, 131074u);
    EXPECT_EQ(back->revision, 3u);
}

TEST(NsIdentity, RoundTripExtremes) {
    constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
    for (const NsIdentity& id : {NsIdentity{"a", 0, 0, 0}, NsIdentity{std::string(40, 'z'), kMax, kMax, kMax},
                                 NsIdentity{"0-9", 1, kMax, 12345}}) {
        SCOPED_TRACE(identity_to_text(id));
        auto back = identity_from_text(identity_to_text(id));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, id);
    }
}

TEST(NsIdentity, ParsesExactText) {
    auto id = identity_from_text("base=b\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=3\n");
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(*id, (NsIdentity{"b", 1, 2, 3}));
}

TEST(NsIdentity, RejectsMalformedText) {
    const std::string bad[] = {
        "",
        "\n",
        // missing fields
        "base-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nbase-ino=2\n",
        // reordered
        "base-dev=1\nbase=b\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-ino=2\nbase-dev=1\nrevision=3\nlayout=2\n",
        "revision=3\nbase=b\nbase-dev=1\nbase-ino=2\n",
        // extra trailing data
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3\n\n",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3\nx",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3\nextra=1\n",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3\nrevision=3\nlayout=2\n",
        // non-numeric / malformed numbers
        "base=b\nbase-dev=x\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nbase-ino=2a\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=\n",
        "base=b\nbase-dev=-1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=+1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev= 1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3 \n",
        "base=b\nbase-dev=1\nbase-ino=18446744073709551616\nrevision=3\nlayout=2\n",
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=0x3\n",
        // invalid base name
        "base=\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=B\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=../x\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=a--b\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b \nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        // key spelling / separators
        "base =b\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base:b\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\nbase_dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        "base=b\r\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=2\n",
        // missing final newline
        "base=b\nbase-dev=1\nbase-ino=2\nrevision=3",
        // NUL inside
        "base=b\nbase-dev=1\0\nbase-ino=2\nrevision=3\nlayout=2\n"s,
    };
    for (const std::string& text : bad) {
        EXPECT_EQ(identity_from_text(text), std::nullopt) << "accepted: \"" << text << "\"";
    }
}

TEST(NsIdentity, RecordsOfAnotherLayoutAreStale) {
    // A record an older cordon wrote (no layout line) is not an identity...
    EXPECT_EQ(identity_from_text("base=b\nbase-dev=1\nbase-ino=2\nrevision=3\n"), std::nullopt);
    // ...and one of another layout differs from what this cordon wants.
    auto old = identity_from_text("base=b\nbase-dev=1\nbase-ino=2\nrevision=3\nlayout=1\n");
    ASSERT_TRUE(old.has_value());
    NsIdentity wanted{"b", 1, 2, 3};
    EXPECT_EQ(wanted.layout, kNamespaceLayout);
    EXPECT_EQ(identity_difference(*old, wanted), "built by another cordon (layout 1 != 3)");
}

TEST(NsIdentity, RejectsTruncationsOfValidText) {
    std::string text = identity_to_text(sample());
    for (std::size_t n = 0; n < text.size(); ++n) {
        EXPECT_EQ(identity_from_text(std::string_view(text).substr(0, n)), std::nullopt) << "length " << n;
    }
    EXPECT_TRUE(identity_from_text(text).has_value());
}

TEST(IdentityDifference, EmptyWhenEqual) {
    EXPECT_EQ(identity_difference(sample(), sample()), "");
    EXPECT_EQ(identity_difference(NsIdentity{}, NsIdentity{}), "");
}

TEST(IdentityDifference, Base) {
    NsIdentity wanted = sample();
    wanted.base = "arch";
    std::string d = identity_difference(sample(), wanted);
    EXPECT_FALSE(d.empty());
    EXPECT_EQ(d, "base debian-12 != arch");
}

TEST(IdentityDifference, BaseDev) {
    NsIdentity wanted = sample();
    wanted.base_dev = 2050;
    std::string d = identity_difference(sample(), wanted);
    EXPECT_FALSE(d.empty());
    EXPECT_NE(d.find("base directory changed"), std::string::npos) << d;
    EXPECT_NE(d.find("2049:131074 != 2050:131074"), std::string::npos) << d;
}

TEST(IdentityDifference, BaseIno) {
    NsIdentity wanted = sample();
    wanted.base_ino = 99;
    std::string d = identity_difference(sample(), wanted);
    EXPECT_FALSE(d.empty());
    EXPECT_NE(d.find("base directory changed"), std::string::npos) << d;
    EXPECT_NE(d.find("2049:131074 != 2049:99"), std::string::npos) << d;
}

TEST(IdentityDifference, Revision) {
    NsIdentity recorded = sample();
    NsIdentity wanted = sample();
    recorded.revision = 3;
    wanted.revision = 4;
    EXPECT_EQ(identity_difference(recorded, wanted), "revision 3 != 4");
    EXPECT_EQ(identity_difference(wanted, recorded), "revision 4 != 3");
}

TEST(IdentityDifference, NonEmptyForEverySingleFieldChange) {
    for (int field = 0; field < 6; ++field) {
        NsIdentity wanted = sample();
        switch (field) {
            case 0: wanted.base = "other"; break;
            case 1: wanted.base_dev += 1; break;
            case 2: wanted.base_ino += 1; break;
            case 3: wanted.revision += 1; break;
            case 4: wanted.layout += 1; break;
            case 5: wanted.private_proc = true; break;
        }
        SCOPED_TRACE(field);
        EXPECT_NE(identity_difference(sample(), wanted), "");
        EXPECT_NE(identity_difference(wanted, sample()), "");
        EXPECT_FALSE(wanted == sample());
    }
}

TEST(IdentityDifference, ProcView) {
    NsIdentity wanted = sample();
    wanted.private_proc = true;
    EXPECT_EQ(identity_difference(sample(), wanted), "proc host != private");
    EXPECT_EQ(identity_difference(wanted, sample()), "proc private != host");
}

TEST(NsIdentity, PrivateProcLineOnlyWhenSet) {
    NsIdentity id = sample();
    id.private_proc = true;
    id.ns_tag = "id-7";
    EXPECT_EQ(identity_to_text(id),
              "base=debian-12\nbase-dev=2049\nbase-ino=131074\nrevision=3\nlayout=3\nproc=private\nnamespace=id-7\n");
    EXPECT_EQ(identity_from_text(identity_to_text(id)), id);
    // A host /proc writes no line: records written before the key existed
    // still describe a namespace with the host's /proc.
    EXPECT_EQ(identity_to_text(sample()).find("proc="), std::string::npos);
    std::string head = identity_to_text(sample());
    for (const char* bad : {"proc=host\n", "proc=\n", "proc=private", "proc=private\nproc=private\n",
                            "namespace=id-7\nproc=private\n"})
        EXPECT_FALSE(identity_from_text(head + bad)) << bad;
}

TEST(NsIdentity, NamespaceTagRoundTrips) {
    NsIdentity id = sample();
    for (const char* tag : {"id-1", "id-18446744073709551615", "random-0123456789abcdef0123456789abcdef"}) {
        id.ns_tag = tag;
        std::string text = identity_to_text(id);
        EXPECT_NE(text.find(std::string("\nnamespace=") + tag + "\n"), std::string::npos) << text;
        EXPECT_EQ(identity_from_text(text), id) << text;
        // The tag says which namespace, not what it was built from.
        EXPECT_EQ(identity_difference(id, sample()), "");
    }
    // Without one (an older cordon's record) the line is absent.
    EXPECT_EQ(identity_to_text(sample()).find("namespace="), std::string::npos);
}

TEST(NsIdentity, RejectsMalformedNamespaceTags) {
    std::string head = identity_to_text(sample());
    for (const char* bad : {"", "id-", "id-x", "id-123456789012345678901", "random-", "random-0123",
                            "random-0123456789ABCDEF0123456789abcdef", "mnt:[4026531840]", "id-1 "}) {
        EXPECT_FALSE(is_namespace_tag(bad)) << bad;
        EXPECT_EQ(identity_from_text(head + "namespace=" + bad + "\n"), std::nullopt) << bad;
    }
    EXPECT_EQ(identity_from_text(head + "namespace=id-1\nextra=1\n"), std::nullopt);
    EXPECT_EQ(identity_from_text(head + "namespace=id-1"), std::nullopt);
}

TEST(Staleness, NoRecordIsStale) {
    EXPECT_EQ(staleness(std::nullopt, sample()), "no identity record");
}

TEST(Staleness, ARecordIsComparedAndItsTagIgnored) {
    NsIdentity recorded = sample();
    recorded.ns_tag = "id-7";
    EXPECT_EQ(staleness(recorded, sample()), "");
    NsIdentity wanted = sample();
    wanted.revision = 4;
    EXPECT_EQ(staleness(recorded, wanted), "revision 3 != 4");
}

}  // namespace
}  // namespace cordon
