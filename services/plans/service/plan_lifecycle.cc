// Plans: create, read, list, update while DRAFT, check, issue, amend, close.
#include "services/plans/domain/plan_lifecycle.h"

#include <google/protobuf/util/message_differencer.h>

#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/server/update_mask.h"
#include "services/plans/domain/document_symbol.h"
#include "services/plans/service/plan_input.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/sql_values.h"
#include "services/plans/store/task_store.h"

namespace thidua::plans {
namespace {

std::string Etag(int64_t row_version) { return absl::StrCat("\"", row_version, "\""); }

// Documents the plan cites must exist; their dates feed the date checks.
absl::StatusOr<std::map<std::string, absl::CivilDay>> KnownDocuments(db::Connection& conn,
                                                                     const v1::Plan& plan) {
  std::vector<int64_t> ids(plan.implements_document_ids().begin(),
                           plan.implements_document_ids().end());
  ids.insert(ids.end(), plan.legal_basis_document_ids().begin(),
             plan.legal_basis_document_ids().end());
  std::map<std::string, absl::CivilDay> known;
  for (int64_t id : ids) {
    auto doc = store::LoadDocument(conn, id);
    if (!doc) return NotFound(absl::StrCat("Document ", id), absl::StrCat("văn bản ", id));
    if (auto day = thidua::FromProto(doc->issue_date()); day.ok() && day->has_value()) {
      known[doc->symbol()] = **day;
    }
  }
  return known;
}

// The document found under a plan's number (its identity: number, type and issuer within the year)
// is the plan's only when no other plan carries it and it bears the plan's date: an issuer cannot
// issue two plans under one number in a year (Nghị định 30/2020/NĐ-CP, Điều 15).
absl::Status CheckNumberFree(db::Connection& conn, const v1::Document& found,
                             const v1::Plan& plan) {
  const int64_t other = store::PlanIssuedAs(conn, found.id());
  const auto& day = found.issue_date();
  const bool same_day = day.year() == plan.issue_date().year() &&
                        day.month() == plan.issue_date().month() &&
                        day.day() == plan.issue_date().day();
  if ((other == 0 || other == plan.id()) && same_day) return absl::OkStatus();
  const std::string taken_by =
      other != 0 ? absl::StrCat("plan ", other) : absl::StrCat("document ", found.id());
  const std::string taken_by_vi =
      other != 0 ? absl::StrCat("kế hoạch ", other) : absl::StrCat("văn bản ", found.id());
  return Error(absl::StatusCode::kAlreadyExists, "DOCUMENT_NUMBER_TAKEN",
               absl::StrCat(found.issuing_body(), " already issued ", found.symbol(), " on ",
                            day.day(), "/", day.month(), "/", day.year(), " (", taken_by,
                            "): one number names one document of an issuer a year"),
               absl::StrCat(found.issuing_body(), " đã ban hành số ", found.symbol(), " ngày ",
                            day.day(), "/", day.month(), "/", day.year(), " (", taken_by_vi,
                            "): mỗi số chỉ dùng cho một văn bản của cơ quan ban hành trong năm"));
}

void ToFindings(const std::vector<Finding>& findings, v1::CheckPlanResponse* out) {
  for (const Finding& f : findings) {
    auto* finding = out->add_findings();
    finding->set_error(f.error);
    finding->set_code(f.code);
    finding->set_field(f.field);
    finding->set_message(f.english);
    finding->set_message_vi(f.vietnamese);
  }
}

// The shape of a plan's content, whichever write stores it (create, update, amend): its fields
// and its symbol.
absl::Status CheckShape(const v1::Plan& plan) {
  Violations v;
  ValidatePlan(plan, v);
  if (!plan.symbol().empty() && !plans::ParseDocumentSymbol(plan.symbol()).ok()) {
    v.Add("plan.symbol", "is not a document symbol (e.g. 0150/KH-UBND)",
          "số, ký hiệu không đúng thể thức (ví dụ 0150/KH-UBND)");
  }
  return v.ToStatus();
}

// Inside the write's transaction: the movement and the documents the content names exist.
absl::Status CheckReferences(db::Connection& conn, const v1::Plan& plan) {
  if (plan.movement_id() != 0 && !store::MovementExists(conn, plan.movement_id())) {
    return NotFound(absl::StrCat("Movement ", plan.movement_id()), "phong trào");
  }
  return KnownDocuments(conn, plan).status();
}

}  // namespace

grpc::Status PlansService::CreatePlan(Ctx* ctx, const v1::CreatePlanRequest* request,
                                      v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Plan plan = request->plan();
    if (auto s = CheckShape(plan); !s.ok()) return s;
    if (auto s = AuthorizeFor(call, kEditorRole, plan.issuer_organization_id()); !s.ok()) return s;
    // Checked with the registry after a retry got its first answer (db::WriteOnce).
    auto checks = [&]() -> absl::Status {
      if (auto s = CheckOrganizations(call, OrganizationIds(plan)); !s.ok()) return s;
      return CheckAssignees(call, plan.issuer_organization_id(), plan);
    };
    plan.clear_id();
    plan.clear_status();
    plan.clear_version();
    plan.clear_document_id();
    plan.clear_acknowledged_warnings();
    for (auto& task : *plan.mutable_tasks()) {
      task.clear_id();
      task.clear_statuses();
      task.clear_notes();
    }
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          if (auto s = CheckReferences(conn, plan); !s.ok()) return s;
          v1::Plan row = plan;
          store::InsertPlan(conn, row);
          store::IndexNewPlan(conn, row);
          *response = *store::LoadPlan(conn, row.id(), 0);
          db::Audit(conn, call, response->name(), {{"created", response->title()}});
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::GetPlan(Ctx* ctx, const v1::GetPlanRequest* request,
                                   v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->version() < 0) {
      return InvalidArgument({{"version", "must not be negative", "không được âm"}});
    }
    auto plan = ReadablePlan(call, request->id(), request->version());
    if (!plan.ok()) return plan.status();
    *response = *std::move(plan);
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      for (auto& task : *response->mutable_tasks()) {
        store::LoadTaskProgress(conn, task);
        Decorate(task, Today());
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::ListPlans(Ctx* ctx, const v1::ListPlansRequest* request,
                                     v1::ListPlansResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto pager = server::Pager::Read(*request, 50, 500);
    if (!pager.ok()) return pager.status();
    // Newest first: (issue date, "" for a draft; id), both descending. The first page starts after
    // a date later than any and the greatest id.
    auto after = pager->StartAs(
        std::tuple<std::string, int64_t>{"9999-12-31", std::numeric_limits<int64_t>::max()});
    if (!after.ok()) return after.status();
    const auto& after_date = std::get<0>(*after);
    const int64_t after_id = std::get<1>(*after);
    if (!after_date.empty() && !ParseIso(after_date)) return server::Pager::BadToken();
    // Only what the caller may read: plans of its scope, and issued plans of the units above it.
    auto scope = ScopeOf(call);
    if (!scope.ok()) return scope.status();
    store::PlanVisibility visible{scope->everything, scope->within, scope->above};
    std::vector<v1::Plan> plans;
    absl::Status status = pool_.Run(call.deadline, [&](db::Connection& conn) {
      plans = store::ListPlans(conn, *request, visible, after_date, after_id, pager->size() + 1);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (static_cast<int>(plans.size()) > pager->size()) {
      plans.resize(pager->size());
      const v1::Plan& last = plans.back();
      response->set_next_page_token(pager->TokenAfter({store::Iso(last.issue_date()), last.id()}));
    }
    for (auto& plan : plans) *response->add_plans() = std::move(plan);
    return absl::OkStatus();
  });
}

grpc::Status PlansService::UpdatePlan(Ctx* ctx, const v1::UpdatePlanRequest* request,
                                      v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const v1::Plan& in = request->plan();
    if (in.id() <= 0 || in.etag().empty() || request->update_mask().paths_size() == 0) {
      return InvalidArgument({{"plan", "id, etag and update_mask are required",
                               "cần mã kế hoạch, etag và danh sách trường cần sửa"}});
    }
    // A draft's content is replaced field by whole field; what the service keeps (id, status,
    // version, etag, the document, the issuer, times, acknowledged warnings) is not a path.
    Violations mask;
    server::CheckUpdateMask(
        request->update_mask(), *v1::Plan::descriptor(),
        {"symbol", "issue_date", "place", "signer", "title", "movement_id",
         "implements_document_ids", "legal_basis_document_ids", "period_from_year",
         "period_to_year", "sections", "distribution", "tasks", "targets", "cascade"},
        mask);
    if (!mask.empty()) return mask.ToStatus();
    auto row = EditablePlanRow(call, in.id());
    if (!row.ok()) return row.status();
    if (auto s = CheckOrganizations(call, OrganizationIds(in)); !s.ok()) return s;
    if (auto s = CheckAssignees(call, row->issuer, in); !s.ok()) return s;
    return pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto current_row = store::LoadPlanRow(conn, in.id(), true);
      if (!current_row) return NotFound("Plan", "kế hoạch");
      if (Etag(current_row->row_version) != in.etag()) return EtagMismatch();
      auto after =
          PlanStatusAfter(static_cast<v1::PlanStatus>(current_row->status), PlanAction::kEdit);
      if (!after.ok()) return after.status();
      v1::Plan plan = *store::LoadPlan(conn, in.id(), 0);
      const google::protobuf::Descriptor* d = v1::Plan::descriptor();
      for (const std::string& path : request->update_mask().paths()) {
        const auto* field = d->FindFieldByName(path);  // a top-level field, checked above
        // Replace the field with the request's value: copy the request, keep only that field.
        plan.GetReflection()->ClearField(&plan, field);
        v1::Plan only = in;
        std::vector<const google::protobuf::FieldDescriptor*> present;
        only.GetReflection()->ListFields(only, &present);
        for (const auto* f : present) {
          if (f != field) only.GetReflection()->ClearField(&only, f);
        }
        plan.MergeFrom(only);
      }
      if (auto s = CheckShape(plan); !s.ok()) return s;
      if (auto s = CheckReferences(conn, plan); !s.ok()) return s;
      store::SavePlan(conn, plan, /*new_version=*/false, "");
      store::IndexPlan(conn, plan);
      *response = *store::LoadPlan(conn, plan.id(), 0);
      db::Audit(conn, call, response->name(),
                {{"updated", std::vector<std::string>(request->update_mask().paths().begin(),
                                                      request->update_mask().paths().end())}});
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::CheckPlan(Ctx* ctx, const v1::CheckPlanRequest* request,
                                     v1::CheckPlanResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto plan = ReadablePlan(call, request->id(), 0);
    if (!plan.ok()) return plan.status();
    if (auto after = PlanStatusAfter(plan->status(), PlanAction::kCheck); !after.ok()) {
      return after.status();
    }
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto known = KnownDocuments(conn, *plan);
      if (!known.ok()) return known.status();
      auto issue = thidua::FromProto(plan->issue_date());
      const absl::CivilDay day = issue.ok() && issue->has_value() ? **issue : Today();
      ToFindings(plans::CheckPlan(FactsOf(*plan, day, *known)), response);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::IssuePlan(Ctx* ctx, const v1::IssuePlanRequest* request,
                                     v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    Violations v;
    auto symbol = plans::ParseDocumentSymbol(request->symbol());
    if (!symbol.ok()) {
      v.Add("symbol", std::string(symbol.status().message()), "số, ký hiệu không đúng thể thức");
    }
    auto issue = thidua::FromProto(request->issue_date());
    if (!issue.ok() || !issue->has_value())
      v.Add("issue_date", "a valid date is required", "cần ngày ban hành hợp lệ");
    if (request->etag().empty()) v.Add("etag", "is required", "là bắt buộc");
    if (!v.empty()) return v.ToStatus();
    auto row = EditablePlanRow(call, request->id());
    if (!row.ok()) return row.status();
    // The issued plan is registered as a document under its issuer's official name.
    auto issuer = registry_.BatchGet(call, {row->issuer}, **issue);
    if (!issuer.ok()) return issuer.status();
    const std::string issuing_body =
        issuer->found.empty() ? "" : issuer->found.front().display_name();
    return pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto current = store::LoadPlanRow(conn, request->id(), true);
      if (!current) return NotFound("Plan", "kế hoạch");
      if (Etag(current->row_version) != request->etag()) return EtagMismatch();
      auto after =
          PlanStatusAfter(static_cast<v1::PlanStatus>(current->status), PlanAction::kIssue);
      if (!after.ok()) return after.status();
      v1::Plan plan = *store::LoadPlan(conn, request->id(), 0);
      auto known = KnownDocuments(conn, plan);
      if (!known.ok()) return known.status();
      const auto findings = plans::CheckPlan(FactsOf(plan, **issue, *known));
      std::vector<FieldViolation> blocking;
      for (const Finding& f : findings) {
        const bool acknowledged =
            !f.error && std::find(request->acknowledge_warnings().begin(),
                                  request->acknowledge_warnings().end(),
                                  f.code) != request->acknowledge_warnings().end();
        if (!acknowledged) {
          blocking.push_back(
              {f.field, absl::StrCat(f.error ? "error " : "warning ", f.code, ": ", f.english),
               f.vietnamese});
        }
      }
      if (!blocking.empty()) {
        return Error(absl::StatusCode::kFailedPrecondition, "PLAN_HAS_FINDINGS",
                     "The plan has errors, or warnings not acknowledged; see CheckPlan",
                     "Kế hoạch còn lỗi hoặc cảnh báo chưa được xác nhận; xem CheckPlan", blocking);
      }
      plan.set_symbol(symbol->ToString());
      *plan.mutable_issue_date() = request->issue_date();
      plan.set_status(*after);
      for (const auto& code : request->acknowledge_warnings()) plan.add_acknowledged_warnings(code);
      // The issued plan becomes a document others implement and cite: the decision promulgating
      // it when one is named, otherwise a plan (KH) of its issuer.
      if (request->document_id() != 0) {
        // Locked: two plans issued as one decision at once would both find it free.
        auto carrier = store::LockDocument(conn, request->document_id());
        if (!carrier) return NotFound(absl::StrCat("Document ", request->document_id()), "văn bản");
        if (carrier->issuer_organization_id() != plan.issuer_organization_id()) {
          return PermissionDenied(
              "A plan is issued only as a document of its own issuer (the document's "
              "issuer_organization_id)",
              "Kế hoạch chỉ được ban hành kèm văn bản của chính cơ quan ban hành kế hoạch");
        }
        const auto& day = carrier->issue_date();
        // The same number, type and issuer: "150/KH-UBND" is issued as 0150/KH-UBND.
        auto carried = plans::ParseDocumentSymbol(carrier->symbol());
        if (!carried.ok() || carried->IdentityKey() != symbol->IdentityKey() ||
            !google::protobuf::util::MessageDifferencer::Equals(day, plan.issue_date())) {
          return InvalidArgument(
              {{"document_id",
                absl::StrCat("is ", carrier->symbol(), " of ", day.day(), "/", day.month(), "/",
                             day.year(), ", not the symbol and date given"),
                "số, ký hiệu và ngày khác với văn bản đã đăng ký"}});
        }
        if (const int64_t other = store::PlanIssuedAs(conn, carrier->id());
            other != 0 && other != plan.id()) {
          return Error(absl::StatusCode::kFailedPrecondition, "DOCUMENT_CARRIES_ANOTHER_PLAN",
                       absl::StrCat("Plan ", other, " is already issued as ", carrier->symbol()),
                       absl::StrCat("Kế hoạch ", other, " đã được ban hành kèm văn bản ",
                                    carrier->symbol()));
        }
        plan.set_document_id(carrier->id());
      } else {
        v1::Document doc;
        doc.set_type(v1::KE_HOACH);
        doc.set_symbol(plan.symbol());
        *doc.mutable_issue_date() = plan.issue_date();
        doc.set_issuing_body(issuing_body);
        doc.set_issuer_organization_id(plan.issuer_organization_id());
        doc.set_title(plan.title());
        const v1::Document stored = store::UpsertDocument(conn, doc, symbol->IdentityOn(**issue));
        if (auto s = CheckNumberFree(conn, stored, plan); !s.ok()) return s;
        plan.set_document_id(stored.id());
      }
      store::SavePlan(conn, plan, /*new_version=*/false, "");
      store::IndexPlan(conn, plan);
      *response = *store::LoadPlan(conn, plan.id(), 0);
      db::Audit(conn, call, response->name(), {{"issued", plan.symbol()}});
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::AmendPlan(Ctx* ctx, const v1::AmendPlanRequest* request,
                                     v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Plan in = request->plan();
    Violations v;
    ValidatePlan(in, v);
    if (in.id() <= 0 || in.etag().empty())
      v.Add("plan.etag", "id and etag are required", "cần mã kế hoạch và etag");
    if (request->reason().empty())
      v.Add("reason", "say why the plan is amended", "cần nêu lý do điều chỉnh");
    if (!v.empty()) return v.ToStatus();
    auto row = EditablePlanRow(call, in.id());
    if (!row.ok()) return row.status();
    // Checked with the registry after a retry got its first answer (db::WriteOnce).
    auto checks = [&]() -> absl::Status {
      if (auto s = CheckOrganizations(call, OrganizationIds(in)); !s.ok()) return s;
      return CheckAssignees(call, row->issuer, in);
    };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          auto current = store::LoadPlanRow(conn, in.id(), true);
          if (!current) return NotFound("Plan", "kế hoạch");
          if (Etag(current->row_version) != in.etag()) return EtagMismatch();
          auto after =
              PlanStatusAfter(static_cast<v1::PlanStatus>(current->status), PlanAction::kAmend);
          if (!after.ok()) return after.status();
          const v1::Plan previous = *store::LoadPlan(conn, in.id(), 0);
          if (auto s = CheckReferences(conn, in); !s.ok()) return s;
          // Identity, issuer, number and status stay; the content is replaced.
          in.set_issuer_organization_id(previous.issuer_organization_id());
          in.set_symbol(previous.symbol());
          *in.mutable_issue_date() = previous.issue_date();
          in.set_status(*after);
          in.set_version(previous.version());
          in.set_document_id(previous.document_id());
          store::SavePlan(conn, in, /*new_version=*/true, request->reason());
          store::IndexPlan(conn, in);
          *response = *store::LoadPlan(conn, in.id(), 0);
          db::Audit(conn, call, response->name(),
                    {{"amended", request->reason()}, {"version", in.version()}});
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::ClosePlan(Ctx* ctx, const v1::ClosePlanRequest* request,
                                     v1::Plan* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto row = EditablePlanRow(call, request->id());
    if (!row.ok()) return row.status();
    return pool_.Transact(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto current = store::LoadPlanRow(conn, request->id(), true);
      if (!current) return NotFound("Plan", "kế hoạch");
      if (Etag(current->row_version) != request->etag()) return EtagMismatch();
      auto after =
          PlanStatusAfter(static_cast<v1::PlanStatus>(current->status), PlanAction::kClose);
      if (!after.ok()) return after.status();
      v1::Plan plan = *store::LoadPlan(conn, request->id(), 0);
      plan.set_status(*after);
      store::SavePlan(conn, plan, /*new_version=*/false, "");
      store::IndexPlan(conn, plan);
      *response = *store::LoadPlan(conn, plan.id(), 0);
      db::Audit(conn, call, response->name(), {{"closed", true}});
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::plans
