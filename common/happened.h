#pragma once

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"

namespace thidua {

// Dates of things that happened (a task done, a registration made, a model started, a document
// issued, later a report submitted) cannot lie ahead: a task marked done on a future day would turn
// a late task into an on-time one. Planned things (deadlines, plan periods, events from a future
// date) may. Adds a violation of `field` when `day` is after `today` (Vietnam's calendar day).
void CheckHappened(absl::CivilDay day, absl::CivilDay today, absl::string_view field,
                   Violations& violations);

}  // namespace thidua
