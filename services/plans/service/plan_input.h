#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "services/plans/domain/due_rule.h"
#include "services/plans/domain/plan_checks.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans {

DueRule FromProto(const v1::DueRule& rule);
// Due text and next deadline from `today`, for display.
void Decorate(v1::Task& task, absl::CivilDay today);

// Field checks of a plan's content, with proto paths ("tasks[3].due").
void ValidatePlan(const v1::Plan& plan, Violations& violations);
void ValidatePopulation(const v1::Population& population, const std::string& field,
                        Violations& violations);
// Every organisation id the plan names.
std::vector<int64_t> OrganizationIds(const v1::Plan& plan);
// What the checks before issuing look at.
PlanFacts FactsOf(const v1::Plan& plan, absl::CivilDay issue_date,
                  const std::map<std::string, absl::CivilDay>& known_documents);

}  // namespace thidua::plans
