// The loss landscape's request and result as queued-call arguments and signal values, declared
// once for both training threads' workers.
#pragma once

#include "core/landscaperesult.h"

#include <QMetaType>

#include <memory>

Q_DECLARE_METATYPE(ds::app::LandscapeRequest)
Q_DECLARE_METATYPE(std::shared_ptr<const ds::app::LandscapeResult>)
