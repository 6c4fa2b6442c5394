#include "common/server/text_fields.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/text/clean.h"

namespace thidua::server {
namespace {

namespace pb = google::protobuf;

text::TextKind KindOf(common::v1::Text::Kind kind) {
  switch (kind) {
    case common::v1::Text::NAME:
      return text::TextKind::kName;
    case common::v1::Text::PARAGRAPHS:
      return text::TextKind::kParagraphs;
    case common::v1::Text::TOKEN:
      return text::TextKind::kToken;
    default:
      return text::TextKind::kLine;
  }
}

bool Usable(const common::v1::Text* rule) {
  return rule != nullptr && rule->kind() != common::v1::Text::KIND_UNSPECIFIED &&
         rule->max_chars() > 0;
}

void CleanOne(const pb::FieldDescriptor& field, const std::string& path, std::string& value,
              Violations& violations) {
  const common::v1::Text* rule = DeclaredText(field);
  if (!Usable(rule)) {
    violations.Add(path, "is not accepted by this service", "không được dịch vụ này chấp nhận");
    return;
  }
  if (auto problem = text::Clean(KindOf(rule->kind()), rule->max_chars(), value)) {
    violations.Add(path, std::move(problem->english), std::move(problem->vietnamese));
    return;
  }
  if (rule->ascii() && !std::all_of(value.begin(), value.end(),
                                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    violations.Add(path, "may hold ASCII characters only", "chỉ được chứa ký tự ASCII");
  }
}

void Walk(pb::Message& message, const std::string& prefix, Violations& violations) {
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // set fields only: nothing to clean in the others
  for (const pb::FieldDescriptor* field : fields) {
    const std::string path = absl::StrCat(prefix, field->name());
    if (field->is_map()) {
      // Map entries are messages with a key and a value; their declared rules are on those.
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        Walk(*reflection->MutableRepeatedMessage(&message, field, i),
             absl::StrCat(path, "[", i, "]."), violations);
      }
    } else if (field->type() == pb::FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          std::string value = reflection->GetRepeatedString(message, field, i);
          CleanOne(*field, absl::StrCat(path, "[", i, "]"), value, violations);
          reflection->SetRepeatedString(&message, field, i, std::move(value));
        }
      } else {
        std::string value = reflection->GetString(message, field);
        CleanOne(*field, path, value, violations);
        reflection->SetString(&message, field, std::move(value));
      }
    } else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      // Well-known types (field masks, timestamps) are checked by the code that reads them.
      if (field->message_type()->file()->package() == "google.protobuf") continue;
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          Walk(*reflection->MutableRepeatedMessage(&message, field, i),
               absl::StrCat(path, "[", i, "]."), violations);
        }
      } else {
        Walk(*reflection->MutableMessage(&message, field), path + ".", violations);
      }
    }
  }
}

void Collect(const pb::Descriptor& type, const std::string& prefix,
             std::set<const pb::Descriptor*>& on_path, std::vector<TextField>& out) {
  if (!on_path.insert(&type).second) return;  // a recursive message is listed once
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor& field = *type.field(i);
    const std::string path = absl::StrCat(prefix, field.name());
    if (field.type() == pb::FieldDescriptor::TYPE_STRING) {
      out.push_back({path, DeclaredText(field)});
    } else if (field.type() == pb::FieldDescriptor::TYPE_MESSAGE &&
               field.message_type()->file()->package() != "google.protobuf") {
      Collect(*field.message_type(), path + ".", on_path, out);
    }
  }
  on_path.erase(&type);
}

}  // namespace

const common::v1::Text* DeclaredText(const pb::FieldDescriptor& field) {
  if (!field.options().HasExtension(common::v1::text)) return nullptr;
  return &field.options().GetExtension(common::v1::text);
}

void CleanTextFields(pb::Message& request, Violations& violations) {
  Walk(request, "", violations);
}

std::vector<TextField> TextFieldsOf(const pb::Descriptor& type) {
  std::set<const pb::Descriptor*> on_path;
  std::vector<TextField> out;
  Collect(type, "", on_path, out);
  return out;
}

std::vector<std::string> UndeclaredTextFields(const pb::Descriptor& type) {
  std::vector<std::string> out;
  for (const TextField& field : TextFieldsOf(type)) {
    if (!Usable(field.rule)) out.push_back(field.path);
  }
  return out;
}

}  // namespace thidua::server
