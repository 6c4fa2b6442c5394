// The gateway in front of the registry and plans binaries, as deploy/local/up runs them: calls
// made over HTTP/JSON, checked for status, body and headers, against the seeds' data.
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "services/gateway/grpc_web.h"
#include "tests/e2e/plans_e2e_fixture.h"

namespace thidua::testing {
namespace {

using Json = nlohmann::json;

class GatewayEndToEnd : public PlansEndToEnd {
 protected:
  // One stack for the suite: these calls change nothing another test reads.
  static void SetUpTestSuite() {
    StartStack();
    ASSERT_TRUE(ready_);
    page_port_ = UnusedLoopbackPort();
    ASSERT_GT(page_port_, 0);
    std::vector<std::string> flags = {
        "--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0", "--max_body_kb=64",
        "--read_timeout_s=2", "--max_buffered_mb=1",
        absl::StrCat("--cors_origins=https://thidua.lamdong.gov.vn,http://127.0.0.1:", page_port_),
        // Reporting's backend is down (nothing listens there): its routes answer 503, the others
        // keep working.
        absl::StrCat("--backends=thidua.registry.v1.Registry=127.0.0.1:", registry_port_,
                     ",thidua.plans.v1.Plans=127.0.0.1:", plans_port_,
                     ",thidua.reporting.v1.Reporting=127.0.0.1:", UnusedLoopbackPort())};
    gateway_ = new Process(THIDUA_GATEWAY_BINARY, flags, dir_ / "gateway.log");
    gateway_port_ = PortOf(*gateway_, "gateway serving");
    ASSERT_GT(gateway_port_, 0) << "the gateway did not start";
  }
  static void TearDownTestSuite() {
    if (gateway_ != nullptr) {
      EXPECT_EQ(gateway_->Terminate(), 0);
    }
    delete gateway_;
    gateway_ = nullptr;
    StopStack();
  }
  void SetUp() override { ASSERT_GT(gateway_port_, 0); }
  void TearDown() override {}

  struct Answer {
    int status = 0;
    Json body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
      auto it = headers.find(name);
      return it == headers.end() ? "" : it->second;
    }
  };

  static Answer Call(const std::string& method, const std::string& target, const std::string& token,
                     const std::string& body = "", httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", gateway_port_);
    client.set_read_timeout(30, 0);
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result result =
        method == "GET"     ? client.Get(target, headers)
        : method == "POST"  ? client.Post(target, headers, body, "application/json")
        : method == "PATCH" ? client.Patch(target, headers, body, "application/json")
        : method == "PUT"   ? client.Put(target, headers, body, "application/json")
                            : client.Delete(target, headers);
    Answer answer;
    if (!result) {
      ADD_FAILURE() << method << " " << target << ": " << httplib::to_string(result.error());
      return answer;
    }
    answer.status = result->status;
    answer.headers = result->headers;
    answer.body = Json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(answer.body.is_discarded()) << method << " " << target << ": " << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json; charset=utf-8");
    return answer;
  }

  // A raw TCP connection to the gateway, for requests an HTTP client will not send; -1 on failure.
  static int ConnectToGateway() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(gateway_port_));
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }

  // The detail of a google.rpc.Status body with this type ("google.rpc.ErrorInfo").
  static Json Detail(const Json& status, const std::string& type) {
    for (const Json& d : status.value("details", Json::array())) {
      if (d.value("@type", "") == "type.googleapis.com/" + type) return d;
    }
    return Json();
  }

  static inline Process* gateway_ = nullptr;
  static inline int gateway_port_ = 0;
  static inline int page_port_ = 0;
};

