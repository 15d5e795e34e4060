// An owning file descriptor. Every fd cordon opens lives in one of these
// and is opened O_CLOEXEC, so none leaks into the application.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <utility>

namespace cordon {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }

    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    explicit operator bool() const { return valid(); }
    int release() { return std::exchange(fd_, -1); }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

// An owning directory stream (opendir, fdopendir).
struct DirCloser {
    void operator()(DIR* d) const { ::closedir(d); }
};
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

// A stream reading the directory fd: the stream owns the fd from now on.
// Empty (errno set, fd closed) when fdopendir fails.
inline UniqueDir dir_from_fd(UniqueFd fd) {
    UniqueDir dir(::fdopendir(fd.get()));
    if (dir) {
        fd.release();
    } else {
        int err = errno;
        fd.reset();
        errno = err;
    }
    return dir;
}

}  // namespace cordon
