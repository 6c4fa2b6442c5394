#include "services/plans/service/plan_input.h"

#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/text.h"
#include "thidua/registry/v1/registry.pb.h"

namespace thidua::plans {
namespace {

// The shortest a text may be. The longest, its Unicode form and its characters are declared
// beside the field in the proto and checked before the handler (common/server/text_fields.h).
void CheckText(const std::string& value, const std::string& field, size_t min, Violations& v) {
  if (text::CodePointCount(value) < min) {
    v.Add(field, absl::StrCat("at least ", min, " characters"),
          absl::StrCat("ít nhất ", min, " ký tự"));
  }
}

void CheckDue(const v1::DueRule& due, const std::string& field, Violations& v) {
  if (due.has_date()) {
    auto day = thidua::FromProto(due.date());
    if (!day.ok() || !day->has_value()) {
      v.Add(field + ".date", "is not a valid date", "không phải ngày hợp lệ");
      return;
    }
  }
  if (std::string bad = CheckDueRule(FromProto(due)); !bad.empty()) {
    v.Add(field, bad, "thời hạn không hợp lệ");
  }
}

}  // namespace

DueRule FromProto(const v1::DueRule& rule) {
  if (rule.has_date()) {
    auto day = thidua::FromProto(rule.date());
    if (day.ok() && day->has_value()) return DueRule::On(**day);
    return DueRule::None();
  }
  if (rule.has_yearly()) return DueRule::Yearly(rule.yearly().day(), rule.yearly().month());
  if (rule.has_in_month()) return DueRule::InMonth(rule.in_month().month(), rule.in_month().year());
  return DueRule::None();
}

void Decorate(v1::Task& task, absl::CivilDay today) {
  const DueRule rule = FromProto(task.due());
  task.set_due_text(rule.Describe());
  if (auto next = rule.NextOnOrAfter(today)) *task.mutable_next_deadline() = ToProto(*next);
}

void ValidatePopulation(const v1::Population& p, const std::string& field, Violations& v) {
  switch (p.population_case()) {
    case v1::Population::kUnits:
      if (p.units().organization_ids_size() == 0) {
        v.Add(field + ".units", "name at least one unit", "cần ít nhất một đơn vị");
      }
      break;
    case v1::Population::kKinds:
      if (p.kinds().scope_organization_id() <= 0) {
        v.Add(field + ".kinds.scope_organization_id", "is required", "là bắt buộc");
      }
      if (p.kinds().kinds_size() == 0) v.Add(field + ".kinds.kinds", "is required", "là bắt buộc");
      for (int i = 0; i < p.kinds().kinds_size(); ++i) {
        const int kind = p.kinds().kinds(i);
        if (kind == 0 || !registry::v1::OrganizationKind_IsValid(kind)) {
          v.Add(absl::StrCat(field, ".kinds.kinds[", i, "]"), "is not a kind of organisation",
                "không phải loại đơn vị");
        }
      }
      if (!v1::ScopeRelation_IsValid(p.kinds().relation())) {
        v.Add(field + ".kinds.relation", "LYING_WITHIN, MANAGED_DIRECTLY_BY or MANAGED_AT_LEVEL_OF",
              "LYING_WITHIN, MANAGED_DIRECTLY_BY hoặc MANAGED_AT_LEVEL_OF");
      }
      break;
    case v1::Population::kGroupId:
      if (p.group_id() <= 0) v.Add(field + ".group_id", "is required", "là bắt buộc");
      break;
    default:
      v.Add(field, "units, kinds within a scope, or a group is required",
            "cần danh sách đơn vị, loại đơn vị trong phạm vi, hoặc nhóm");
  }
}

void ValidatePlan(const v1::Plan& plan, Violations& v) {
  CheckText(plan.title(), "plan.title", 5, v);
  if (plan.issuer_organization_id() <= 0) {
    v.Add("plan.issuer_organization_id", "is required", "là bắt buộc");
  }
  if (plan.period_from_year() < 1945 || plan.period_to_year() < plan.period_from_year() ||
      plan.period_to_year() > 2200) {
    v.Add("plan.period_to_year", "the period must be years from ≤ to",
          "thời kỳ phải là các năm, từ năm ≤ đến năm");
  }
  if (!plan.place().empty()) CheckText(plan.place(), "plan.place", 1, v);
  if (!plan.signer().name().empty()) CheckText(plan.signer().name(), "plan.signer.name", 2, v);
  for (int i = 0; i < plan.sections_size(); ++i) {
    const std::string f = absl::StrCat("plan.sections[", i, "]");
    CheckText(plan.sections(i).heading(), f + ".heading", 1, v);
    CheckText(plan.sections(i).body(), f + ".body", 0, v);
  }
  for (int i = 0; i < plan.distribution_size(); ++i) {
    CheckText(plan.distribution(i), absl::StrCat("plan.distribution[", i, "]"), 1, v);
  }
  // A bound on one request, not on the ids (they come from a sequence).
  if (plan.tasks_size() + plan.targets_size() + plan.cascade_size() > 2000) {
    v.Add("plan.tasks", "at most 2000 tasks, targets and cascade requirements together",
          "tối đa 2000 nhiệm vụ, chỉ tiêu và yêu cầu triển khai");
  }
  for (int i = 0; i < plan.tasks_size(); ++i) {
    const v1::Task& t = plan.tasks(i);
    const std::string f = absl::StrCat("plan.tasks[", i, "]");
    CheckText(t.title(), f + ".title", 2, v);
    CheckText(t.description(), f + ".description", 0, v);
    if (t.lead_organization_id() <= 0) {
      v.Add(f + ".lead_organization_id", "every task has a lead unit",
            "nhiệm vụ phải có đơn vị chủ trì");
    }
    CheckDue(t.due(), f + ".due", v);
  }
  for (int i = 0; i < plan.targets_size(); ++i) {
    const v1::Target& t = plan.targets(i);
    const std::string f = absl::StrCat("plan.targets[", i, "]");
    CheckText(t.measure(), f + ".measure", 2, v);
    ValidatePopulation(t.population(), f + ".population", v);
    if (t.kind() == v1::MEASURE_KIND_UNSPECIFIED)
      v.Add(f + ".kind", "PERCENT or COUNT", "PERCENT hoặc COUNT");
    if (t.values_size() == 0) v.Add(f + ".values", "at least one value", "cần ít nhất một giá trị");
    for (int k = 0; k < t.values_size(); ++k) {
      const auto& value = t.values(k);
      if (value.value() < 0 || (t.kind() == v1::PERCENT && value.value() > 100)) {
        v.Add(absl::StrCat(f, ".values[", k, "].value"), "out of range", "ngoài phạm vi cho phép");
      }
      if (value.year() < plan.period_from_year() - 1 || value.year() > plan.period_to_year() + 1) {
        v.Add(absl::StrCat(f, ".values[", k, "].year"), "outside the plan's period",
              "nằm ngoài thời kỳ của kế hoạch");
      }
    }
  }
  for (int i = 0; i < plan.cascade_size(); ++i) {
    const std::string f = absl::StrCat("plan.cascade[", i, "]");
    ValidatePopulation(plan.cascade(i).population(), f + ".population", v);
    CheckDue(plan.cascade(i).due(), f + ".due", v);
  }
}

std::vector<int64_t> OrganizationIds(const v1::Plan& plan) {
  std::vector<int64_t> ids = {plan.issuer_organization_id()};
  auto population = [&](const v1::Population& p) {
    if (p.has_units())
      ids.insert(ids.end(), p.units().organization_ids().begin(),
                 p.units().organization_ids().end());
    if (p.has_kinds()) ids.push_back(p.kinds().scope_organization_id());
  };
  for (const auto& t : plan.tasks()) {
    ids.push_back(t.lead_organization_id());
    ids.insert(ids.end(), t.coordinating_organization_ids().begin(),
               t.coordinating_organization_ids().end());
  }
  for (const auto& t : plan.targets()) population(t.population());
  for (const auto& c : plan.cascade()) population(c.population());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::erase(ids, 0);
  return ids;
}

PlanFacts FactsOf(const v1::Plan& plan, absl::CivilDay issue_date,
                  const std::map<std::string, absl::CivilDay>& known_documents) {
  PlanFacts facts;
  facts.issue_date = issue_date;
  facts.period_from = plan.period_from_year();
  facts.period_to = plan.period_to_year();
  facts.known_documents = known_documents;
  for (int i = 0; i < plan.tasks_size(); ++i) {
    facts.deadlines.emplace_back(absl::StrCat("tasks[", i, "].due"),
                                 FromProto(plan.tasks(i).due()));
  }
  for (int i = 0; i < plan.cascade_size(); ++i) {
    facts.deadlines.emplace_back(absl::StrCat("cascade[", i, "].due"),
                                 FromProto(plan.cascade(i).due()));
  }
  for (int i = 0; i < plan.sections_size(); ++i) {
    facts.texts.emplace_back(absl::StrCat("sections[", i, "].body"), plan.sections(i).body());
  }
  facts.texts.emplace_back("title", plan.title());
  for (int i = 0; i < plan.tasks_size(); ++i) {
    facts.texts.emplace_back(absl::StrCat("tasks[", i, "].title"), plan.tasks(i).title());
    facts.texts.emplace_back(absl::StrCat("tasks[", i, "].description"),
                             plan.tasks(i).description());
  }
  for (int i = 0; i < plan.targets_size(); ++i) {
    facts.texts.emplace_back(absl::StrCat("targets[", i, "].measure"), plan.targets(i).measure());
  }
  for (int i = 0; i < plan.cascade_size(); ++i) {
    facts.texts.emplace_back(absl::StrCat("cascade[", i, "].note"), plan.cascade(i).note());
  }
  return facts;
}

}  // namespace thidua::plans