TEST_F(GatewayEndToEnd, ReadsWithPathAndQueryFields) {
  Answer found = Call("GET", "/v1/organizations?query=lam%20dong&kinds=PROVINCE", Reader());
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_FALSE(found.body["organizations"].empty()) << found.body;
  const Json& lam_dong = found.body["organizations"][0];
  EXPECT_EQ(lam_dong["displayName"], "Tỉnh Lâm Đồng");
  EXPECT_EQ(lam_dong["kind"], "PROVINCE");
  // int64 travels as a string (proto3 JSON).
  ASSERT_TRUE(lam_dong["id"].is_string());
  EXPECT_EQ(lam_dong["id"], std::to_string(Org("lam-dong")));
  EXPECT_FALSE(found.header("X-Request-Id").empty());

  Answer one = Call("GET", "/v1/organizations/" + lam_dong["id"].get<std::string>(), Reader());
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.body["id"], lam_dong["id"]);

  // Nested and repeated query fields, a page and its token; either JSON or proto names.
  Answer page = Call("GET",
                     "/v1/organizations?as_of.year=2023&asOf.month=4&as_of.day=10"
                     "&kinds=PROVINCE&kinds=NATION&page_size=5",
                     Reader());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.body["organizations"].size(), 5u);
  ASSERT_TRUE(page.body.contains("nextPageToken"));
  Answer next = Call("GET",
                     "/v1/organizations?as_of.year=2023&as_of.month=4&as_of.day=10"
                     "&kinds=PROVINCE&kinds=NATION&page_size=5&page_token=" +
                         page.body["nextPageToken"].get<std::string>(),
                     Reader());
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_NE(next.body["organizations"][0]["id"], page.body["organizations"][0]["id"]);

  // A custom method, and a path variable whose value is percent-encoded.
  Answer symbol = Call("GET", "/v1/documents:parseSymbol?symbol=2447%2FQ%C4%90-TTg", Reader());
  ASSERT_EQ(symbol.status, 200) << symbol.body;
  EXPECT_EQ(symbol.body["type"], "QUYET_DINH") << symbol.body;
}

TEST_F(GatewayEndToEnd, ErrorsAreStatusesWithTheirDetails) {
  // No token: 401, the service's own answer.
  Answer anonymous = Call("GET", "/v1/organizations/1", "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body["code"], 16);
  EXPECT_FALSE(Detail(anonymous.body, "google.rpc.ErrorInfo").empty()) << anonymous.body;

  // An unknown organisation (public reference data): 404.
  Answer unknown = Call("GET", "/v1/organizations/987654321", Reader());
  EXPECT_EQ(unknown.status, 404) << unknown.body;

  // A parameter that is not a number, one no field has, a body on a GET: 400 naming each.
  Answer bad = Call("GET", "/v1/organizations?page_size=many&colour=red", Reader());
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields;
  const Json bad_request = Detail(bad.body, "google.rpc.BadRequest");
  for (const Json& v : bad_request["fieldViolations"]) {
    fields.insert(v["field"].get<std::string>());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"page_size", "colour"})) << bad.body;

  // The service's own field violations come through whole.
  Answer empty_plan = Call("POST", "/v1/plans", Editor(Org("lam-dong")),
                           Json{{"plan", {{"issuerOrganizationId", Org("lam-dong")}}}}.dump());
  ASSERT_EQ(empty_plan.status, 400) << empty_plan.body;
  EXPECT_FALSE(Detail(empty_plan.body, "google.rpc.BadRequest")["fieldViolations"].empty());

  // Outside the caller's scope: 403, the one denial.
  Answer outside = Call("POST", "/v1/plans", Editor(Org("lam-dong")),
                        Json{{"plan",
                              {{"issuerOrganizationId", std::to_string(nation_)},
                               {"title", "Kế hoạch"},
                               {"periodFromYear", 2026},
                               {"periodToYear", 2026}}}}
                            .dump());
  EXPECT_EQ(outside.status, 403) << outside.body;
  EXPECT_EQ(outside.body["code"], 7);

  // Malformed JSON: 400 naming the body.
  Answer malformed = Call("POST", "/v1/plans", Editor(Org("lam-dong")), "{\"plan\": ");
  ASSERT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_EQ(Detail(malformed.body, "google.rpc.BadRequest")["fieldViolations"][0]["field"], "body");

  // No such path, and a path under another HTTP method.
  Answer nowhere = Call("GET", "/v1/organisations/1", Reader());
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(Detail(nowhere.body, "google.rpc.ErrorInfo")["reason"], "NO_SUCH_ROUTE");
  Answer wrong_method = Call("DELETE", "/v1/organizations/1", Reader());
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("Allow"), "GET, PATCH");

  // One field under its two names is given twice; a value that is not UTF-8 is refused by field.
  Answer twice = Call("GET", "/v1/organizations?page_size=5&pageSize=500", Reader());
  EXPECT_EQ(twice.status, 400) << twice.body;
  Answer latin1 = Call("PATCH", "/v1/organizations/1?update_mask=%FF", Reader(), "{}");
  EXPECT_EQ(latin1.status, 400) << latin1.body;
  // A token gRPC could not carry (a byte outside visible ASCII) is a 401, and the gateway lives.
  Answer hostile = Call("GET", "/v1/organizations/1", "\xe1\xba\xa1");
  EXPECT_EQ(hostile.status, 401) << hostile.body;
  EXPECT_EQ(Call("GET", "/v1/organizations/1", Reader()).status, 200);

  // A body over the gateway's limit (64 KiB here) is refused before it is read whole.
  Answer huge = Call("POST", "/v1/plans", Editor(Org("lam-dong")), std::string(100 << 10, ' '));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.body["code"], 8) << huge.body;
}

