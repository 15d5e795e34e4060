// Getting into the app's namespace: join the persisted one when it still
// matches the app (the warm path: one file, one stat, one setns; no fork,
// no mountinfo), else build a new one and persist it.
#pragma once

#include "app/app_loader.h"
#include "app/ns_store.h"

namespace cordon {

// Must be called with the app's lock held (cordon-update-ns inherits it).
void enter_app_namespace(NsStore& store, const App& app, const FileLock& lock);

}  // namespace cordon
