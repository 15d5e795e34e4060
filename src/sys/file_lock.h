// flock(2) locks on files in a root-owned directory, with a sanity timeout
// so a wedged holder makes cordon fail with a message instead of hanging.
#pragma once

#include <string>

#include "base/unique_fd.h"

namespace cordon {

class FileLock {
public:
    // Opens (creating, root 0600) dirfd/name and takes an exclusive lock,
    // waiting at most timeout_seconds.
    static FileLock acquire(int dirfd, const std::string& name, unsigned timeout_seconds,
                            const std::string& display);

    FileLock() = default;
    FileLock(FileLock&&) = default;
    FileLock& operator=(FileLock&&) = default;

    void release() { fd_.reset(); }  // closing the only fd drops the lock

private:
    explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace cordon