// The limits of a request besides its body: header lines, the URI, the call's deadline, a client
// that goes silent.
TEST_F(GatewayEndToEnd, RequestsOverTheLimitsGetClearAnswers) {
  // An Authorization header over 7 KiB (more than gRPC's metadata can carry beside the rest):
  // 431 saying so, before any backend is asked.
  Answer long_token = Call("GET", "/v1/organizations/1", std::string(9000, 'a'));
  EXPECT_EQ(long_token.status, 431);
  EXPECT_EQ(Detail(long_token.body, "google.rpc.ErrorInfo")["reason"], "HEADER_TOO_LARGE");
  EXPECT_THAT(long_token.body["message"].get<std::string>(), ::testing::HasSubstr("7 KiB"));
  // Headers over the 64 KiB a connection holds for a request's head, in one line or in many: 431
  // from the HTTP server (or the connection closed while they are still being sent).
  for (const httplib::Headers& headers :
       {httplib::Headers{{"Authorization", "Bearer " + std::string(1 << 20, 'a')}}, [] {
          httplib::Headers many;
          for (int i = 0; i < 100; ++i)
            many.emplace(absl::StrCat("X-Pad-", i), std::string(1000, 'p'));
          return many;
        }()}) {
    httplib::Client client("127.0.0.1", gateway_port_);
    auto refused = client.Get("/v1/organizations/1", headers);
    if (refused) {
      EXPECT_EQ(refused->status, 431);
    }
  }
  // A query of 500 parameters (each parsed into the head's 64 KiB) is answered at once. (With
  // about 1,000 and more, libmicrohttpd 0.9.75 runs out of that memory and sends nothing; the
  // connection is closed after --read_timeout_s.)
  {
    std::string query;
    for (int i = 0; i < 500; ++i) absl::StrAppend(&query, i == 0 ? "?" : "&", "a=1");
    const auto asked = std::chrono::steady_clock::now();
    Answer many = Call("GET", "/v1/organizations" + query, Reader());
    EXPECT_EQ(many.status, 400) << many.body;
    EXPECT_LE(std::chrono::steady_clock::now() - asked, std::chrono::seconds(1));
  }
  // A URI over 8 KiB: 414.
  {
    httplib::Client client("127.0.0.1", gateway_port_);
    auto long_uri =
        client.Get("/v1/organizations?query=" + std::string(9000, 'a'), {{"Authorization", "x"}});
    ASSERT_TRUE(long_uri);
    EXPECT_EQ(long_uri->status, 414);
    EXPECT_EQ(Json::parse(long_uri->body)["details"][0]["reason"], "URI_TOO_LONG")
        << long_uri->body;
  }
  // A deadline the caller states (grpc-timeout, as gRPC-Web clients send it) that has passed: 504
  // with thidua's sentence, not gRPC's.
  Answer late = Call("GET", "/v1/organizations/1", Reader(), "", {{"Grpc-Timeout", "1n"}});
  EXPECT_EQ(late.status, 504) << late.body;
  EXPECT_EQ(Detail(late.body, "google.rpc.ErrorInfo")["reason"], "DEADLINE_EXCEEDED");
  // A client that sends half a request and goes silent is closed after --read_timeout_s (2 s).
  const int fd = ConnectToGateway();
  ASSERT_GE(fd, 0);
  const std::string half = "GET /v1/organizations/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_EQ(send(fd, half.data(), half.size(), 0), static_cast<ssize_t>(half.size()));
  const auto sent = std::chrono::steady_clock::now();
  pollfd wait = {fd, POLLIN, 0};
  ASSERT_EQ(poll(&wait, 1, 8000), 1) << "the silent client is still connected after 8 s";
  char buffer[4096];
  EXPECT_LE(recv(fd, buffer, sizeof(buffer), 0), 0) << "closed without an answer";
  const auto closed = std::chrono::steady_clock::now() - sent;
  close(fd);
  EXPECT_GE(closed, std::chrono::milliseconds(1500));
  EXPECT_LE(closed, std::chrono::seconds(5));
  // And the gateway goes on serving.
  EXPECT_EQ(Call("GET", "/v1/organizations/1", Reader()).status, 200);
}

