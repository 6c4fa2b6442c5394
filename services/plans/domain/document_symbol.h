#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

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
struct DocumentSymbol {
  std::string number;  // as written, leading zeros kept: "0150"
  std::optional<int> year;
  DocumentType type = DocumentType::kUnknown;
  std::string type_code;  // "KH", "QĐ", ...; empty for letters and laws
  std::string issuer;     // "UBND", "TTg", "BCA-V05", "TW", "QH15"
  bool party = false;     // Party document form (number-TYPE/ISSUER)

  // The canonical text: the same document always prints the same way.
  std::string ToString() const;
};

// INVALID_ARGUMENT with the reason when the text is not a document symbol. Spaces around the
// separators are tolerated ("KH - BDT"); letters are upper-cased except known mixed-case issuers.
absl::StatusOr<DocumentSymbol> ParseDocumentSymbol(absl::string_view text);

// The Vietnamese name of a type ("Kế hoạch"), for messages and display.
absl::string_view DocumentTypeName(DocumentType type);

}  // namespace thidua::plans
