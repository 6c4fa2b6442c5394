#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace thidua::plans {

// The kinds of document plans cite, with the abbreviations of Nghị định 30/2020/NĐ-CP (state) and
// Quy định 66-QĐ/TW (Party).
enum class DocumentType {
  kUnknown,
  kNghiQuyet,    // NQ
  kChiThi,       // CT
  kKetLuan,      // KL
  kQuyetDinh,    // QĐ
  kKeHoach,      // KH
  kThongTu,      // TT
  kNghiDinh,     // NĐ
  kCongVan,      // no type abbreviation: "123/UBND-NC"
  kLuat,         // laws and resolutions of the National Assembly: "72/2025/QH15"
  kThongBao,     // TB
  kHuongDan,     // HD
  kBaoCao,       // BC
  kChuongTrinh,  // CTr
  kToTrinh,      // TTr
  kQuyDinh,      // QĐi (Party regulations)
};

// "Số, ký hiệu" of a document, parsed. State documents read number[/year]/TYPE-ISSUER
// ("0150/KH-UBND", "124/2021/TT-BCA", "9745/QĐ-BCA-V05"); Party documents read number-TYPE/ISSUER
// ("44-NQ/TW"); official letters number/ISSUER-UNIT; National Assembly acts number/year/QHnn.
//
// Identity. Nghị định 30/2020/NĐ-CP, Điều 15 khoản 1: an issuer numbers its documents in the order
// it issues them within a year, "bắt đầu liên tiếp từ số 01 vào ngày 01 tháng 01 và kết thúc vào
// ngày 31 tháng 12 hằng năm", and its number and symbol are unique within that year. So a document
// is its number, its type and its issuer within a year of issue:
//   - the number is an ordinal: "05", "5" and "005" are one number (its value, without leading
//     zeros). The number stays as written for display ("0150/KH-UBND" is printed so);
//   - the type is the abbreviation of Phụ lục III (state) or of Quy định 66-QĐ/TW (Party), read
//     regardless of case and of D for Đ, as writers without a Vietnamese keyboard type it:
//     "QD", "qđ" and "QĐ" are Quyết định, "ND" Nghị định, "QDi" Quy định;
//   - the issuer's abbreviation is compared upper-cased ("TTg" and "TTG" are one issuer).
// The abbreviations alone do not name an issuer ("UBND" is every people's committee), so the store
// keeps identities unique per issuing body (services/plans/store).
struct DocumentSymbol {
  std::string number;  // as written, leading zeros kept: "0150"
  std::optional<int> year;
  DocumentType type = DocumentType::kUnknown;
  std::string type_code;  // official spelling: "KH", "QĐ", "CTr", ...; empty for letters and laws
  std::string issuer;     // "UBND", "TTg", "BCA-V05", "TW", "QH15"
  bool party = false;     // Party document form (number-TYPE/ISSUER)

  // The canonical text: the same document always prints the same way (the number as written).
  std::string ToString() const;

  // "number|TYPE|ISSUER", upper-cased, the number without leading zeros, and "|year" when the
  // symbol carries one: "0150/KH-UBND" and "150/kh-ubnd" are "150|KH|UBND", "124/2021/TT-BCA" is
  // "124|TT|BCA|2021". Letters and laws have an empty type: "123||UBND-NC".
  std::string IdentityKey() const;

  // The identity of the document issued on `issue_date`: IdentityKey() within its year, i.e.
  // "150|KH|UBND|2025" (the symbol's own year when it carries one). Number 0 is no number (the
  // seeds issue copies that carry none as "0/KH-..."), so such a document is known by its date of
  // issue instead: "0|KH|UBND|2025-12-15".
  std::string IdentityOn(absl::CivilDay issue_date) const;
};

// INVALID_ARGUMENT with the reason when the text is not a document symbol. Spaces around the
// separators are tolerated ("KH - BDT"); letters are upper-cased except in known mixed-case
// abbreviations, which take their official spelling ("qd-ttg" is "QĐ-TTg", "ctr" is "CTr").
absl::StatusOr<DocumentSymbol> ParseDocumentSymbol(absl::string_view text);

// The Vietnamese name of a type ("Kế hoạch"), for messages and display.
absl::string_view DocumentTypeName(DocumentType type);

}  // namespace thidua::plans
