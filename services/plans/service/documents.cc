// Movements and the documents plans cite.
#include "absl/strings/str_cat.h"
#include "common/civil_date.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/errors.h"
#include "common/happened.h"
#include "common/text.h"
#include "services/plans/domain/document_symbol.h"
#include "services/plans/domain/issuing_body.h"
#include "services/plans/service/plans_service.h"
#include "services/plans/store/plans_store.h"
#include "services/plans/store/sql_values.h"
#include "services/registry/client/scope_checks.h"

namespace thidua::plans {
namespace {

v1::DocumentType ToProtoType(DocumentType type) {
  switch (type) {
    case DocumentType::kNghiQuyet:
      return v1::NGHI_QUYET;
    case DocumentType::kChiThi:
      return v1::CHI_THI;
    case DocumentType::kKetLuan:
      return v1::KET_LUAN;
    case DocumentType::kQuyetDinh:
      return v1::QUYET_DINH;
    case DocumentType::kKeHoach:
      return v1::KE_HOACH;
    case DocumentType::kThongTu:
      return v1::THONG_TU;
    case DocumentType::kNghiDinh:
      return v1::NGHI_DINH;
    case DocumentType::kCongVan:
      return v1::CONG_VAN;
    case DocumentType::kLuat:
      return v1::LUAT;
    case DocumentType::kThongBao:
      return v1::THONG_BAO;
    case DocumentType::kHuongDan:
      return v1::HUONG_DAN;
    case DocumentType::kBaoCao:
      return v1::BAO_CAO;
    case DocumentType::kChuongTrinh:
      return v1::CHUONG_TRINH;
    case DocumentType::kToTrinh:
      return v1::TO_TRINH;
    case DocumentType::kQuyDinh:
      return v1::QUY_DINH;
    case DocumentType::kUnknown:
      break;
  }
  return v1::DOCUMENT_TYPE_UNSPECIFIED;
}

absl::Status BadSymbol(const std::string& field, const absl::Status& parsed) {
  return InvalidArgument(
      {{field, std::string(parsed.message()),
        "số, ký hiệu văn bản không đúng thể thức (ví dụ 0150/KH-UBND, 44-NQ/TW)"}});
}

bool SameDay(const common::v1::Date& a, const common::v1::Date& b) {
  return a.year() == b.year() && a.month() == b.month() && a.day() == b.day();
}

// The issuing body already has a document under this number, type and year, of another date: one
// number names one document a year (Nghị định 30/2020/NĐ-CP, Điều 15).
absl::Status NumberTaken(const v1::Document& existing) {
  const auto& d = existing.issue_date();
  const std::string date = absl::StrCat(d.day(), "/", d.month(), "/", d.year());
  return Error(
      absl::StatusCode::kAlreadyExists, "DOCUMENT_NUMBER_TAKEN",
      absl::StrCat(existing.issuing_body(), " already has document ", existing.symbol(), " dated ",
                   date, " (id ", existing.id(),
                   "): a number names one document of an issuer a year"),
      absl::StrCat(existing.issuing_body(), " đã có văn bản số ", existing.symbol(), " ngày ", date,
                   ": mỗi số chỉ dùng cho một văn bản của cơ quan ban hành trong năm"));
}

}  // namespace

grpc::Status PlansService::CreateMovement(Ctx* ctx, const v1::CreateMovementRequest* request,
                                          v1::Movement* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    const auto& name = request->movement().display_name();
    Violations v;
    if (text::CodePointCount(name) < 3 || !text::IsValidUtf8(name) || name.size() > 900) {
      v.Add("movement.display_name", "3 to 300 characters", "từ 3 đến 300 ký tự");
    }
    const int64_t launcher = request->movement().launching_organization_id();
    if (launcher <= 0) {
      v.Add("movement.launching_organization_id", "is required", "là bắt buộc");
    }
    if (!v.empty()) return v.ToStatus();
    if (auto s = AuthorizeFor(call, kEditorRole, launcher); !s.ok()) return s;
    // Checked with the registry after a retry got its first answer (db::WriteOnce).
    auto checks = [&]() -> absl::Status { return CheckOrganizations(call, {launcher}); };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          *response = request->movement();
          store::InsertMovement(conn, *response);
          db::Audit(conn, call, absl::StrCat("movements/", response->id()), {{"created", name}});
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::ListMovements(Ctx* ctx, const v1::ListMovementsRequest* request,
                                         v1::ListMovementsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    // By id; ids start at 1.
    auto after = pager->StartAs(std::tuple<int64_t>{0});
    if (!after.ok()) return after.status();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      const std::string folded = text::Fold(request->query());
      std::vector<std::string> words;
      for (absl::string_view w : text::Words(folded)) words.emplace_back(w);
      auto movements = store::ListMovements(conn, words, std::get<0>(*after), pager->size() + 1);
      if (static_cast<int>(movements.size()) > pager->size()) {
        movements.resize(pager->size());
        response->set_next_page_token(pager->TokenAfter({movements.back().id()}));
      }
      for (auto& m : movements) *response->add_movements() = std::move(m);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::ParseDocumentSymbol(Ctx* ctx,
                                               const v1::ParseDocumentSymbolRequest* request,
                                               v1::ParsedSymbol* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call&) -> absl::Status {
    auto symbol = plans::ParseDocumentSymbol(request->symbol());
    if (!symbol.ok()) return BadSymbol("symbol", symbol.status());
    response->set_canonical(symbol->ToString());
    response->set_type(ToProtoType(symbol->type));
    response->set_number(symbol->number);
    response->set_year(symbol->year.value_or(0));
    response->set_issuer(symbol->issuer);
    response->set_party(symbol->party);
    return absl::OkStatus();
  });
}

grpc::Status PlansService::RegisterDocument(Ctx* ctx, const v1::RegisterDocumentRequest* request,
                                            v1::Document* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    v1::Document doc = request->document();
    Violations v;
    auto symbol = plans::ParseDocumentSymbol(doc.symbol());
    if (!symbol.ok()) {
      v.Add("document.symbol", std::string(symbol.status().message()),
            "số, ký hiệu văn bản không đúng thể thức");
    }
    auto day = FromProto(doc.issue_date());
    if (!day.ok() || !day->has_value()) {
      v.Add("document.issue_date", "a valid date is required", "cần ngày ban hành hợp lệ");
    } else {
      CheckHappened(**day, Today(), "document.issue_date", v);
    }
    if (symbol.ok() && symbol->year && day.ok() && day->has_value() &&
        (**day).year() != *symbol->year) {
      v.Add("document.issue_date", "the year differs from the year in the symbol",
            "năm ban hành khác năm trong ký hiệu văn bản");
    }
    if (text::CodePointCount(doc.issuing_body()) < 2 || doc.issuing_body().size() > 900 ||
        !text::IsValidUtf8(doc.issuing_body())) {
      v.Add("document.issuing_body", "is required (2 to 300 characters)",
            "là bắt buộc (2 đến 300 ký tự)");
    }
    if (doc.title().size() > 3000 || !text::IsValidUtf8(doc.title())) {
      v.Add("document.title", "at most 1000 characters of UTF-8", "tối đa 1000 ký tự");
    }
    if (!v.empty()) return v.ToStatus();
    doc.set_symbol(symbol->ToString());
    doc.set_type(ToProtoType(symbol->type));
    // A document is registered under an organisation only by those who act for it, so no
    // one can take another unit's symbol (whose plan issued later would attach to the
    // squatted record). Documents of issuers outside the caller's scope (a decision of the
    // Prime Minister cited by a province) are registered without an issuer id.
    if (doc.issuer_organization_id() != 0) {
      if (auto s = AuthorizeFor(call, kEditorRole, doc.issuer_organization_id()); !s.ok()) return s;
      // And, below the nation, the document names that organisation (as it was called on the issue
      // day) as its issuing body: a unit may not register another organ's document as its own, nor
      // so claim the record that others registered citing it (UpsertDocument).
      auto issuer = registry_.BatchGet(call, {doc.issuer_organization_id()}, **day);
      if (!issuer.ok()) return issuer.status();
      if (issuer->found.empty()) return UnknownOrganizations({doc.issuer_organization_id()});
      const std::string& name = issuer->found.front().display_name();
      // The nation's editors act for the central organs (the Prime Minister, the Government, the
      // ministries, the Party's central bodies), which the registry does not list one by one.
      const bool central = issuer->found.front().kind() == registry::v1::NATION;
      if (!central && !plans::IssuingBodyNames(doc.issuing_body(), name)) {
        v.Add("document.issuing_body",
              absl::StrCat("must name the issuing organisation, ", name, " (on the issue date)"),
              absl::StrCat("phải ghi tên cơ quan ban hành, ", name, " (vào ngày ban hành)"));
        return v.ToStatus();
      }
    }
    // Checked with the registry after a retry got its first answer (db::WriteOnce).
    auto checks = [&]() -> absl::Status {
      if (doc.issuer_organization_id() == 0) return absl::OkStatus();
      return CheckOrganizations(call, {doc.issuer_organization_id()});
    };
    const db::IdempotencyKey key(call, request->request_id(), *request);
    return db::WriteOnce(
        pool_, call.deadline, key, response, checks, [&](db::Connection& conn) -> absl::Status {
          bool written = false;
          *response = store::UpsertDocument(conn, doc, symbol->IdentityOn(**day), &written);
          // Found by identity: the same document only when it bears the same date.
          if (!SameDay(response->issue_date(), doc.issue_date())) return NumberTaken(*response);
          // Registering a known document again is a read: nothing to audit.
          if (written) {
            db::Audit(conn, call, absl::StrCat("documents/", response->id()),
                      {{"symbol", doc.symbol()}, {"issuer", response->issuer_organization_id()}});
          }
          return absl::OkStatus();
        });
  });
}

