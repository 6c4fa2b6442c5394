#include "services/plans/domain/standard.h"

namespace thidua::plans {

bool IsStandardCode(absl::string_view code) {
  if (code.empty()) return false;
  auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  if (!alnum(code.front())) return false;
  for (char c : code) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

int RecipientBits(const google::protobuf::RepeatedField<int>& recipients) {
  int bits = 0;
  for (int r : recipients) {
    if (r != v1::RECIPIENT_UNSPECIFIED && v1::Recipient_IsValid(r)) bits |= 1 << r;
  }
  return bits;
}

std::vector<v1::Recipient> RecipientsOf(int bits) {
  std::vector<v1::Recipient> out;
  for (int r = v1::Recipient_MIN; r <= v1::Recipient_MAX; ++r) {
    if (r != v1::RECIPIENT_UNSPECIFIED && v1::Recipient_IsValid(r) && (bits & (1 << r)) != 0)
      out.push_back(static_cast<v1::Recipient>(r));
  }
  return out;
}

}  // namespace thidua::plans
