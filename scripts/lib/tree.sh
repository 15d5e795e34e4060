# shellcheck shell=bash
# scripts/lib/tree.sh -- the copy of the source tree that scripts/package
# builds from and spread/run-vm gives the guest.  Sourced (bash, with
# pipefail) by both.

# tree_tar REPO: write to stdout a tar of the files git knows in REPO
# (tracked ones, and untracked ones .gitignore does not ignore), as they are
# in the work tree: uncommitted edits are in, a tracked file deleted from
# the work tree is left out.  Build and test output that .gitignore may not
# cover (build*/, stage/, spread-tmp/, dist/: scripts/build, tools'
# out-of-tree builds and stages, run logs, packages) is left out too.
tree_tar() {
    git -C "$1" ls-files -z --cached --others --exclude-standard |
        grep -zvE '^(build[^/]*|stage|spread-tmp|dist)/' |
        (cd "$1" && tar --null -T - --ignore-failed-read -cf -)
}
