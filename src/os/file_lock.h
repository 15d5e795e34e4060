// flock(2) locks on files in a root-owned directory, with a sanity timeout
// so a wedged holder makes cordon fail with a message instead of hanging.
#pragma once

#include <string>

#include "os/unique_fd.h"

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

    // The locked open file description. flock locks belong to it, not to
    // the process: a child that inherits the fd holds the lock as long as
    // it lives, even after this process died (cordon-update-ns does).
    int fd() const { return fd_.get(); }

private:
    explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace cordon
