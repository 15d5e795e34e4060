// The text of the shipped default seccomp template. Grammar and semantics:
// docs/seccomp.md.
//
// A header, so that its digest is a compile-time constant: the setuid
// launcher compares compiled filters with kDefaultTemplateDigest and never
// contains the text itself (nothing it runs reads kDefaultSeccompTemplate;
// spread/main/launcher-load-only checks the binary). The compiler side
// returns the text through default_seccomp_template()
// (seccomp/default_template.cc).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/seccomp_blob.h"

namespace cordon {

inline constexpr std::string_view kDefaultSeccompTemplate = R"(# cordon default seccomp template.
#
# Two lists. Lines "NAME" allow a syscall; every syscall not named anywhere
# fails with ENOSYS (so libc falls back to an older call, e.g. clone3 ->
# clone). Lines "~NAME" deny with EPERM, and a deny wins over an allow.
# Names are resolved for the native ABI (x86_64) and the compat ABIs
# (i386, x32); a name an ABI does not have is skipped for that ABI.

## Processes, threads, program loading
arch_prctl
capget
capset                      # can only lower capabilities without privilege
clone                       # threads and fork; CLONE_NEWUSER denied below
# clone3 is not allowed on purpose: its flags sit behind a pointer and
# cannot be filtered. It fails with ENOSYS and glibc falls back to clone.
execve
execveat
exit
exit_group
fork
get_robust_list
get_thread_area
getcpu
getpgid
getpgrp
getpid
getppid
getpriority
getrlimit
getrusage
getsid
gettid
ioprio_get
ioprio_set
kill
membarrier
personality                 # restricted to 0, 8 and the query, see below
pidfd_getfd
pidfd_open
pidfd_send_signal
prctl
prlimit64
process_vm_readv
process_vm_writev
ptrace                      # debuggers and strace; the kernel's ptrace
                            # access checks (same uid, Yama) still apply
restart_syscall
rseq
sched_get_priority_max
sched_get_priority_min
sched_getaffinity
sched_getattr
sched_getparam
sched_getscheduler
sched_rr_get_interval
sched_setaffinity
sched_setattr
sched_setparam
sched_setscheduler
sched_yield
seccomp                     # a process may add filters of its own
landlock_add_rule
landlock_create_ruleset
landlock_restrict_self
set_robust_list
set_thread_area
set_tid_address
setpgid
setpriority
setrlimit
setsid
tgkill
times
tkill
uname
unshare                     # CLONE_NEWUSER denied below; the other
                            # namespaces need CAP_SYS_ADMIN anyway
vfork
wait4
waitid

## Credentials (harmless without privileges: the kernel only lets an
## unprivileged process switch among its own ids)
getegid
geteuid
getgid
getgroups
getresgid
getresuid
getuid
setfsgid
setfsuid
setgid
setgroups
setregid
setresgid
setresuid
setreuid
setuid

## Signals
alarm
pause
rt_sigaction
rt_sigpending
rt_sigprocmask
rt_sigqueueinfo
rt_sigreturn
rt_sigsuspend
rt_sigtimedwait
rt_tgsigqueueinfo
sigaltstack
signalfd
signalfd4

## Time and timers
clock_getres
clock_gettime
clock_nanosleep
getitimer
gettimeofday
nanosleep
setitimer
time
timer_create
timer_delete
timer_getoverrun
timer_gettime
timer_settime
timerfd_create
timerfd_gettime
timerfd_settime

## Waiting, events, futexes
epoll_create
epoll_create1
epoll_ctl
epoll_pwait
epoll_pwait2
epoll_wait
eventfd
eventfd2
futex
futex_waitv
inotify_add_watch
inotify_init
inotify_init1
inotify_rm_watch
poll
ppoll
pselect6
select

## Memory
brk
get_mempolicy
madvise
mbind
memfd_create
mincore
mlock
mlock2
mlockall
mmap
mprotect
mremap
msync
munlock
munlockall
munmap
pkey_alloc
pkey_free
pkey_mprotect
remap_file_pages
set_mempolicy

## Files and directories
access
chdir
chmod
chown
close
close_range
copy_file_range
creat
dup
dup2
dup3
faccessat
faccessat2
fadvise64
fallocate
fchdir
fchmod
fchmodat
fchown
fchownat
fcntl
fdatasync
fgetxattr
flistxattr
flock
fremovexattr
fsetxattr
fstat
fstatfs
fsync
ftruncate
futimesat
getcwd
getdents
getdents64
getxattr
ioctl                       # all requests; TIOCSTI and TIOCLINUX denied below
lchown
lgetxattr
link
linkat
listxattr
llistxattr
lremovexattr
lseek
lsetxattr
lstat
mkdir
mkdirat
mknod                       # FIFOs and sockets; device nodes need CAP_MKNOD
mknodat
name_to_handle_at
newfstatat
open
openat
openat2
pipe
pipe2
pread64
preadv
preadv2
pwrite64
pwritev
pwritev2
read
readahead
readlink
readlinkat
readv
removexattr
rename
renameat
renameat2
rmdir
sendfile
setxattr
splice
stat
statfs
statx
symlink
symlinkat
sync
sync_file_range
syncfs
tee
truncate
umask
unlink
unlinkat
utime
utimensat
utimes
vmsplice
write
writev

## Asynchronous I/O (io_uring is not allowed: it has been a steady source of
## kernel bugs; programs fall back to ordinary I/O on ENOSYS)
io_cancel
io_destroy
io_getevents
io_pgetevents
io_setup
io_submit

## Sockets
accept
accept4
bind
connect
getpeername
getsockname
getsockopt
listen
recvfrom
recvmmsg
recvmsg
sendmmsg
sendmsg
sendto
setsockopt
shutdown
socket
socketpair

## System V IPC and POSIX message queues
msgctl
msgget
msgrcv
msgsnd
mq_getsetattr
mq_notify
mq_open
mq_timedreceive
mq_timedsend
mq_unlink
semctl
semget
semop
semtimedop
shmat
shmctl
shmdt
shmget

## System information
getrandom
sysinfo

## Names of the 32-bit ABI (i386 programs on x86_64): 32-bit variants and
## the socketcall/ipc multiplexers (their arguments sit behind a pointer,
## so a 32-bit program's socket calls cannot be filtered by argument).
_llseek
_newselect
chown32
clock_gettime64
clock_nanosleep_time64
clock_getres_time64
fadvise64_64
fchown32
fcntl64
fstat64
fstatat64
fstatfs64
ftruncate64
futex_time64
getegid32
geteuid32
getgid32
getgroups32
getresgid32
getresuid32
getuid32
ipc
lchown32
lstat64
mmap2
ppoll_time64
pselect6_time64
recvmmsg_time64
rt_sigtimedwait_time64
sched_rr_get_interval_time64
semtimedop_time64
sendfile64
setfsgid32
setfsuid32
setgid32
setgroups32
setregid32
setresgid32
setresuid32
setreuid32
setuid32
sigaction
sigpending
sigprocmask
sigreturn
sigsuspend
socketcall
stat64
statfs64
timer_gettime64
timer_settime64
timerfd_gettime64
timerfd_settime64
truncate64
ugetrlimit
utimensat_time64
waitpid
io_pgetevents_time64
mq_timedreceive_time64
mq_timedsend_time64

## Denied (EPERM). A deny rule applies when all its conditions hold,
## whatever the allow list says.

# Mounts and namespaces: the app's mount namespace is cordon's business.
~mount
~umount2
~pivot_root
~move_mount
~open_tree
~fsopen
~fsmount
~fsconfig
~fspick
~mount_setattr
~setns
~clone &CLONE_NEWUSER       # unprivileged user namespaces
~unshare &CLONE_NEWUSER

# The kernel itself: modules, kexec, BPF, perf, keyrings, handles, swap,
# reboot, accounting, quotas.
~kexec_load
~kexec_file_load
~init_module
~finit_module
~delete_module
~bpf
~perf_event_open
~userfaultfd
~keyctl
~add_key
~request_key
~open_by_handle_at          # "shocker": opens any file of a mounted fs
~swapon
~swapoff
~reboot
~acct
~quotactl
~quotactl_fd

# Terminal injection (CVE-2019-7303, CVE-2023-1523). The kernel reads the
# request as 32 bits, so only the low 32 bits are compared: setting high
# bits must not get past the rule.
~ioctl - 0xffffffff|TIOCSTI
~ioctl - 0xffffffff|TIOCLINUX

# personality: only PER_LINUX (0), PER_LINUX32 (8) and the query 0xffffffff
# are allowed. The kernel reads the argument as 32 bits, so only the low 32
# bits are compared. A deny rule is a single masked comparison here (one
# argument), so "every value except three" is a union of masked tests, and
# at least 32 of them are needed (each value with a single bit set other
# than bit 3, and each value with all bits but one set, needs a rule of its
# own). Take the 31 bits other than bit 3 in a cycle
# 0 1 2 4 5 ... 31 (back to 0) and deny "this bit set and the next clear":
# any value whose bits outside bit 3 are neither all clear nor all set has
# such a pair. What is left: all clear (0 and 8, allowed) and all set
# (0xffffffff, allowed, and 0xfffffff7, denied by the last rule: bit 0 set
# and bit 3 clear).
~personality 0x00000003|0x00000001
~personality 0x00000006|0x00000002
~personality 0x00000014|0x00000004
~personality 0x00000030|0x00000010
~personality 0x00000060|0x00000020
~personality 0x000000c0|0x00000040
~personality 0x00000180|0x00000080
~personality 0x00000300|0x00000100
~personality 0x00000600|0x00000200
~personality 0x00000c00|0x00000400
~personality 0x00001800|0x00000800
~personality 0x00003000|0x00001000
~personality 0x00006000|0x00002000
~personality 0x0000c000|0x00004000
~personality 0x00018000|0x00008000
~personality 0x00030000|0x00010000
~personality 0x00060000|0x00020000
~personality 0x000c0000|0x00040000
~personality 0x00180000|0x00080000
~personality 0x00300000|0x00100000
~personality 0x00600000|0x00200000
~personality 0x00c00000|0x00400000
~personality 0x01800000|0x00800000
~personality 0x03000000|0x01000000
~personality 0x06000000|0x02000000
~personality 0x0c000000|0x04000000
~personality 0x18000000|0x08000000
~personality 0x30000000|0x10000000
~personality 0x60000000|0x20000000
~personality 0xc0000000|0x40000000
~personality 0x80000001|0x80000000
~personality 0x00000009|0x00000001
)";

// What a filter compiled by this cordon records in its header, and what
// the launcher expects there (core/seccomp_blob.h).
inline constexpr std::uint64_t kDefaultTemplateDigest = policy_digest(kDefaultSeccompTemplate);

}  // namespace cordon
