// The catalogue: indicators and versioned templates.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/server/pager.h"
#include "services/reporting/service/reporting_service.h"
#include "services/reporting/store/catalogue_store.h"

namespace thidua::reporting {
namespace {

absl::Status IndicatorCodeTaken() {
  return Error(absl::StatusCode::kAlreadyExists, "INDICATOR_CODE_TAKEN",
               "An indicator with this code exists; codes are never reused",
               "Đã có chỉ tiêu mang mã này; mã chỉ tiêu không được dùng lại",
               {{"indicator.code", "is taken", "đã được dùng"}});
}

absl::Status TemplateCodeTaken() {
  return Error(absl::StatusCode::kAlreadyExists, "TEMPLATE_CODE_TAKEN",
               "A template with this code exists", "Đã có mẫu báo cáo mang mã này",
               {{"template.code", "is taken", "đã được dùng"}});
}

// The codes a template's rows name, and the parts those indicators are computed from.
std::vector<std::string> RowCodes(const v1::Template& t) {
  std::set<std::string> codes;
  for (const auto& row : t.rows()) codes.insert(row.indicator_code());
  return {codes.begin(), codes.end()};
}

}  // namespace

grpc::Status ReportingService::CreateIndicator(Ctx* ctx, const v1::CreateIndicatorRequest* request,
                                               v1::Indicator* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Indicator indicator = request->indicator();
    if (auto s = AuthorizeDesigner(call, indicator.owner_organization_id()); !s.ok()) return s;
    auto parts = IndicatorsOf(
        call, {indicator.numerator_code(), indicator.denominator_code(), indicator.weight_code()});
    if (!parts.ok()) return parts.status();
    Violations v;
    CheckIndicator(indicator, LookupIn(*parts), "indicator.", v);
    if (!v.empty()) return v.ToStatus();
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::TransactOnce(pool_, call.deadline, key, response, [&](db::Connection& conn) {
      if (!store::InsertIndicator(conn, indicator)) return IndicatorCodeTaken();
      *response = indicator;
      db::Audit(conn, call, absl::StrCat("indicators/", indicator.id()),
                {{"created", indicator.code()}});
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::GetIndicator(Ctx* ctx, const v1::GetIndicatorRequest* request,
                                            v1::Indicator* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if ((request->id() != 0) == !request->code().empty()) {
      return InvalidArgument(
          {{"id", "give exactly one of id and code", "cần đúng một trong hai: id hoặc code"}});
    }
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto found = request->id() != 0 ? store::LoadIndicator(conn, request->id())
                                      : store::LoadIndicatorByCode(conn, request->code());
      if (!found) return NotFound("Indicator", "chỉ tiêu");
      *response = *std::move(found);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::ListIndicators(Ctx* ctx, const v1::ListIndicatorsRequest* request,
                                              v1::ListIndicatorsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    return ListByCode(call, *request, request->owner_organization_id(), store::ListIndicators,
                      *response->mutable_indicators(), *response->mutable_next_page_token());
  });
}

grpc::Status ReportingService::CreateTemplate(Ctx* ctx, const v1::CreateTemplateRequest* request,
                                              v1::Template* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Template t = request->template_();
    if (auto s = AuthorizeDesigner(call, t.owner_organization_id()); !s.ok()) return s;
    auto indicators = IndicatorsOf(call, RowCodes(t));
    if (!indicators.ok()) return indicators.status();
    Violations v;
    if (!IsCode(t.code())) {
      v.Add("template.code",
            "2 to 60 capital ASCII letters, digits, '-', '_' or '.', starting with a letter",
            "2 đến 60 ký tự gồm chữ in hoa không dấu, chữ số, '-', '_' hoặc '.', bắt đầu bằng chữ");
    }
    if (t.display_name().empty()) v.Add("template.display_name", "is required", "là bắt buộc");
    CheckTemplateContent(t, LookupIn(*indicators), "template.", v);
    if (!v.empty()) return v.ToStatus();
    t.clear_change_note();
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::TransactOnce(pool_, call.deadline, key, response, [&](db::Connection& conn) {
      if (!store::InsertTemplate(conn, t)) return TemplateCodeTaken();
      *response = t;
      db::Audit(conn, call, absl::StrCat("templates/", t.id()),
                {{"created", t.code()}, {"version", t.version()}});
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::ReviseTemplate(Ctx* ctx, const v1::ReviseTemplateRequest* request,
                                              v1::Template* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const v1::Template& in = request->template_();
    Violations v;
    if (in.id() <= 0) v.Add("template.id", "is required", "là bắt buộc");
    if (in.etag().empty()) v.Add("template.etag", "is required", "là bắt buộc");
    if (!v.empty()) return v.ToStatus();
    std::optional<v1::Template> current;
    absl::Status loaded = pool_.Run(call.deadline, [&](db::Connection& conn) {
      current = store::LoadTemplate(conn, in.id(), 0, false);
      return absl::OkStatus();
    });
    if (!loaded.ok()) return loaded;
    // An unknown template and another organisation's are refused alike (AIP-211).
    if (!current) {
      if (auto s = auth::RequireRole(call.principal, kDesignerRole); !s.ok()) return s;
      return PermissionDenied();
    }
    if (auto s = AuthorizeDesigner(call, current->owner_organization_id()); !s.ok()) return s;
    const db::IdempotencyKey key(call, request->request_id(), *request);
    auto checks = [&]() -> absl::Status {
      auto indicators = IndicatorsOf(call, RowCodes(in));
      if (!indicators.ok()) return indicators.status();
      CheckTemplateContent(in, LookupIn(*indicators), "template.", v);
      if (in.change_note().empty()) {
        v.Add("template.change_note", "say why this version is made",
              "cần nêu lý do ban hành phiên bản mới");
      }
      return v.ToStatus();
    };
    absl::Status revised = db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          auto locked = store::LoadTemplate(conn, in.id(), 0, true);
          if (!locked) return PermissionDenied();
          if (locked->etag() != in.etag()) return EtagMismatch();
          v1::Template next = *locked;
          *next.mutable_rows() = in.rows();
          *next.mutable_sections() = in.sections();
          next.set_change_note(in.change_note());
          store::AddTemplateVersion(conn, next);
          *response = next;
          db::Audit(conn, call, absl::StrCat("templates/", next.id()),
                    {{"version", next.version()}, {"change_note", next.change_note()}});
          return absl::OkStatus();
        });
    if (revised.ok()) catalogue_.Revised(response->id(), response->version());
    return revised;
  });
}

grpc::Status ReportingService::GetTemplate(Ctx* ctx, const v1::GetTemplateRequest* request,
                                           v1::Template* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    if (request->version() < 0) {
      return InvalidArgument({{"version", "must not be negative", "không được âm"}});
    }
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto found = store::LoadTemplate(conn, request->id(), request->version(), false);
      if (!found) return NotFound("Template", "mẫu báo cáo");
      *response = *std::move(found);
      return absl::OkStatus();
    });
  });
}

grpc::Status ReportingService::ListTemplates(Ctx* ctx, const v1::ListTemplatesRequest* request,
                                             v1::ListTemplatesResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    return ListByCode(call, *request, request->owner_organization_id(), store::ListTemplates,
                      *response->mutable_templates(), *response->mutable_next_page_token());
  });
}

}  // namespace thidua::reporting
