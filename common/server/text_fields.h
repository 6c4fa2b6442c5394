#pragma once

#include <string>
#include <vector>

#include "common/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "thidua/common/v1/text.pb.h"

namespace thidua::server {

// The text rule a string field declares beside it (option (thidua.common.v1.text)), or nullptr.
const common::v1::Text* DeclaredText(const google::protobuf::FieldDescriptor& field);

// Cleans every string field set in `request`, nested and repeated ones included, as its declared
// rule says (common/text/clean.h), in place; adds a violation naming the field's path
// ("plan.tasks[2].title") for each one it cannot accept. A string field without a declared rule is
// a violation too: the shared check never lets undeclared text through (the tests make sure every
// field is declared before a service ships).
void CleanTextFields(google::protobuf::Message& request, Violations& violations);

// A string field reachable from a request type, by path ("organization.contact.phone"), with the
// rule it declares (nullptr when it declares none).
struct TextField {
  std::string path;
  const common::v1::Text* rule;
};

// Every string field reachable from messages of type `type` (a message type met again inside
// itself is listed once).
std::vector<TextField> TextFieldsOf(const google::protobuf::Descriptor& type);

// The paths of the fields of TextFieldsOf(type) that declare no usable rule: what the tests check
// is empty for every request of every service.
std::vector<std::string> UndeclaredTextFields(const google::protobuf::Descriptor& type);

}  // namespace thidua::server
