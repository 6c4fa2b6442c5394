#include "services/plans/domain/document_symbol.h"

#include <re2/re2.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/text/unicode.h"

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

// Upper-cases what a symbol may hold: ASCII letters and "đ" (the one non-ASCII letter the
// patterns below accept).
std::string Upper(absl::string_view text) {
  return absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"đ", "Đ"}});
}

// Upper-cased, with D for Đ: how a writer without Vietnamese letters spells a type code.
std::string Folded(absl::string_view code) {
  return absl::StrReplaceAll(Upper(code), {{"Đ", "D"}});
}

// The type a code names, read regardless of case and of D for Đ. The folded codes are distinct,
// so the reading is never ambiguous.
const TypeCode* FindType(absl::string_view code) {
  const std::string folded = Folded(code);
  for (const TypeCode& t : kTypes) {
    if (folded == Folded(t.code)) return &t;
  }
  return nullptr;
}

// Issuer abbreviations officially written in mixed case; every other one is upper-cased.
constexpr const char* kMixedCaseIssuers[] = {"TTg"};

// The issuer as officially written: each hyphen-separated part upper-cased, or in its official
// mixed-case spelling ("ttg-v05" is "TTg-V05").
std::string CanonicalIssuer(absl::string_view issuer) {
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(issuer, '-')) {
    std::string upper = Upper(part);
    for (const char* mixed : kMixedCaseIssuers) {
      if (upper == Upper(mixed)) upper = mixed;
    }
    parts.push_back(std::move(upper));
  }
  return absl::StrJoin(parts, "-");
}

// The number's value as digits: "0150" is "150", "00" is "0".
std::string NumberValue(const std::string& number) {
  const size_t first = number.find_first_not_of('0');
  return first == std::string::npos ? "0" : number.substr(first);
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

std::string DocumentSymbol::IdentityKey() const {
  std::string key = absl::StrCat(NumberValue(number), "|", Upper(type_code), "|", Upper(issuer));
  if (year) absl::StrAppend(&key, "|", *year);
  return key;
}

std::string DocumentSymbol::IdentityOn(absl::CivilDay issue_date) const {
  const std::string value = NumberValue(number);
  const std::string within = value == "0"
                                 ? absl::StrFormat("%04d-%02d-%02d", issue_date.year(),
                                                   issue_date.month(), issue_date.day())
                                 : absl::StrCat(year.value_or(static_cast<int>(issue_date.year())));
  return absl::StrCat(value, "|", Upper(type_code), "|", Upper(issuer), "|", within);
}

absl::StatusOr<DocumentSymbol> ParseDocumentSymbol(absl::string_view raw) {
  // Checked before any work on the text: a symbol is short, whatever a request sends.
  if (raw.size() > 200) {
    return absl::InvalidArgumentError("a document symbol has at most 60 characters");
  }
  // Writers put spaces around separators ("KH - BDT"); they carry no meaning.
  std::string text = absl::StrReplaceAll(absl::StripAsciiWhitespace(raw),
                                         {{" - ", "-"}, {" -", "-"}, {"- ", "-"}, {" / ", "/"}});
  if (text.empty()) return Invalid(raw, "empty");
  // Characters, not bytes: the canonical form spells "ND" as "NĐ", one byte longer, and must parse
  // back (found by tests/fuzz).
  if (text::CodePointCount(text) > 60) return Invalid(raw, "too long");
  // RE2 reads the patterns and the text as UTF-8, so "Đ" and "đ" are one letter each. Compiled
  // once; RE2 matches in time linear in the text.
  static const RE2 party(R"(([0-9]{1,5})-([A-Za-zĐđ]{2,4})/([A-Za-zĐđ0-9]{1,12}))");
  static const RE2 state(
      R"(([0-9]{1,5})(?:/([0-9]{4}))?/([A-Za-zĐđ]{2,4})-([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)*))");
  static const RE2 assembly(R"(([0-9]{1,5})/([0-9]{4})/([Qq][Hh][0-9]{1,2}))");
  static const RE2 letter(R"(([0-9]{1,5})/([A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+))");
  const re2::StringPiece input(text);
  std::string number, year, code, issuer;
  DocumentSymbol symbol;
  if (RE2::FullMatch(input, party, &number, &code, &issuer)) {
    const TypeCode* type = FindType(code);
    if (type == nullptr) return Invalid(raw, absl::StrCat("unknown type ", code));
    symbol = {number, std::nullopt, type->type, type->code, CanonicalIssuer(issuer), true};
  } else if (RE2::FullMatch(input, assembly, &number, &year, &issuer)) {
    symbol = {number, std::stoi(year), DocumentType::kLuat, "", Upper(issuer), false};
  } else if (RE2::FullMatch(input, state, &number, &year, &code, &issuer) &&
             FindType(code) != nullptr) {
    const TypeCode* type = FindType(code);
    symbol.number = number;
    if (!year.empty()) symbol.year = std::stoi(year);
    symbol.type = type->type;
    symbol.type_code = type->code;
    symbol.issuer = CanonicalIssuer(issuer);
  } else if (RE2::FullMatch(input, letter, &number, &issuer)) {
    symbol = {number, std::nullopt, DocumentType::kCongVan, "", CanonicalIssuer(issuer), false};
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
