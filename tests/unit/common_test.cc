// The small pieces of common/: configuration, errors, civil dates, migration files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/civil_date.h"
#include "common/config.h"
#include "common/db/migration.h"
#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace thidua {
namespace {

TEST(ConfigTest, FlagBeatsEnvironmentBeatsDefault) {
  Config config;
  config.Define("listen", "127.0.0.1:1", "")
      .Define("db_name", "registry", "")
      .Define("pool", "8", "");
  setenv("THIDUA_DB_NAME", "from_env", 1);
  setenv("THIDUA_LISTEN", "from_env:2", 1);
  char arg0[] = "bin";
  char arg1[] = "--listen=127.0.0.1:3";
  char* argv[] = {arg0, arg1};
  ASSERT_TRUE(config.Parse(2, argv).ok());
  EXPECT_EQ(config.Get("listen"), "127.0.0.1:3");
  EXPECT_EQ(config.Get("db_name"), "from_env");
  EXPECT_EQ(*config.GetInt("pool", 1, 10), 8);
  EXPECT_FALSE(config.GetInt("db_name", 1, 10).ok());
  unsetenv("THIDUA_DB_NAME");
  unsetenv("THIDUA_LISTEN");
  char unknown[] = "--no_such_flag=1";
  char* bad[] = {arg0, unknown};
  EXPECT_EQ(config.Parse(2, bad).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ErrorsTest, DetailsTravelToTheGrpcStatus) {
  const absl::Status status = InvalidArgument({{"organization.kind", "bad kind", "loại sai"}});
  const grpc::Status grpc_status = ToGrpcStatus(status);
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(grpc_status.error_details()));
  bool found_field = false, found_vietnamese = false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    google::rpc::LocalizedMessage localized;
    if (any.UnpackTo(&bad)) found_field = bad.field_violations(0).field() == "organization.kind";
    if (any.UnpackTo(&localized)) {
      found_vietnamese = localized.locale() == "vi-VN" &&
                         localized.message().find("loại sai") != std::string::npos;
    }
  }
  EXPECT_TRUE(found_field);
  EXPECT_TRUE(found_vietnamese);
}

TEST(ErrorsTest, OneBadRequestYieldsOneBoundedError) {
  // 1,000 unknown ids, each with a long description, as one request can cause.
  std::vector<FieldViolation> violations;
  const std::string ids(5000, '7');
  for (int i = 0; i < 1000; ++i) {
    violations.push_back({"organization_ids[" + std::to_string(i) + "]", "unknown: " + ids,
                          "không tồn tại: " + ids});
  }
  const grpc::Status wire = ToGrpcStatus(InvalidArgument(violations));
  // Message and details travel in trailers (8 KB by default): both stay well inside.
  EXPECT_LE(wire.error_message().size(), 2000u);
  EXPECT_LT(wire.error_details().size(), 6000u);
  EXPECT_NE(wire.error_message().find("and 997 more"), std::string::npos);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(wire.error_details()));
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      EXPECT_EQ(bad.field_violations_size(), 10);
    }
  }
  // A long message of thidua's own is cut at a character boundary, never inside "ệ".
  const grpc::Status cut =
      ToGrpcStatus(Error(absl::StatusCode::kNotFound, "NOT_FOUND", std::string(3000, 'e'),
                         std::string(1000, 'x') + "ệệệệệệệệệệ" + std::string(3000, 'v')));
  EXPECT_LE(cut.error_message().size(), 2000u);
  EXPECT_EQ(cut.error_message().find("\xE1\xBB\xE2"), std::string::npos);
}

