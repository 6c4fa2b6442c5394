#pragma once

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "thidua/plans/v1/plans.pb.h"

namespace thidua::plans {

// A catalogue entry's code: what other services (awards) store to refer to it, so it is plain:
// capital ASCII letters, digits, '-', '_' and '.', starting with a letter or a digit ("ANTT",
// "DIEN-HINH", "DK-17"). Case is not folded: "antt" is refused rather than read as "ANTT".
bool IsStandardCode(absl::string_view code);

// Recipients as stored: one bit per value (1 << value). Unspecified and unknown values set nothing.
int RecipientBits(const google::protobuf::RepeatedField<int>& recipients);
// The values of the bits, in enum order.
std::vector<v1::Recipient> RecipientsOf(int bits);

}  // namespace thidua::plans