grpc::Status PlansService::GetDocument(Ctx* ctx, const v1::GetDocumentRequest* request,
                                       v1::Document* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) {
    return pool_.Run(call.deadline, [&](db::Connection& conn) -> absl::Status {
      auto doc = store::LoadDocument(conn, request->id());
      if (!doc) return NotFound(absl::StrCat("Document ", request->id()), "văn bản");
      *response = *std::move(doc);
      return absl::OkStatus();
    });
  });
}

grpc::Status PlansService::ListDocuments(Ctx* ctx, const v1::ListDocumentsRequest* request,
                                         v1::ListDocumentsResponse* response) {
  return runner_.Run(ctx, __func__, request, [&](const server::Call& call) -> absl::Status {
    // By identity: "150/KH-UBND" finds 0150/KH-UBND of any year, "124/2021/TT-BCA" the one of
    // 2021 whether or not its symbol carries the year.
    std::string identity_prefix;
    if (!request->symbol().empty()) {
      auto parsed = plans::ParseDocumentSymbol(request->symbol());
      if (!parsed.ok()) return BadSymbol("symbol", parsed.status());
      identity_prefix = absl::StrCat(parsed->IdentityKey(), parsed->year ? "" : "|");
    }
    auto pager = server::Pager::Read(*request, 100, 1000);
    if (!pager.ok()) return pager.status();
    // Newest first: (issue date, id), dates descending; the first page starts after a date later
    // than any.
    auto after = pager->StartAs(std::tuple<std::string, int64_t>{"9999-12-31", 0});
    if (!after.ok()) return after.status();
    const std::string& after_date = std::get<0>(*after);
    const int64_t after_id = std::get<1>(*after);
    if (!ParseIso(after_date)) return server::Pager::BadToken();
    return pool_.Run(call.deadline, [&](db::Connection& conn) {
      auto docs =
          store::ListDocuments(conn, identity_prefix, request->type(), text::Fold(request->query()),
                               after_date, after_id, pager->size() + 1);
      if (static_cast<int>(docs.size()) > pager->size()) {
        docs.resize(pager->size());
        const v1::Document& last = docs.back();
        response->set_next_page_token(
            pager->TokenAfter({store::Iso(last.issue_date()), last.id()}));
      }
      for (auto& d : docs) *response->add_documents() = std::move(d);
      return absl::OkStatus();
    });
  });
}

}  // namespace thidua::plans