TEST(ErrorsTest, InternalErrorsDoNotLeakTheirText) {
  const grpc::Status status = ToGrpcStatus(absl::InternalError("SQL syntax near 'secret'"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message().find("secret"), std::string::npos);
  EXPECT_FALSE(status.error_details().empty());
}

// Whatever a library or the driver says (SQL, duplicate keys, socket paths) stays in the log: a
// status without thidua's details reaches the caller as a fixed sentence for its code.
TEST(ErrorsTest, NoLibraryTextReachesTheCallerForAnyCode) {
  const std::string secret = "Duplicate entry 'x' for key 'uq' at /var/run/mysqld/mysqld.sock";
  for (int code = 1; code <= 16; ++code) {
    const grpc::Status status =
        ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(code), secret));
    EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
    EXPECT_EQ(status.error_message().find("Duplicate"), std::string::npos) << code;
    EXPECT_EQ(status.error_message().find("mysqld"), std::string::npos) << code;
    EXPECT_EQ(status.error_details().find("mysqld"), std::string::npos) << code;
    EXPECT_FALSE(status.error_details().empty()) << code;
  }
}

TEST(ErrorsTest, ALogDetailIsKeptForTheLogButNotSent) {
  const absl::Status status = WithLogDetail(Unauthenticated(), "bad signature");
  EXPECT_EQ(status.message(), "bad signature");  // what the call's log line shows
  const grpc::Status sent = ToGrpcStatus(status);
  EXPECT_EQ(sent.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(sent.error_message().find("signature"), std::string::npos);
  EXPECT_EQ(sent.error_message(), ToGrpcStatus(Unauthenticated()).error_message());
}

TEST(CivilDateTest, RejectsImpossibleDatesAndKeepsUnsetApart) {
  common::v1::Date date;
  EXPECT_FALSE(FromProto(date)->has_value());
  date.set_year(2025);
  date.set_month(2);
  date.set_day(29);
  EXPECT_FALSE(FromProto(date).ok());
  date.set_year(2024);
  EXPECT_EQ(**FromProto(date), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(ToVietnamese(absl::CivilDay(2025, 6, 10)), "10/06/2025");
  EXPECT_EQ(ParseIso("2025-07-01"), absl::CivilDay(2025, 7, 1));
  // Vietnam is UTC+7: 17:30 UTC on 30/6 is already 1/7 there.
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2025, 6, 30, 17, 30, 0), absl::UTCTimeZone()));
  EXPECT_EQ(TodayInVietnam(clock), absl::CivilDay(2025, 7, 1));
}

TEST(MigrationTest, SplitsAtSemicolonsEndingALine) {
  const auto statements = db::SplitStatements(
      "-- a comment\nCREATE TABLE a (x INT);\n\nCREATE TRIGGER t BEFORE DELETE ON a FOR EACH ROW "
      "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no; never';\nINSERT INTO a VALUES (1)");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (x INT)");
  EXPECT_NE(statements[1].find("'no; never'"), std::string::npos);
}

TEST(MigrationTest, KeepsACompoundBodyWhole) {
  const auto statements = db::SplitStatements(
      "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n"
      "  INSERT INTO b VALUES (NEW.x);\n"
      "  SET NEW.y = (SELECT MAX(x) FROM b);\n"
      "END;\n"
      "CREATE TABLE c (x INT);\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_NE(statements[0].find("INSERT INTO b VALUES (NEW.x);"), std::string::npos);
  EXPECT_NE(statements[0].find("SELECT MAX(x) FROM b);"), std::string::npos);
  EXPECT_TRUE(absl::EndsWith(statements[0], "\nEND"));
  EXPECT_EQ(statements[1], "CREATE TABLE c (x INT)");

  // Lower case, and a nested block: the body ends at its own END.
  const auto nested = db::SplitStatements(
      "create or replace trigger t before update on a for each row begin\n"
      "  if new.x > 0 then\n"
      "    begin\n"
      "      set new.y = 1;\n"
      "    end;\n"
      "  end if;\n"
      "  set new.z = 2;\n"
      "end;\n"
      "DROP TABLE c;\n");
  ASSERT_EQ(nested.size(), 2u);
  EXPECT_NE(nested[0].find("set new.z = 2;"), std::string::npos);
  EXPECT_EQ(nested[1], "DROP TABLE c");
}

}  // namespace
}  // namespace thidua