// Connections hold no thread: many slow clients do not keep others out, and the bodies held at
// once are bounded (--max_buffered_mb=1 here) whatever the clients announce.
TEST_F(GatewayEndToEnd, SlowClientsHoldNoThreadAndBodiesAreBounded) {
  std::vector<int> slow;
  const std::string half = "GET /v1/organizations/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  for (int i = 0; i < 200; ++i) {
    const int fd = ConnectToGateway();
    ASSERT_GE(fd, 0);
    (void)send(fd, half.data(), half.size(), MSG_NOSIGNAL);
    slow.push_back(fd);
  }
  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(Call("GET", "/v1/organizations/1", Reader()).status, 200);
  EXPECT_LE(std::chrono::steady_clock::now() - asked, std::chrono::milliseconds(500));
  for (int fd : slow) close(fd);

  // A body is charged as it arrives: twenty 60,000-byte bodies announced and trickled hold
  // nothing, and writes go on.
  auto post_head = [&](const std::string& token) {
    return absl::StrCat("POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                        "Content-Type: application/json\r\nContent-Length: 60000\r\n",
                        token.empty() ? "" : absl::StrCat("Authorization: Bearer ", token, "\r\n"),
                        "\r\n{");
  };
  const std::string editor = Editor(Org("lam-dong"));
  std::vector<int> announced;
  for (int i = 0; i < 20; ++i) {
    const int fd = ConnectToGateway();
    ASSERT_GE(fd, 0);
    const std::string head = post_head(editor);
    (void)send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    announced.push_back(fd);
  }
  EXPECT_EQ(Call("POST", "/v1/plans", editor, std::string(1000, ' ')).status, 400);
  // Nearly whole bodies are held: 1 MiB takes 17; then a body that cannot fit gets 503 before it
  // is read, a health probe still 200.
  const std::string rest(60000 - 2, ' ');
  for (int fd : announced) (void)send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    const int fd = ConnectToGateway();
    ASSERT_GE(fd, 0);
    const std::string head = post_head(editor);
    (void)send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    pollfd wait = {fd, POLLIN, 0};
    ASSERT_EQ(poll(&wait, 1, 1000), 1);
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    const std::string answer(buffer, n > 0 ? n : 0);
    EXPECT_TRUE(absl::StartsWith(answer, "HTTP/1.1 503")) << answer;
    EXPECT_THAT(answer, ::testing::HasSubstr("GATEWAY_BUSY"));
    close(fd);
  }
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  // A body is not read at all for a caller without a token.
  {
    const int fd = ConnectToGateway();
    ASSERT_GE(fd, 0);
    const std::string head = post_head("");
    (void)send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    pollfd wait = {fd, POLLIN, 0};
    ASSERT_EQ(poll(&wait, 1, 1000), 1);
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    EXPECT_TRUE(absl::StartsWith(std::string(buffer, n > 0 ? n : 0), "HTTP/1.1 401"));
    close(fd);
  }
  for (int fd : announced) close(fd);
  // Their room is given back once they are gone.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Call("POST", "/v1/plans", Editor(Org("lam-dong")), std::string(1000, ' ')).status, 400);
}

