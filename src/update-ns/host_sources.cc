#include "update-ns/host_sources.h"

#include <fcntl.h>

#include "core/error.h"
#include "os/secure_fs.h"

namespace cordon {

namespace {

bool from_host(const MountEntry& e) {
    const Bind* b = e.bind();
    return b && !b->source_in_ns;
}

}  // namespace

const MountEntry* old_entry_of(const ProfileChange& c) {
    return c.action == ProfileChange::Action::kUnmount   ? &c.entry
           : c.action == ProfileChange::Action::kReplace ? &c.replaced
                                                         : nullptr;
}

const MountEntry* new_entry_of(const ProfileChange& c) {
    bool mounts = c.action == ProfileChange::Action::kMount || c.action == ProfileChange::Action::kReplace;
    return mounts ? &c.entry : nullptr;
}

void HostSources::take(const std::vector<const MountEntry*>& old, const std::vector<const MountEntry*>& fresh) {
    for (const MountEntry* e : old)
        if (from_host(*e)) take_old(*e);
    for (const MountEntry* e : fresh)
        if (from_host(*e)) take_new(*e);
}

// A source that does not exist has no id (its mount cannot be told); one
// that cannot be opened (a symlink on its path now) fails the change that
// unmounts the entry, and is not shown to be a pending entry's source.
void HostSources::take_old(const MountEntry& e) {
    const std::string& source = e.bind()->source;
    try {
        UniqueFd src = open_nofollow(source, O_PATH, true);
        if (!src) return;
        struct stat st = stat_fd(src.get(), source);
        ids_[key(e)] = {st.st_dev, st.st_ino};
    } catch (const Error&) {
        old_failures_[key(e)] = std::current_exception();
    }
}

void HostSources::take_new(const MountEntry& e) {
    Taken& t = fresh_[key(e)];
    t = Taken{};
    const Bind& b = *e.bind();
    const bool file = b.shape == BindShape::kFile;
    try {
        UniqueFd src = open_nofollow(b.source, O_PATH | (file ? 0 : O_DIRECTORY), true);
        if (!src)
            throw Error("open " + b.source + " on the host", "it does not exist (create it, or correct the line)");
        t.source.st = stat_fd(src.get(), b.source);
        if (file ? !S_ISREG(t.source.st.st_mode) : !S_ISDIR(t.source.st.st_mode))
            throw Error("bind " + b.source, file ? "not a regular file" : "not a directory");
        t.source.tree = mounter_.clone(src.get(), b.recursive(), b.source);
    } catch (const Error&) {
        t.failure = std::current_exception();
    }
}

void HostSources::claim(const std::vector<ProfileChange>& plan, const std::string& desired_file) {
    auto fail_as = [&](const ProfileChange& c, const std::exception_ptr& failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const Error& cause) {
            throw change_failure(c, desired_file, cause);
        }
    };
    for (const ProfileChange& c : plan) {
        const MountEntry* e = old_entry_of(c);
        if (!e || !from_host(*e)) continue;
        auto it = old_failures_.find(key(*e));
        if (it != old_failures_.end()) fail_as(c, it->second);
    }
    for (const ProfileChange& c : plan) {
        const MountEntry* e = new_entry_of(c);
        if (!e || !from_host(*e)) continue;
        const Taken& t = fresh_.at(key(*e));
        if (t.failure) fail_as(c, t.failure);
        ids_[key(*e)] = {t.source.st.st_dev, t.source.st.st_ino};  // to tell its mount
    }
}

std::optional<SourceId> HostSources::id(const MountEntry& e) const {
    auto it = ids_.find(key(e));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

}  // namespace cordon
