#include "services/plans/domain/document_symbol.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace thidua::plans {
namespace {

struct TypeCode {
  const char* code;
  DocumentType type;
  const char* name;
};

constexpr TypeCode kTypes[] = {
    {"NQ", DocumentType::kNghiQuyet, "Nghị quyết"},
    {"CT", DocumentType::kChiThi, "Chỉ thị"},
    {"KL", DocumentType::kKetLuan, "Kết luận"},
    {"QĐ", DocumentType::kQuyetDinh, "Quyết định"},
    {"KH", DocumentType::kKeHoach, "Kế hoạch"},
    {"TT", DocumentType::kThongTu, "Thông tư"},
    {"NĐ", DocumentType::kNghiDinh, "Nghị định"},
    {"TB", DocumentType::kThongBao, "Thông báo"},
    {"HD", DocumentType::kHuongDan, "Hướng dẫn"},
    {"BC", DocumentType::kBaoCao, "Báo cáo"},
    {"CTr", DocumentType::kChuongTrinh, "Chương trình"},
    {"TTr", DocumentType::kToTrinh, "Tờ trình"},
    {"QĐi", DocumentType::kQuyDinh, "Quy định"},
};

const TypeCode* FindType(const std::string& code) {
  for (const TypeCode& t : kTypes) {
    if (code == t.code) return &t;
  }
  return nullptr;
}

absl::Status Invalid(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a document symbol: ", why));
}

}  // namespace

absl::string_view DocumentTypeName(DocumentType type) {
  if (type == DocumentType::kCongVan) return "Công văn";
  if (type == DocumentType::kLuat) return "Luật / Nghị quyết của Quốc hội";
  for (const TypeCode& t : kTypes) {
    if (t.type == type) return t.name;
  }
  return "Văn bản";
}

std::string DocumentSymbol::ToString() const {
  if (party) return absl::StrCat(number, "-", type_code, "/", issuer);
  std::string out = number;
  if (year) absl::StrAppend(&out, "/", *year);
  if (type_code.empty()) return absl::StrCat(out, "/", issuer);
  return absl::StrCat(out, "/", type_code, "-", issuer);
}

absl::StatusOr<DocumentSymbol> ParseDocumentSymbol(absl::string_view raw) {
  // Writers put spaces around separators ("KH - BDT"); they carry no meaning.
  std::string text = absl::StrReplaceAll(absl::StripAsciiWhitespace(raw),
                                         {{" - ", "-"}, {" -", "-"}, {"- ", "-"}, {" / ", "/"}});
  if (text.empty()) return Invalid(raw, "empty");
  if (text.size() > 60) return Invalid(raw, "too long");
  // Letters here are ASCII or "Đ" (0xC4 0x90); [^/-] in the regexes below accepts the latter.
  static const std::regex party(R"(^([0-9]{1,5})-([A-Za-zĐđ]{2,4})/([A-Za-zĐđ0-9]{1,12})$)");
  static const std::regex state(
      R"(^([0-9]{1,5})(?:/([0-9]{4}))?/([A-Za-zĐđ]{2,4})-([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*)$)");
  static const std::regex assembly(R"(^([0-9]{1,5})/([0-9]{4})/(QH[0-9]{1,2})$)");
  static const std::regex letter(R"(^([0-9]{1,5})/([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)$)");
  std::smatch m;
  DocumentSymbol symbol;
  if (std::regex_match(text, m, party)) {
    const TypeCode* type = FindType(m[2]);
    if (type == nullptr) return Invalid(raw, absl::StrCat("unknown type ", m[2].str()));
    symbol = {m[1], std::nullopt, type->type, type->code, m[3], true};
  } else if (std::regex_match(text, m, assembly)) {
    symbol = {m[1], std::stoi(m[2]), DocumentType::kLuat, "", m[3], false};
  } else if (std::regex_match(text, m, state) && FindType(m[3]) != nullptr) {
    const TypeCode* type = FindType(m[3]);
    symbol.number = m[1];
    if (m[2].matched) symbol.year = std::stoi(m[2]);
    symbol.type = type->type;
    symbol.type_code = type->code;
    symbol.issuer = m[4];
  } else if (std::regex_match(text, m, letter)) {
    symbol = {m[1], std::nullopt, DocumentType::kCongVan, "", m[2], false};
  } else {
    return Invalid(raw,
                   "expected number/TYPE-ISSUER, number/year/TYPE-ISSUER or number-TYPE/ISSUER");
  }
  if (symbol.year && (*symbol.year < 1945 || *symbol.year > 2200)) {
    return Invalid(raw, "the year is out of range");
  }
  return symbol;
}

}  // namespace thidua::plans