// Clients that ask and never read hold no memory of their own: the docs page's files and the
// OpenAPI document are sent from the gateway's one copy, and API answers not yet taken count in
// --max_buffered_mb (1 MiB here); the gateway serves again once those clients are gone.
TEST_F(GatewayEndToEnd, ClientsThatNeverReadHoldBoundedMemory) {
  auto rss_mb = [] {
    std::ifstream status(absl::StrCat("/proc/", gateway_->pid(), "/status"));
    std::string line;
    while (std::getline(status, line)) {
      if (absl::StartsWith(line, "VmRSS:")) return std::stol(line.substr(6)) / 1024;
    }
    return 0L;
  };
  const long before = rss_mb();
  std::vector<int> idle;
  for (const std::string target : {"/docs/swagger-ui/swagger-ui-bundle.js", "/openapi.json",
                                   "/v1/organizations?page_size=1000"}) {
    std::string pipelined;
    for (int i = 0; i < 20; ++i) {
      absl::StrAppend(&pipelined, "GET ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                      "Authorization: Bearer ", Reader(), "\r\n\r\n");
    }
    for (int c = 0; c < 40; ++c) {
      const int fd = ConnectToGateway();
      ASSERT_GE(fd, 0);
      const int small = 4096;  // a receive window that fills at once
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
      (void)send(fd, pipelined.data(), pipelined.size(), MSG_NOSIGNAL);
      idle.push_back(fd);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_LE(rss_mb() - before, 64) << "MB held for 120 clients that do not read";
  // Probes are answered whatever those clients hold. (Whether their answers fill the budget
  // depends on how much the kernel's socket buffers take first: the budget's 503 is tested with
  // bodies, above.)
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  for (int fd : idle) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Call("GET", "/v1/organizations/1", Reader()).status, 200);
}

// Framing the gateway refuses before it reads a body, and bodies and queries it cannot read as
// the caller meant.
TEST_F(GatewayEndToEnd, AmbiguousOrUnboundedRequestsAreRefused) {
  auto raw = [&](const std::string& request) {
    const int fd = ConnectToGateway();
    EXPECT_GE(fd, 0);
    (void)send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string received;
    char buffer[4096];
    pollfd wait = {fd, POLLIN, 0};
    while (poll(&wait, 1, 5000) == 1) {
      const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      received.append(buffer, n);
      if (received.find("\r\n\r\n") != std::string::npos &&
          received.find("}") != std::string::npos) {
        break;
      }
    }
    close(fd);
    return received;
  };
  const std::string auth = "Authorization: Bearer " + Editor(Org("lam-dong")) + "\r\n";
  // A chunked body: 411 before a byte of it is taken in (it says it has 100 MB to come).
  const std::string chunked =
      raw("POST /v1/plans HTTP/1.1\r\nHost: x\r\n" + auth +
          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5F5E100\r\n{");
  EXPECT_TRUE(absl::StartsWith(chunked, "HTTP/1.1 411")) << chunked;
  EXPECT_THAT(chunked, ::testing::HasSubstr("LENGTH_REQUIRED"));
  // gRPC-Web too.
  const std::string chunked_web =
      raw("POST /thidua.registry.v1.Registry/GetOrganization HTTP/1.1\r\nHost: x\r\n" + auth +
          "Content-Type: application/grpc-web+proto\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n");
  EXPECT_TRUE(absl::StartsWith(chunked_web, "HTTP/1.1 411")) << chunked_web;
  // A POST with no Content-Length at all: 411 too.
  const std::string no_length =
      raw("POST /v1/plans HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n");
  EXPECT_TRUE(absl::StartsWith(no_length, "HTTP/1.1 411")) << no_length;
  // Two Content-Lengths, or two tokens: which one counts is ambiguous, so neither does.
  const std::string two_lengths =
      raw("POST /v1/plans HTTP/1.1\r\nHost: x\r\n" + auth +
          "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
  EXPECT_TRUE(absl::StartsWith(two_lengths, "HTTP/1.1 400")) << two_lengths;
  EXPECT_THAT(two_lengths, ::testing::HasSubstr("DUPLICATE_HEADER"));
  Answer two_tokens = Call("GET", "/v1/organizations/1", Reader(), "",
                           {{"Authorization", "Bearer " + Editor(Org("lam-dong"))}});
  EXPECT_EQ(two_tokens.status, 400) << two_tokens.body;
  // A token longer than gRPC can carry: 431, not a 429 that says to retry.
  Answer long_token = Call("GET", "/v1/organizations/1", std::string(7500, 'a'));
  EXPECT_EQ(long_token.status, 431) << long_token.body;
  EXPECT_EQ(Detail(long_token.body, "google.rpc.ErrorInfo")["reason"], "HEADER_TOO_LARGE");
  // A body that is not JSON (curl -d sends a form): 415.
  {
    httplib::Client client("127.0.0.1", gateway_port_);
    auto form = client.Post("/v1/plans", {{"Authorization", "Bearer " + Editor(Org("lam-dong"))}},
                            "plan=x", "application/x-www-form-urlencoded");
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 415) << form->body;
    EXPECT_THAT(form->body, ::testing::HasSubstr("UNSUPPORTED_MEDIA_TYPE"));
  }
  // An '=' left raw in a query value: refused, naming the parameter, not read as its last part.
  Answer equals = Call("GET", "/v1/plans?issuer_organization_id=79=1", Reader());
  EXPECT_EQ(equals.status, 400) << equals.body;
  EXPECT_EQ(Detail(equals.body, "google.rpc.BadRequest")["fieldViolations"][0]["field"],
            "issuer_organization_id");
  // A 401 names the scheme; every answer forbids sniffing and framing.
  Answer anonymous = Call("GET", "/v1/organizations/1", "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(anonymous.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(anonymous.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(anonymous.header("Vary"), "Origin");
  // And the gateway serves on.
  EXPECT_EQ(Call("GET", "/v1/organizations/1", Reader()).status, 200);
}

TEST_F(GatewayEndToEnd, TheMessageComesInTheLanguageAsked) {
  Answer english = Call("GET", "/v1/organizations/987654321", Reader(), "",
                        {{"Accept-Language", "en-US,en;q=0.9"}});
  Answer vietnamese = Call("GET", "/v1/organizations/987654321", Reader(), "",
                           {{"Accept-Language", "vi-VN,vi;q=0.9,en;q=0.5"}});
  ASSERT_EQ(english.status, 404);
  ASSERT_EQ(vietnamese.status, 404);
  const std::string localized =
      Detail(english.body, "google.rpc.LocalizedMessage")["message"].get<std::string>();
  ASSERT_FALSE(localized.empty());
  EXPECT_TRUE(absl::StartsWith(vietnamese.body["message"].get<std::string>(), localized))
      << vietnamese.body["message"];
  EXPECT_TRUE(absl::EndsWith(english.body["message"].get<std::string>(), localized))
      << english.body["message"];
}

TEST_F(GatewayEndToEnd, CreatesOnceAndRefusesAStaleEtag) {
  const int64_t lam_dong = Org("lam-dong");
  const Json create = {{"requestId", "gateway-e2e-create-1"},
                       {"plan",
                        {{"issuerOrganizationId", std::to_string(lam_dong)},
                         {"title", "Kế hoạch thử qua cổng API"},
                         {"periodFromYear", 2026},
                         {"periodToYear", 2026}}}};
  Answer first = Call("POST", "/v1/plans", Editor(lam_dong), create.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  Answer replay = Call("POST", "/v1/plans", Editor(lam_dong), create.dump());
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body["id"], first.body["id"]);
  Json changed = create;
  changed["plan"]["title"] = "Một kế hoạch khác";
  Answer reused = Call("POST", "/v1/plans", Editor(lam_dong), changed.dump());
  EXPECT_EQ(reused.status, 400) << reused.body;

  // PATCH with the update mask in the query and the current etag; then the stale one: 409 and
  // the ABORTED details.
  const std::string id = first.body["id"].get<std::string>();
  Answer updated = Call("PATCH", "/v1/plans/" + id + "?update_mask=title", Editor(lam_dong),
                        Json{{"etag", first.body["etag"]}, {"title", "Kế hoạch đã sửa"}}.dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.body["title"], "Kế hoạch đã sửa");
  Answer stale = Call("PATCH", "/v1/plans/" + id + "?update_mask=title", Editor(lam_dong),
                      Json{{"etag", first.body["etag"]}, {"title", "Lần nữa"}}.dump());
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.body["code"], 10);
  EXPECT_EQ(Detail(stale.body, "google.rpc.ErrorInfo")["reason"], "ETAG_MISMATCH") << stale.body;
}

TEST_F(GatewayEndToEnd, TheRequestIdReachesTheServicesLog) {
  Answer answer = Call("GET", "/v1/organizations/" + std::to_string(Org("lam-dong")), Reader(), "",
                       {{"X-Request-Id", "trace-gateway-e2e-42"}});
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("X-Request-Id"), "trace-gateway-e2e-42");
  EXPECT_FALSE(registry_->WaitForLog("trace-gateway-e2e-42", 10).empty());
  // A call plans answers by asking the registry (whether the caller's unit is above a ward it has
  // never been asked about): the id is in both services' lines.
  Answer ward = Call("GET", "/v1/organizations?query=hoan%20kiem&kinds=WARD&page_size=1", Reader());
  ASSERT_EQ(ward.status, 200) << ward.body;
  ASSERT_FALSE(ward.body["organizations"].empty());
  Answer tasks = Call("GET",
                      "/v1/tasks?assignee_organization_id=" +
                          ward.body["organizations"][0]["id"].get<std::string>(),
                      Admin(), "", {{"X-Request-Id", "trace-gateway-e2e-peer"}});
  EXPECT_EQ(tasks.status, 200) << tasks.body;
  EXPECT_FALSE(plans_->WaitForLog("trace-gateway-e2e-peer", 10).empty());
  EXPECT_FALSE(registry_->WaitForLog("trace-gateway-e2e-peer", 10).empty())
      << "the registry's line of plans' question does not carry the caller's request id";
  // The token is never in the gateway's log.
  std::ifstream log(dir_ / "gateway.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, ::testing::HasSubstr("trace-gateway-e2e-42"));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr(Reader().substr(0, 40))));
}

// A real gRPC-Web client from npm (Connect's transport, code from protoc-gen-es): unary calls, an
// error with its details, no token, and a server stream (tests/web/grpc_web_client.js).
TEST_F(GatewayEndToEnd, AGrpcWebClientCallsAndStreams) {
  const std::filesystem::path log = dir_ / "grpc-web-client.log";
  const int exit_code = thidua::testing::Run(
      std::string(THIDUA_SOURCE_DIR) + "/tests/web/grpc_web_check",
      {absl::StrCat("http://127.0.0.1:", gateway_port_), Reader(), std::to_string(Org("lam-dong"))},
      log);
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("all checks passed"));
}

// Debian's Chromium, headless, driven by playwright-core (tests/web/browser_client.js): the docs
// page lists every service's operations and calls GetOrganization with a token; a portal page of
// another origin calls ListOrganizations over gRPC-Web and renders it. Screenshots are kept in
// build/artefacts/.
TEST_F(GatewayEndToEnd, ARealBrowserUsesTheDocsAndAPortalPage) {
  const std::string id = std::to_string(Org("lam-dong"));
  Answer organization = Call("GET", "/v1/organizations/" + id, Reader());
  ASSERT_EQ(organization.status, 200);
  const std::string name = organization.body.value("displayName", "");
  ASSERT_FALSE(name.empty());
  const std::filesystem::path log = dir_ / "browser.log";
  const int exit_code =
      thidua::testing::Run(std::string(THIDUA_SOURCE_DIR) + "/tests/web/browser_check",
                           {absl::StrCat("http://127.0.0.1:", gateway_port_), Reader(), id,
                            std::to_string(page_port_), THIDUA_ARTEFACTS_DIR "/browser", name},
                           log);
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, ::testing::HasSubstr("all checks passed"));
}

// The -text variant (base64 bodies), which Connect's transport does not speak: framed here.
TEST_F(GatewayEndToEnd, GrpcWebTextCarriesTheSameCall) {
  registry::v1::GetOrganizationRequest get;
  get.set_id(Org("lam-dong"));
  const std::string frame = gateway::GrpcWebDataFrame(get.SerializeAsString());
  httplib::Client client("127.0.0.1", gateway_port_);
  httplib::Headers headers = {{"Authorization", "Bearer " + Reader()}, {"X-Grpc-Web", "1"}};
  auto result = client.Post("/thidua.registry.v1.Registry/GetOrganization", headers,
                            gateway::GrpcWebEncode(frame, gateway::GrpcWebMode::kText),
                            "application/grpc-web-text");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/grpc-web-text+proto");
  std::string body;
  ASSERT_TRUE(absl::Base64Unescape(result->body, &body)) << result->body;
  // A data frame (flag 0, length, the organisation), then the trailer frame (flag 0x80).
  ASSERT_GT(body.size(), 5u);
  ASSERT_EQ(body[0], '\0');
  const uint32_t length = (static_cast<uint8_t>(body[1]) << 24) |
                          (static_cast<uint8_t>(body[2]) << 16) |
                          (static_cast<uint8_t>(body[3]) << 8) | static_cast<uint8_t>(body[4]);
  registry::v1::Organization organization;
  ASSERT_TRUE(organization.ParseFromString(body.substr(5, length)));
  EXPECT_EQ(organization.id(), Org("lam-dong"));
  const std::string trailer = body.substr(5 + length);
  ASSERT_GT(trailer.size(), 5u);
  EXPECT_EQ(static_cast<uint8_t>(trailer[0]), 0x80);
  EXPECT_THAT(trailer.substr(5), ::testing::HasSubstr("grpc-status:0\r\n"));

  // Binary frames that are not one whole uncompressed message: INVALID_ARGUMENT in the trailer.
  const std::string whole = gateway::GrpcWebDataFrame(get.SerializeAsString());
  std::string compressed = whole;
  compressed[0] = '\x01';
  for (const std::string& body :
       {whole.substr(0, 3), whole.substr(0, whole.size() - 1), whole + whole, compressed}) {
    auto refused = client.Post("/thidua.registry.v1.Registry/GetOrganization", headers, body,
                               "application/grpc-web+proto");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 200);
    EXPECT_THAT(refused->body, ::testing::HasSubstr("grpc-status:3\r\n"));
  }
  // Two base64 chunks, each padded, as a client writing in pieces sends them.
  const std::string text = gateway::GrpcWebEncode(whole.substr(0, 4), gateway::GrpcWebMode::kText) +
                           gateway::GrpcWebEncode(whole.substr(4), gateway::GrpcWebMode::kText);
  auto chunked = client.Post("/thidua.registry.v1.Registry/GetOrganization", headers, text,
                             "application/grpc-web-text");
  ASSERT_TRUE(chunked);
  std::string chunked_body;
  ASSERT_TRUE(absl::Base64Unescape(chunked->body, &chunked_body));
  EXPECT_THAT(chunked_body, ::testing::HasSubstr("grpc-status:0\r\n"));

  // A malformed body is a status in the trailer, not an HTTP error.
  auto bad = client.Post("/thidua.registry.v1.Registry/GetOrganization", headers, "%%%",
                         "application/grpc-web-text");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 200);
  std::string bad_body;
  ASSERT_TRUE(absl::Base64Unescape(bad->body, &bad_body));
  EXPECT_THAT(bad_body, ::testing::HasSubstr("grpc-status:3\r\n"));
}

