#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/plans/domain/due_rule.h"

namespace thidua::plans {

// One problem found in a plan. Errors block issuing; warnings block it until acknowledged, because
// the documents the system replaces are full of slips (seed 001 writes 2015 where 2025 is meant).
struct Finding {
  bool error = false;
  std::string code;   // stable UPPER_SNAKE: DEADLINE_BEFORE_ISSUE, YEAR_OUTSIDE_PERIOD, ...
  std::string field;  // where: "tasks[2].due", "sections[4].body"
  std::string english;
  std::string vietnamese;
};

// What the checks look at, gathered from a plan.
struct PlanFacts {
  absl::CivilDay issue_date;
  int period_from = 0;                                     // first year of the plan's period
  int period_to = 0;                                       // last year
  std::vector<std::pair<std::string, DueRule>> deadlines;  // field → rule
  std::vector<std::pair<std::string, std::string>> texts;  // field → free text
  // Documents known to the system, by canonical symbol, with their dates.
  std::map<std::string, absl::CivilDay> known_documents;
};

std::vector<Finding> CheckPlan(const PlanFacts& facts);

}  // namespace thidua::plans
