// What to do to a namespace to go from its current profile to the desired
// one: pure (plans from two profiles; cordon-update-ns executes them).
//
// Rules (the snap-update-ns model, with beneath-replacement):
//  1. A current entry is kept when the desired profile has the same entry
//     (same_as) at the same target, and no entry it lies below was changed;
//     everything below a changed entry is rebuilt. Precisely, a current
//     entry is not kept when
//       - a mount entry earlier in the log at its target or above it is not
//         kept (it was mounted on top of that one: stacks at one target
//         count, later entries being on top), or
//       - a desired mount that is not kept (new or changed) has a target
//         strictly above it (the new mount would hide it), or
//       - it is a mount that covers, at or above their target, an entry
//         earlier in the log that is not kept (typically a writable mimic
//         built over a directory after something in it was mounted: that
//         entry cannot be reached to undo it, and would show again when the
//         mimic goes). Applied until nothing changes.
//     Only mount entries propagate: a changed symlink or ensure-dir does
//     not rebuild what is below it. Of several current entries equal to
//     one desired entry, the first is kept.
//  2. A synthetic entry (part of a writable mimic at P: its tmpfs at P, or
//     what was bound back or recreated at P/NAME) is kept, subject to rule
//     1, while some desired entry lies strictly below P (kept, changed or
//     new: they all live on the mimic, so a changed entry below P is
//     replaced without rebuilding the mimic), and no desired entry that the
//     namespace lacks has its exact target. Otherwise it goes (and, by
//     rule 1, everything mounted on it after it): after the last desired
//     entry below P goes. x-cordon.needed-by plays no part (it names the
//     entry that first needed the mimic, which may be gone by then).
//  3. Changes come in two phases. First, walking the current log backwards
//     (children before parents): kUnmount for entries not kept, or
//     kReplace when a desired mount takes the place of a changed mount at
//     the same target and that target is not itself below another changed
//     entry (the new mount goes beneath the old one, then the old one is
//     detached: no moment where the target is empty). Then kMount for the
//     desired entries neither kept nor replacing, parents before children
//     (stable order by target, "/a" before "/a/b" and "/a-b").
//     kReplace needs: both mounts, of the same kind (dir or file); every
//     current entry at or below the target goes; the first of them in the
//     log is the replaced mount itself (so it is on top when its turn
//     comes); no mount that goes or comes lies strictly above the target.
//     Symlink and ensure-dir entries are never replaced: kUnmount (remove)
//     and kMount (create).
//  4. kKeep changes are listed too (first, in log order) so the executor
//     can write the new current profile as: kept entries in their old
//     order, then every change it performed, in execution order.
// Desired targets must be unique (parse_mount_profile(kDesired) ensures
// it); otherwise Error("plan mount profile update", ...) is thrown.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/mount_profile.h"

namespace cordon {

struct ProfileChange {
    enum class Action { kKeep, kUnmount, kReplace, kMount };
    Action action;
    MountEntry entry;     // what is kept / unmounted / mounted / mounted instead
    MountEntry replaced;  // kReplace: the current entry it replaces
};

std::vector<ProfileChange> plan_profile_update(const MountProfile& current, const MountProfile& desired);

// "keep /a", "unmount /a", "replace /a", "mount /a": for logs and tests.
std::string describe_change(const ProfileChange& change);

// An entry as the user wrote it, for messages: "SOURCE on TARGET" (a bind
// or tmpfs), "symlink TARGET -> DEST", "directory TARGET" (ensure-dir),
// "the writable mimic at TARGET" (synthetic).
std::string describe_entry(const MountEntry& entry);

// The error of a change that failed with `cause` (the step that failed,
// kept whole as the reason: "cannot VERB OBJECT: REASON"), naming the
// entry the way the user can find it:
//   apply FILE:LINE (WHAT)                      kMount, kReplace: the
//                                               desired entry, LINE its
//                                               line in FILE (comments
//                                               and blank lines counted:
//                                               MountEntry::line, from
//                                               parsing)
//   apply FILE (remove WHAT, no longer in it)   kUnmount: an entry of the
//                                               current profile (its line
//                                               is in the log, not in FILE)
//   apply FILE (remove the writable mimic at TARGET, no longer needed)
// FILE is the desired profile (/etc/cordon/apps/APP.fstab).
Error change_failure(const ProfileChange& change, const std::string& desired_file, const Error& cause);

}  // namespace cordon
