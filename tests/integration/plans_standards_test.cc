// The catalogue of a movement's standards and titles (tiêu chuẩn, danh hiệu) and registrations
// that name an entry by id, against the real registry and MariaDB.
#include <map>
#include <tuple>

#include "common/text.h"
#include "services/plans/store/plans_store.h"
#include "tests/integration/plans_fixture.h"
#include "tests/support/test_database.h"

namespace thidua::testing {
namespace {

using ::testing::ElementsAre;

class PlansStandardsTest : public PlansTest {
 protected:
  grpc::Status RegisterUnit(int64_t unit, int64_t standard, const std::string& request_id,
                            int64_t plan_id = 0, pv1::Registration* out = nullptr) {
    pv1::CreateRegistrationRequest request;
    request.set_request_id(request_id);
    request.mutable_registration()->set_organization_id(unit);
    request.mutable_registration()->set_year(2026);
    request.mutable_registration()->set_standard_id(standard);
    request.mutable_registration()->set_plan_id(plan_id);
    *request.mutable_registration()->mutable_registered_on() = D(2026, 1, 20);
    pv1::Registration ignored;
    return plans_->stub().CreateRegistration(WithToken(editor_).get(), request,
                                             out ? out : &ignored);
  }

  grpc::Status Update(const pv1::Standard& standard, std::vector<std::string> paths,
                      pv1::Standard* out, const std::string& token = "") {
    pv1::UpdateStandardRequest request;
    *request.mutable_standard() = standard;
    for (auto& p : paths) request.mutable_update_mask()->add_paths(p);
    return plans_->stub().UpdateStandard(WithToken(token.empty() ? editor_ : token).get(), request,
                                         out);
  }
};

TEST_F(PlansStandardsTest, AnEntryIsCreatedReadListedAndUpdatedUnderItsEtag) {
  pv1::Standard antt;
  ASSERT_TRUE(CreateStandard("ANTT", "An toàn về an ninh, trật tự", &antt).ok());
  EXPECT_GT(antt.id(), 0);
  EXPECT_EQ(antt.movement_id(), MovementId());
  EXPECT_THAT(antt.recipients(), ElementsAre(pv1::COLLECTIVE));
  EXPECT_FALSE(antt.etag().empty());
  pv1::Standard typical;
  ASSERT_TRUE(CreateStandard("DIEN-HINH", "Điển hình về phong trào", &typical).ok());

  pv1::GetStandardRequest get;
  get.set_id(antt.id());
  pv1::Standard read;
  ASSERT_TRUE(plans_->stub().GetStandard(WithToken(Token(communes_[0])).get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "An toàn về an ninh, trật tự");
  EXPECT_EQ(read.legal_source(), "Thông tư 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an");
  get.set_id(987654);
  EXPECT_EQ(plans_->stub().GetStandard(WithToken(editor_).get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Listed by id, a page at a time.
  pv1::ListStandardsRequest list;
  list.set_movement_id(MovementId());
  list.set_page_size(1);
  pv1::ListStandardsResponse page;
  ASSERT_TRUE(plans_->stub().ListStandards(WithToken(editor_).get(), list, &page).ok());
  ASSERT_EQ(page.standards_size(), 1);
  EXPECT_EQ(page.standards(0).code(), "ANTT");
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(plans_->stub().ListStandards(WithToken(editor_).get(), list, &page).ok());
  ASSERT_EQ(page.standards_size(), 1);
  EXPECT_EQ(page.standards(0).code(), "DIEN-HINH");
  EXPECT_TRUE(page.next_page_token().empty());

  pv1::Standard change = antt;
  change.set_legal_article("Điều 5");
  change.add_recipients(pv1::HOUSEHOLD);
  change.set_code("OTHER");  // not in the mask: ignored
  pv1::Standard updated;
  ASSERT_TRUE(Update(change, {"legal_article", "recipients"}, &updated).ok());
  EXPECT_EQ(updated.legal_article(), "Điều 5");
  EXPECT_EQ(updated.code(), "ANTT");
  EXPECT_THAT(updated.recipients(), ElementsAre(pv1::COLLECTIVE, pv1::HOUSEHOLD));
  EXPECT_NE(updated.etag(), antt.etag());
  // The old etag lost the race; the code and movement never change; a mask naming nothing real
  // is refused by field.
  EXPECT_EQ(Update(change, {"legal_article"}, &updated).error_code(), grpc::StatusCode::ABORTED);
  change.set_etag(updated.etag());
  for (const char* path : {"code", "movement_id", "nothing"}) {
    const grpc::Status status = Update(change, {path}, &updated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << path;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("update_mask")) << path;
  }
  // Renamed to another entry's name by identity: refused.
  change.set_display_name("ĐIỂN HÌNH VỀ PHONG TRÀO");
  const grpc::Status taken = Update(change, {"display_name"}, &updated);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(taken).reason, "STANDARD_NAME_TAKEN");
  // Another province's editor may not touch the catalogue of Lâm Đồng's movement.
  const int64_t other =
      Create("Tỉnh Khánh Hòa", v1::PROVINCE, nation_id_, D(2025, 7, 1), "56").id();
  change.set_display_name("Đổi tên");
  EXPECT_EQ(Update(change, {"display_name"}, &updated, Token(other)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlansStandardsTest, EntriesAreUniquePerMovementByIdentityAndCode) {
  ASSERT_TRUE(CreateStandard("ANTT", "An toàn về an ninh, trật tự").ok());
  // Seed 002 writes the title once without the comma: the same entry, not a second one.
  grpc::Status status = CreateStandard("ANTT-2", "An toàn về an ninh trật tự");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(status).reason, "STANDARD_NAME_TAKEN");
  pv1::CreateStandardRequest same_code;
  same_code.set_request_id("same-code");
  same_code.mutable_standard()->set_movement_id(MovementId());
  same_code.mutable_standard()->set_code("ANTT");
  same_code.mutable_standard()->set_display_name("Đơn vị văn hóa");
  same_code.mutable_standard()->add_recipients(pv1::COLLECTIVE);
  pv1::Standard unused;
  status = plans_->stub().CreateStandard(WithToken(editor_).get(), same_code, &unused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(status).reason, "STANDARD_CODE_TAKEN");
  for (const char* bad : {"", "antt", "-ANTT", "AN TT", "ĐH"}) {
    status = CreateStandard(bad, absl::StrCat("Danh hiệu ", bad, "x"));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(DetailsOf(status).fields, ElementsAre("standard.code")) << bad;
  }
  // Without recipients; under an unknown movement (denied as one out of scope).
  pv1::CreateStandardRequest request;
  request.mutable_standard()->set_movement_id(MovementId());
  request.mutable_standard()->set_code("X");
  request.mutable_standard()->set_display_name("Không đối tượng");
  pv1::Standard out;
  status = plans_->stub().CreateStandard(WithToken(editor_).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("standard.recipients"));
  request.mutable_standard()->add_recipients(pv1::INDIVIDUAL);
  request.mutable_standard()->set_movement_id(987654);
  EXPECT_EQ(plans_->stub().CreateStandard(WithToken(editor_).get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlansStandardsTest, ARegistrationNamesAnEntryWhateverTheSpelling) {
  // Seed 002 (Văn phòng UBND tỉnh Sơn La) writes "An toàn về an ninh trật tự" once and "An toàn
  // về an ninh, trật tự" once: both name the one entry, so the rate counts every registration.
  const int64_t antt = Antt();
  pv1::Registration first;
  ASSERT_TRUE(RegisterUnit(communes_[0], antt, "dk-1", 0, &first).ok());
  EXPECT_EQ(first.standard_id(), antt);
  EXPECT_EQ(first.title(), "An toàn về an ninh, trật tự");
  {  // a title typed by the client is output only: ignored
    pv1::CreateRegistrationRequest request;
    request.set_request_id("dk-2");
    request.mutable_registration()->set_organization_id(communes_[1]);
    request.mutable_registration()->set_year(2026);
    request.mutable_registration()->set_standard_id(antt);
    request.mutable_registration()->set_title("An toàn về an ninh trật tự");
    pv1::Registration out;
    ASSERT_TRUE(plans_->stub().CreateRegistration(WithToken(editor_).get(), request, &out).ok());
    EXPECT_EQ(out.title(), "An toàn về an ninh, trật tự");
  }
  pv1::GetRegistrationRateRequest rate;
  auto* kinds = rate.mutable_population()->mutable_kinds();
  kinds->set_scope_organization_id(province_);
  for (auto k : {v1::COMMUNE, v1::WARD, v1::SPECIAL_ZONE}) kinds->add_kinds(k);
  rate.set_year(2026);
  rate.set_standard_id(antt);
  pv1::RegistrationRate result;
  ASSERT_TRUE(plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result).ok());
  EXPECT_EQ(result.registered(), 2);
  EXPECT_THAT(result.missing_organization_ids(), ElementsAre(communes_[2]));

  // Another entry is another registration of the same unit and year; listed by standard.
  pv1::Standard culture;
  ASSERT_TRUE(CreateStandard("VAN-HOA", "Đơn vị văn hóa", &culture).ok());
  ASSERT_TRUE(RegisterUnit(communes_[0], culture.id(), "dk-3").ok());
  const grpc::Status twice = RegisterUnit(communes_[0], antt, "dk-4");
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(DetailsOf(twice).reason, "ALREADY_REGISTERED");
  pv1::ListRegistrationsRequest list;
  list.set_standard_id(culture.id());
  pv1::ListRegistrationsResponse listed;
  ASSERT_TRUE(plans_->stub().ListRegistrations(WithToken(editor_).get(), list, &listed).ok());
  ASSERT_EQ(listed.registrations_size(), 1);
  EXPECT_EQ(listed.registrations(0).title(), "Đơn vị văn hóa");
  // A renamed entry renames its registrations: the title is the entry's.
  pv1::UpdateStandardRequest rename;
  *rename.mutable_standard() = culture;
  rename.mutable_standard()->set_display_name("Đơn vị văn hóa tiêu biểu");
  rename.mutable_update_mask()->add_paths("display_name");
  ASSERT_TRUE(plans_->stub().UpdateStandard(WithToken(editor_).get(), rename, &culture).ok());
  ASSERT_TRUE(plans_->stub().ListRegistrations(WithToken(editor_).get(), list, &listed).ok());
  EXPECT_EQ(listed.registrations(0).title(), "Đơn vị văn hóa tiêu biểu");
}

TEST_F(PlansStandardsTest, ARegistrationNeedsAKnownEntryForUnitsOfThePlansMovement) {
  grpc::Status status = RegisterUnit(communes_[0], 0, "dk-0");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.standard_id"));
  status = RegisterUnit(communes_[0], 987654, "dk-1");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  pv1::GetRegistrationRateRequest rate;
  rate.mutable_population()->mutable_units()->add_organization_ids(communes_[0]);
  rate.set_year(2026);
  pv1::RegistrationRate result;
  status = plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("standard_id"));
  rate.set_standard_id(987654);
  EXPECT_EQ(
      plans_->stub().GetRegistrationRate(WithToken(editor_).get(), rate, &result).error_code(),
      grpc::StatusCode::NOT_FOUND);

  // An entry for individuals only: units do not register for it.
  pv1::CreateStandardRequest individuals;
  individuals.mutable_standard()->set_movement_id(MovementId());
  individuals.mutable_standard()->set_code("CA-NHAN");
  individuals.mutable_standard()->set_display_name("Cá nhân tiêu biểu");
  individuals.mutable_standard()->add_recipients(pv1::INDIVIDUAL);
  pv1::Standard person;
  ASSERT_TRUE(plans_->stub().CreateStandard(WithToken(editor_).get(), individuals, &person).ok());
  status = RegisterUnit(communes_[0], person.id(), "dk-2");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.standard_id"));

  // A plan of another movement: its entries are not this plan's.
  pv1::CreateMovementRequest other;
  other.mutable_movement()->set_display_name("Phong trào thi đua khác");
  other.mutable_movement()->set_launching_organization_id(province_);
  pv1::Movement movement;
  ASSERT_TRUE(plans_->stub().CreateMovement(WithToken(editor_).get(), other, &movement).ok());
  const auto decision = Register("2447/QĐ-TTg", D(2025, 11, 6), "Thủ tướng Chính phủ");
  pv1::Plan plan = ProvincePlan(decision.id());
  plan.set_movement_id(movement.id());
  const pv1::Plan issued =
      CreateAndIssue(plan, editor_, "0150/KH-UBND", D(2025, 12, 1), {"YEAR_OUTSIDE_PERIOD"});
  status = RegisterUnit(communes_[0], Antt(), "dk-3", issued.id());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(DetailsOf(status).fields, ElementsAre("registration.standard_id"));
}

// Migration 0008 gives the registrations written as free text their catalogue entries: one per
// title identity under the movement of the cited plan, or under the first movement.
TEST(StandardsMigrationTest, RegistrationsOfFreeTitlesGetOneEntryPerIdentityAndMovement) {
  auto database = TestDatabase::Create();
  std::vector<db::Migration> migrations = plans::Migrations();
  ASSERT_EQ(migrations[7].version, 8);
  const std::vector<db::Migration> before(migrations.begin(), migrations.begin() + 7);
  ASSERT_TRUE(db::Migrate(database->pool(), before).ok());
  const std::string antt = "An toàn về an ninh, trật tự", seed002 = "An toàn về an ninh trật tự";
  absl::Status status = database->pool().Transact(absl::InfiniteFuture(), [&](db::Connection& c) {
    c.Execute(
        "INSERT INTO movements (id, display_name, search_name) VALUES (1, 'Toàn dân bảo vệ an"
        " ninh Tổ quốc', 'toan dan'), (2, 'Phong trào khác', 'phong trao khac')");
    c.Execute(
        "INSERT INTO plans (id, issuer_organization_id, movement_id, status, search_title)"
        " VALUES (5, 100, 2, 1, 'ke hoach')");
    auto& insert = c.Prepare(
        "INSERT INTO registrations (id, organization_id, year, title, title_key, plan_id,"
        " registered_on) VALUES (?, ?, ?, ?, ?, ?, '2025-01-20')");
    struct Row {
      int id, unit, year;
      std::string title;
      bool keyed;
      int plan;
    };
    for (const Row& r :
         {Row{1, 10, 2025, antt, true, 0}, Row{2, 11, 2025, seed002, true, 0},
          Row{3, 12, 2025, "Đơn vị văn hóa", true, 5}, Row{4, 10, 2026, antt, true, 5},
          Row{5, 13, 2025, "Đơn vị không có ma túy", false, 0}}) {
      insert.setInt(1, r.id);
      insert.setInt(2, r.unit);
      insert.setInt(3, r.year);
      insert.setString(4, r.title);
      if (r.keyed) {
        insert.setString(5, text::IdentityDigest(r.title));
      } else {
        insert.setNull(5, sql::DataType::BINARY);
      }
      insert.setInt(6, r.plan);
      insert.executeUpdate();
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_TRUE(db::Migrate(database->pool(), migrations).ok());
  ASSERT_TRUE(plans::store::KeyStandardNames(database->pool()).ok());

  std::map<int, std::tuple<int64_t, std::string, std::string>> of;  // registration → entry
  int keyless = -1;
  status = database->pool().Run(absl::InfiniteFuture(), [&](db::Connection& c) {
    std::unique_ptr<sql::ResultSet> rows(
        c.Prepare("SELECT r.id, s.movement_id, s.code, s.display_name FROM registrations r"
                  " JOIN standards s ON s.id = r.standard_id ORDER BY r.id")
            .executeQuery());
    while (rows->next()) {
      of[rows->getInt(1)] = {rows->getInt64(2), rows->getString(3), rows->getString(4)};
    }
    std::unique_ptr<sql::ResultSet> count(
        c.Prepare("SELECT COUNT(*) FROM standards WHERE name_key IS NULL").executeQuery());
    count->next();
    keyless = count->getInt(1);
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(of.size(), 5u);
  using Entry = std::tuple<int64_t, std::string, std::string>;
  // Both spellings of seed 002 are the first registration's entry, under the first movement.
  EXPECT_EQ(of[1], Entry(1, "DK-1", antt));
  EXPECT_EQ(of[2], of[1]);
  // The cited plan's movement has entries of its own.
  EXPECT_EQ(of[3], Entry(2, "DK-3", "Đơn vị văn hóa"));
  EXPECT_EQ(of[4], Entry(2, "DK-4", antt));
  EXPECT_EQ(of[5], Entry(1, "DK-5", "Đơn vị không có ma túy"));
  EXPECT_EQ(keyless, 0);  // keyed at start-up
}

}  // namespace
}  // namespace thidua::testing