TEST_F(GatewayEndToEnd, BrowsersOfTheConfiguredOriginsMayCall) {
  httplib::Client client("127.0.0.1", gateway_port_);
  // Preflight from an allowed origin: the methods and headers a portal sends.
  auto preflight = client.Options("/v1/plans", {{"Origin", "https://thidua.lamdong.gov.vn"},
                                                {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            "https://thidua.lamdong.gov.vn");
  EXPECT_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
              ::testing::HasSubstr("Authorization"));
  EXPECT_TRUE(preflight->get_header_value("Access-Control-Allow-Credentials").empty());
  // Another origin gets no CORS header, so its page cannot read the answer.
  auto other = client.Options(
      "/v1/plans", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->get_header_value("Access-Control-Allow-Origin").empty());
  Answer foreign = Call("GET", "/v1/organizations/" + std::to_string(Org("lam-dong")), Reader(), "",
                        {{"Origin", "https://evil.example"}});
  EXPECT_EQ(foreign.header("Access-Control-Allow-Origin"), "");
  Answer call = Call("GET", "/v1/organizations/" + std::to_string(Org("lam-dong")), Reader(), "",
                     {{"Origin", "https://thidua.lamdong.gov.vn"}});
  EXPECT_EQ(call.header("Access-Control-Allow-Origin"), "https://thidua.lamdong.gov.vn");
  EXPECT_THAT(call.header("Access-Control-Expose-Headers"), ::testing::HasSubstr("X-Request-Id"));
}

TEST_F(GatewayEndToEnd, ServesItsDocumentDocsAndReadiness) {
  httplib::Client client("127.0.0.1", gateway_port_);
  auto openapi = client.Get("/openapi.json");
  ASSERT_TRUE(openapi);
  EXPECT_EQ(openapi->status, 200);
  const Json document = Json::parse(openapi->body);
  EXPECT_EQ(document["openapi"], "3.1.0");
  EXPECT_TRUE(document["paths"].contains("/v1/organizations/{id}"));
  EXPECT_TRUE(document["paths"].contains("/v1/plans/{id}:issue"));
  auto docs = client.Get("/docs/");
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->status, 200);
  EXPECT_THAT(docs->body, ::testing::HasSubstr("swagger-ui-bundle.js"));
  auto bundle = client.Get("/docs/swagger-ui/swagger-ui-bundle.js");
  ASSERT_TRUE(bundle);
  EXPECT_EQ(bundle->status, 200);
  EXPECT_GT(bundle->body.size(), 100000u);
  auto healthz = client.Get("/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 200);
  // Not ready while one backend is down, and the answer says which.
  auto readyz = client.Get("/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 503) << readyz->body;
  const Json backends = Json::parse(readyz->body)["backends"];
  EXPECT_EQ(backends["thidua.registry.v1.Registry"], "SERVING");
  EXPECT_EQ(backends["thidua.plans.v1.Plans"], "SERVING");
  EXPECT_EQ(backends["thidua.reporting.v1.Reporting"], "UNAVAILABLE");
}

TEST_F(GatewayEndToEnd, ABackendDownIs503OnItsRoutesOnly) {
  Answer down = Call("GET", "/v1/indicators?pageSize=5", Reader());
  EXPECT_EQ(down.status, 503) << down.body.dump();
  EXPECT_EQ(down.body.value("code", 0), 14);  // UNAVAILABLE
  // thidua's sentence for the code, not gRPC's text naming the backend's address.
  EXPECT_THAT(down.body.value("message", ""), ::testing::HasSubstr("unavailable"));
  EXPECT_THAT(down.body.dump(), ::testing::Not(::testing::HasSubstr("127.0.0.1")));
  EXPECT_THAT(down.body.dump(), ::testing::Not(::testing::HasSubstr("connect")));
  Answer up = Call("GET", "/v1/organizations/" + std::to_string(Org("lam-dong")), Reader());
  EXPECT_EQ(up.status, 200) << up.body.dump();
}

}  // namespace
}  // namespace thidua::testing
