#include "services/registry/importer/admin_units_import.h"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/civil_date.h"
#include "common/errors.h"
#include "common/text.h"
#include "services/registry/domain/organization.h"
#include "services/registry/importer/admin_units_types.h"
#include "services/registry/importer/admin_units_upgrade.h"
#include "services/registry/importer/admin_units_versions.h"

namespace thidua::registry::importer {

const char kImportRecordedBy[] = "import:admin-units-2025";

std::string RenameNote(const Rename& r) {
  return absl::StrCat("Đổi tên ", r.name_before, " thành ", r.name_from, ". Nguồn: ", r.source);
}

std::string ToString(const UnitKey& key) {
  return absl::StrCat(key.code, " (", key.valid_from, "..", key.valid_to, ")");
}

namespace {

constexpr char kDataset[] = "admin-units-2025";
constexpr char kProvinceBasis[] = "202/2025/QH15";
constexpr char kCommuneBasis[] = "Nghị quyết 1654–1687/NQ-UBTVQH15 (sắp xếp ĐVHC cấp xã 2025)";
constexpr char kDistrictBasis[] = "72/2025/QH15";
constexpr const char* kRecordedBy = kImportRecordedBy;
const std::string kLastOldDay = "2025-06-30";
const std::string kFirstNewDay = "2025-07-01";
const std::string kOpenStartIso = "1000-01-01";
const std::string kOpenEndIso = "9999-12-31";

using Value = std::variant<int64_t, std::string>;
using Row = std::vector<Value>;

// Rows per table, written with multi-row INSERTs: one round trip per few hundred rows keeps the
// whole import to seconds.
struct Tables {
  std::vector<Row> organizations, versions, codes, events, participants, lineage;
};

void BulkInsert(db::Connection& conn, const std::string& table,
                const std::vector<std::string>& columns, const std::vector<Row>& rows) {
  constexpr size_t kBatch = 500;
  const std::string one =
      absl::StrCat("(", absl::StrJoin(std::vector<std::string>(columns.size(), "?"), ","), ")");
  for (size_t start = 0; start < rows.size(); start += kBatch) {
    const size_t n = std::min(kBatch, rows.size() - start);
    std::string sql =
        absl::StrCat("INSERT INTO ", table, " (", absl::StrJoin(columns, ","), ") VALUES ",
                     absl::StrJoin(std::vector<std::string>(n, one), ","));
    auto& st = conn.Prepare(sql);
    int param = 1;
    for (size_t r = start; r < start + n; ++r) {
      for (const Value& v : rows[r]) {
        if (std::holds_alternative<int64_t>(v)) {
          st.setInt64(param++, std::get<int64_t>(v));
        } else {
          st.setString(param++, std::get<std::string>(v));
        }
      }
    }
    st.executeUpdate();
  }
}

// The kind of a commune-level unit is the type its official name starts with, whatever its
// capitals: "Thị Trấn Năm Căn" is a township like "Thị trấn Sông Đốc".
absl::StatusOr<Kind> CommuneKind(const std::string& name) {
  auto type = UnitTypeOfName(name);
  if (!type.ok()) return type.status();
  switch (*type) {
    case UnitType::kCommune:
      return v1::COMMUNE;
    case UnitType::kWard:
      return v1::WARD;
    case UnitType::kTownship:
      return v1::TOWNSHIP;
    case UnitType::kSpecialZone:
      return v1::SPECIAL_ZONE;
    default:
      return absl::DataLossError(absl::StrCat("admin-units-2025: \"", name, "\" is a ",
                                              UnitTypeWord(*type), ", not a commune-level unit"));
  }
}

class Builder {
 public:
  Builder(int64_t next_id, int64_t next_event, int64_t nation)
      : next_id_(next_id), next_event_(next_event), nation_(nation) {}

  int64_t AddOrganization(Kind kind, const std::string& from, const std::string& to) {
    const int64_t id = next_id_++;
    t.organizations.push_back({id, int64_t{kind}, std::string(), id, from, to});
    ++organizations;
    return id;
  }
  void AddVersion(int64_t id, const std::string& from, const std::string& to,
                  const std::string& name, int64_t parent) {
    t.versions.push_back({id, from, to, name, text::Fold(name), parent});
  }
  void AddCode(int64_t id, const std::string& code, const std::string& from,
               const std::string& to) {
    t.codes.push_back({id, int64_t{v1::ADMIN_UNIT}, code, from, to});
  }
  int64_t AddEvent(v1::EventType type, const std::string& basis, const std::string& note,
                   const std::string& effective_date = kFirstNewDay) {
    const int64_t id = next_event_++;
    t.events.push_back({id, int64_t{type}, effective_date, basis, note, std::string(kRecordedBy)});
    return id;
  }
  // Splits the version of `id` in force on `r.effective` as the RENAME event of the API does
  // (services/registry/domain/events.cc): its values hold until the day before under the earlier
  // name, and from the day under the name it has. That version must bear the new name: the data
  // checks this for renames.tsv (ReadAdminUnits), this for data built otherwise.
  absl::Status AddEarlierName(int64_t id, const Rename& r) {
    const std::string day = ToIso(r.effective);
    for (Row& v : t.versions) {
      // Columns as inserted: organization_id, valid_from, valid_to, display_name, ... (ISO dates).
      if (std::get<int64_t>(v[0]) != id || std::get<std::string>(v[1]) >= day ||
          day > std::get<std::string>(v[2])) {
        continue;
      }
      if (std::get<std::string>(v[3]) != r.name_from) break;
      Row before = v;
      before[2] = ToIso(r.effective - 1);
      before[3] = r.name_before;
      before[4] = text::Fold(r.name_before);
      v[1] = day;
      t.versions.push_back(std::move(before));
      return absl::OkStatus();
    }
    return absl::DataLossError(absl::StrCat("admin-units-2025: unit ", r.code, " is not named \"",
                                            r.name_from, "\" on ", day, " to be renamed"));
  }
  void AddParticipant(int64_t event, int64_t org, const std::string& role, v1::LineageShare share) {
    t.participants.push_back({event, org, role, int64_t{share}});
  }
  void AddLineage(int64_t pred, int64_t succ, v1::LineageShare share, int64_t event) {
    if (!lineage_seen_.insert({pred, succ}).second) return;
    t.lineage.push_back({pred, succ, int64_t{share}, event, kFirstNewDay});
  }
  int64_t nation() const { return nation_; }

  Tables t;
  int organizations = 0;

 private:
  int64_t next_id_;
  int64_t next_event_;
  int64_t nation_;
  std::set<std::pair<int64_t, int64_t>> lineage_seen_;
};

// Builds every row of the import in memory from the dataset.
absl::Status Build(const AdminUnits& data, Builder& b) {
  std::map<std::string, const Unit*> old_province, new_province;
  for (const Unit& u : data.old_provinces) old_province[u.code] = &u;
  for (const Unit& u : data.new_provinces) new_province[u.code] = &u;
  // How many new units each old commune went to: a unit that went whole to one successor keeping
  // code and name continues as the same organisation.
  std::map<std::string, int> successors;
  for (const Merge& m : data.commune_merges) {
    for (const auto& p : m.parts) ++successors[p.old_code];
  }
  std::map<std::string, std::string> new_commune_name;
  for (const Unit& u : data.new_communes) new_commune_name[u.code] = u.name;
  auto continues = [&](const Merge& m, const std::string& old_name, const std::string& new_name) {
    return m.parts.size() == 1 && m.parts[0].full && m.parts[0].old_code == m.new_code &&
           old_name == new_name;
  };

  std::map<std::string, int64_t> province_id_old, province_id_new, district_id, commune_id_old,
      commune_id_new;
  std::set<std::string> continuing_provinces;
  for (const Merge& m : data.province_merges) {
    auto old = old_province.find(m.new_code);
    if (old != old_province.end() &&
        continues(m, old->second->name, new_province[m.new_code]->name)) {
      continuing_provinces.insert(m.new_code);
    }
  }
  for (const Unit& p : data.old_provinces) {
    const bool cont = continuing_provinces.count(p.code) > 0;
    const std::string to = cont ? kOpenEndIso : kLastOldDay;
    const int64_t id = b.AddOrganization(v1::PROVINCE, kOpenStartIso, to);
    b.AddVersion(id, kOpenStartIso, to, p.name, b.nation());
    b.AddCode(id, p.code, kOpenStartIso, to);
    province_id_old[p.code] = id;
    if (cont) province_id_new[p.code] = id;
  }
  for (const Unit& p : data.new_provinces) {
    if (continuing_provinces.count(p.code)) continue;
    const int64_t id = b.AddOrganization(v1::PROVINCE, kFirstNewDay, kOpenEndIso);
    b.AddVersion(id, kFirstNewDay, kOpenEndIso, p.name, b.nation());
    b.AddCode(id, p.code, kFirstNewDay, kOpenEndIso);
    province_id_new[p.code] = id;
  }
  for (const Merge& m : data.province_merges) {
    if (continuing_provinces.count(m.new_code)) continue;
    const int64_t succ = province_id_new[m.new_code];
    const int64_t event =
        b.AddEvent(v1::MERGE, kProvinceBasis, "Sắp xếp đơn vị hành chính cấp tỉnh");
    b.AddParticipant(event, succ, "created", v1::LINEAGE_SHARE_UNSPECIFIED);
    for (const auto& part : m.parts) {
      const auto share = part.full ? v1::FULL : v1::PARTIAL;
      b.AddParticipant(event, province_id_old[part.old_code], "predecessor", share);
      b.AddLineage(province_id_old[part.old_code], succ, share, event);
    }
  }
  for (const Unit& d : data.old_districts) {
    const int64_t id = b.AddOrganization(v1::DISTRICT, kOpenStartIso, kLastOldDay);
    b.AddVersion(id, kOpenStartIso, kLastOldDay, d.name, province_id_old[d.parent_code]);
    b.AddCode(id, d.code, kOpenStartIso, kLastOldDay);
    district_id[d.code] = id;
  }
  // New communes first decide which old communes continue.
  std::map<std::string, std::string> continuing_communes;  // old code → new province code
  for (size_t i = 0; i < data.commune_merges.size(); ++i) {
    const Merge& m = data.commune_merges[i];
    const auto& p = m.parts;
    if (p.size() == 1 && p[0].full && p[0].old_code == m.new_code && successors[m.new_code] == 1) {
      continuing_communes[m.new_code] = data.new_communes[i].parent_code;
    }
  }
  std::map<std::string, std::string> old_commune_district, old_commune_name;
  for (const Unit& c : data.old_communes) {
    old_commune_district[c.code] = c.parent_code;
    old_commune_name[c.code] = c.name;
  }
  for (auto it = continuing_communes.begin(); it != continuing_communes.end();) {
    // Same code but another name (a xã that became a phường) is a new unit.
    if (old_commune_name[it->first] != new_commune_name[it->first]) {
      it = continuing_communes.erase(it);
    } else {
      ++it;
    }
  }
  for (const Unit& c : data.old_communes) {
    auto cont = continuing_communes.find(c.code);
    const std::string to = cont != continuing_communes.end() ? kOpenEndIso : kLastOldDay;
    auto kind = CommuneKind(c.name);
    if (!kind.ok()) return kind.status();
    const int64_t id = b.AddOrganization(*kind, kOpenStartIso, to);
    if (cont != continuing_communes.end()) {
      b.AddVersion(id, kOpenStartIso, kLastOldDay, c.name, district_id[c.parent_code]);
      b.AddVersion(id, kFirstNewDay, kOpenEndIso, c.name, province_id_new[cont->second]);
      commune_id_new[c.code] = id;
    } else {
      b.AddVersion(id, kOpenStartIso, kLastOldDay, c.name, district_id[c.parent_code]);
    }
    b.AddCode(id, c.code, kOpenStartIso, to);
    commune_id_old[c.code] = id;
  }
  for (const Unit& c : data.new_communes) {
    if (continuing_communes.count(c.code)) continue;
    auto kind = CommuneKind(c.name);
    if (!kind.ok()) return kind.status();
    const int64_t id = b.AddOrganization(*kind, kFirstNewDay, kOpenEndIso);
    b.AddVersion(id, kFirstNewDay, kOpenEndIso, c.name, province_id_new[c.parent_code]);
    b.AddCode(id, c.code, kFirstNewDay, kOpenEndIso);
    commune_id_new[c.code] = id;
  }
  // Merge events of communes; districts without communes merged straight into a special zone.
  std::set<std::string> merged_districts;
  std::map<std::string, std::set<int64_t>> district_successors;
  for (const Merge& m : data.commune_merges) {
    const int64_t succ = commune_id_new[m.new_code];
    if (continuing_communes.count(m.new_code)) {
      const int64_t event = b.AddEvent(v1::MOVE, kCommuneBasis,
                                       "Đơn vị giữ nguyên, trực thuộc tỉnh khi kết thúc cấp huyện");
      b.AddParticipant(event, succ, "subject", v1::LINEAGE_SHARE_UNSPECIFIED);
      b.AddParticipant(event, province_id_new[continuing_communes[m.new_code]], "new_parent",
                       v1::LINEAGE_SHARE_UNSPECIFIED);
      district_successors[old_commune_district[m.new_code]].insert(succ);
      continue;
    }
    const int64_t event = b.AddEvent(v1::MERGE, kCommuneBasis, "Sắp xếp đơn vị hành chính cấp xã");
    b.AddParticipant(event, succ, "created", v1::LINEAGE_SHARE_UNSPECIFIED);
    for (const auto& part : m.parts) {
      const auto share = part.full ? v1::FULL : v1::PARTIAL;
      const bool is_district = part.old_code.size() == 3;
      const int64_t pred = is_district ? district_id[part.old_code] : commune_id_old[part.old_code];
      if (is_district)
        merged_districts.insert(part.old_code);
      else
        district_successors[old_commune_district[part.old_code]].insert(succ);
      b.AddParticipant(event, pred, "predecessor", share);
      b.AddLineage(pred, succ, share, event);
    }
  }
  // Every other district ends; its territory and duties passed to its communes' successors.
  for (const Unit& d : data.old_districts) {
    if (merged_districts.count(d.code)) continue;
    const int64_t id = district_id[d.code];
    const int64_t event = b.AddEvent(v1::DISSOLVE, kDistrictBasis,
                                     "Kết thúc hoạt động của đơn vị hành chính cấp huyện");
    b.AddParticipant(event, id, "subject", v1::LINEAGE_SHARE_UNSPECIFIED);
    for (int64_t succ : district_successors[d.code]) b.AddLineage(id, succ, v1::PARTIAL, event);
  }
  // Earlier names, latest first: each rename splits the version that bears its new name.
  std::vector<const Rename*> latest_first;
  for (const Rename& r : data.renames) latest_first.push_back(&r);
  std::stable_sort(latest_first.begin(), latest_first.end(),
                   [](const Rename* a, const Rename* b) { return a->effective > b->effective; });
  for (const Rename* r : latest_first) {
    const auto& ids = r->code.size() == 2   ? province_id_old
                      : r->code.size() == 3 ? district_id
                                            : commune_id_old;
    auto id = ids.find(r->code);
    if (id == ids.end()) {
      return absl::DataLossError(absl::StrCat("admin-units-2025: no old unit has code ", r->code));
    }
    if (absl::Status s = b.AddEarlierName(id->second, *r); !s.ok()) return s;
    const int64_t event =
        b.AddEvent(v1::RENAME, r->legal_basis, RenameNote(*r), ToIso(r->effective));
    b.AddParticipant(event, id->second, "subject", v1::LINEAGE_SHARE_UNSPECIFIED);
  }
  return absl::OkStatus();
}

// Files neither these nor an earlier version this registry shipped: nobody can say what their
// import wrote, so nobody can say what to correct.
absl::Status UnknownFiles(const std::string& stored, const std::string& current) {
  std::vector<std::string> known;
  for (const EarlierVersion& v : EarlierVersions()) {
    known.push_back(std::string(v.checksum.substr(0, 12)));
  }
  return Error(absl::StatusCode::kFailedPrecondition, "REFERENCE_DATA_UNKNOWN",
               absl::StrCat("admin-units-2025 was imported from different files (checksum ",
                            stored.substr(0, 12), "), neither these (", current.substr(0, 12),
                            ") nor an earlier version this registry can upgrade (",
                            absl::StrJoin(known, ", "), "); refusing to import or upgrade"),
               absl::StrCat("admin-units-2025 đã được nhập từ bộ tệp khác (mã kiểm tra ",
                            stored.substr(0, 12), "), không phải bộ tệp này (",
                            current.substr(0, 12), ") hay một phiên bản trước có thể nâng cấp (",
                            absl::StrJoin(known, ", "), "); từ chối nhập hoặc nâng cấp"));
}

int64_t Scalar(db::Connection& conn, const std::string& sql) {
  std::unique_ptr<sql::ResultSet> rs(conn.Prepare(sql).executeQuery());
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace

absl::StatusOr<std::map<Kind, int>> KindsInForce(const AdminUnits& data,
                                                 const std::string& iso_date) {
  Builder builder(/*next_id=*/2, /*next_event=*/1, /*nation=*/1);
  if (absl::Status s = Build(data, builder); !s.ok()) return s;
  std::map<Kind, int> counts;
  for (const Row& org : builder.t.organizations) {
    // Columns as inserted: id, kind, short_name, area_id, valid_from, valid_to (ISO dates).
    const auto& from = std::get<std::string>(org[4]);
    const auto& to = std::get<std::string>(org[5]);
    if (from <= iso_date && iso_date <= to) ++counts[static_cast<Kind>(std::get<int64_t>(org[1]))];
  }
  return counts;
}

absl::StatusOr<ImportedUnit> ImportedOldUnit(const AdminUnits& data, const std::string& code) {
  Builder builder(/*next_id=*/2, /*next_event=*/1, /*nation=*/1);
  if (absl::Status s = Build(data, builder); !s.ok()) return s;
  const Tables& t = builder.t;
  // The holder of the code on the old units' last day. Columns as inserted: organization_id,
  // scheme, value, valid_from, valid_to.
  int64_t id = 0;
  for (const Row& c : t.codes) {
    if (std::get<std::string>(c[2]) == code && std::get<std::string>(c[3]) <= kLastOldDay &&
        kLastOldDay <= std::get<std::string>(c[4])) {
      id = std::get<int64_t>(c[0]);
    }
  }
  if (id == 0) return absl::NotFoundError(absl::StrCat("no old unit has code ", code));
  ImportedUnit unit;
  for (const Row& v : t.versions) {
    if (std::get<int64_t>(v[0]) != id) continue;
    unit.versions.push_back(
        {{*ParseIso(std::get<std::string>(v[1])), *ParseIso(std::get<std::string>(v[2]))},
         std::get<std::string>(v[3]),
         std::get<std::string>(v[4]),
         std::get<int64_t>(v[5])});
  }
  std::sort(unit.versions.begin(), unit.versions.end(),
            [](const Version& a, const Version& b) { return a.period.from < b.period.from; });
  // Participants: event_id, organization_id, role, share; events: id, type, effective_date,
  // legal_basis, note, recorded_by.
  for (const Row& p : t.participants) {
    if (std::get<int64_t>(p[1]) != id) continue;
    for (const Row& e : t.events) {
      if (std::get<int64_t>(e[0]) != std::get<int64_t>(p[0])) continue;
      unit.events.push_back({static_cast<v1::EventType>(std::get<int64_t>(e[1])),
                             *ParseIso(std::get<std::string>(e[2])), std::get<std::string>(e[3]),
                             std::get<std::string>(e[4]), std::get<std::string>(p[2])});
    }
  }
  return unit;
}

absl::StatusOr<std::vector<PlannedUnit>> PlannedUnits(const AdminUnits& data) {
  constexpr int64_t kNation = 1;
  Builder builder(/*next_id=*/kNation + 1, /*next_event=*/1, kNation);
  if (absl::Status s = Build(data, builder); !s.ok()) return s;
  const Tables& t = builder.t;
  // Rows as inserted (ISO dates): organizations id, kind, short_name, area_id, from, to; codes
  // organization_id, scheme, value, from, to (one per unit); versions organization_id, from, to,
  // display_name, search_name, parent_id.
  std::map<int64_t, size_t> index;
  std::vector<PlannedUnit> units(t.organizations.size());
  for (size_t i = 0; i < t.organizations.size(); ++i) {
    index[std::get<int64_t>(t.organizations[i][0])] = i;
    units[i].kind = static_cast<Kind>(std::get<int64_t>(t.organizations[i][1]));
  }
  for (const Row& c : t.codes) {
    units[index.at(std::get<int64_t>(c[0]))].key = {
        std::get<std::string>(c[2]), std::get<std::string>(c[3]), std::get<std::string>(c[4])};
  }
  for (const Row& v : t.versions) {
    const int64_t parent = std::get<int64_t>(v[5]);
    units[index.at(std::get<int64_t>(v[0]))].versions.push_back(
        {std::get<std::string>(v[1]), std::get<std::string>(v[2]), std::get<std::string>(v[3]),
         parent == kNation ? std::nullopt : std::optional(units[index.at(parent)].key)});
  }
  for (PlannedUnit& u : units) {
    std::sort(u.versions.begin(), u.versions.end(),
              [](const PlannedVersion& a, const PlannedVersion& b) {
                return a.valid_from < b.valid_from;
              });
  }
  return units;
}

absl::StatusOr<ImportSummary> ImportAdminUnits(db::Pool& pool, const AdminUnits& data) {
  const absl::Time start = absl::Now();
  ImportSummary summary;
  absl::Status status =
      pool.Transact(absl::Now() + absl::Minutes(5), [&](db::Connection& conn) -> absl::Status {
        summary = {};
        auto& check =
            conn.Prepare("SELECT checksum FROM reference_imports WHERE dataset = ? FOR UPDATE");
        check.setString(1, kDataset);
        std::unique_ptr<sql::ResultSet> done(check.executeQuery());
        if (done->next()) {
          const std::string stored(done->getString(1));
          done.reset();
          summary.already_imported = true;
          if (stored == data.checksum) return absl::OkStatus();
          const EarlierVersion* earlier = FindEarlierVersion(stored);
          if (earlier == nullptr) return UnknownFiles(stored, data.checksum);
          auto upgraded = UpgradeAdminUnits(conn, data, *earlier);
          if (!upgraded.ok()) return upgraded.status();
          summary.upgraded = *std::move(upgraded);
          return absl::OkStatus();
        }
        int64_t nation =
            Scalar(conn, "SELECT COALESCE(MIN(id), 0) FROM organizations WHERE kind = 1");
        // Explicit ids let one pass build every row with its references; the locking read of the
        // maximum keeps concurrent creates from taking the same ids.
        int64_t next_id =
            Scalar(conn, "SELECT COALESCE(MAX(id), 0) + 1 FROM organizations FOR UPDATE");
        const int64_t next_event =
            Scalar(conn, "SELECT COALESCE(MAX(id), 0) + 1 FROM organization_events FOR UPDATE");
        Builder builder(next_id + (nation == 0 ? 1 : 0), next_event,
                        nation == 0 ? next_id : nation);
        if (nation == 0) {
          nation = next_id;
          builder.t.organizations.push_back({nation, int64_t{v1::NATION}, std::string("Việt Nam"),
                                             nation, kOpenStartIso, kOpenEndIso});
          builder.AddVersion(nation, kOpenStartIso, kOpenEndIso,
                             "Cộng hòa xã hội chủ nghĩa Việt Nam", 0);
          ++builder.organizations;
        }
        if (absl::Status s = Build(data, builder); !s.ok()) return s;
        const Tables& t = builder.t;
        BulkInsert(conn, "organizations",
                   {"id", "kind", "short_name", "area_id", "valid_from", "valid_to"},
                   t.organizations);
        BulkInsert(conn, "organization_versions",
                   {"organization_id", "valid_from", "valid_to", "display_name", "search_name",
                    "parent_id"},
                   t.versions);
        BulkInsert(conn, "organization_codes",
                   {"organization_id", "scheme", "value", "valid_from", "valid_to"}, t.codes);
        BulkInsert(conn, "organization_events",
                   {"id", "type", "effective_date", "legal_basis", "note", "recorded_by"},
                   t.events);
        BulkInsert(conn, "organization_event_participants",
                   {"event_id", "organization_id", "role", "share"}, t.participants);
        BulkInsert(conn, "organization_lineage",
                   {"predecessor_id", "successor_id", "share", "event_id", "effective_date"},
                   t.lineage);
        // Replicas reload everything instead of following thousands of single changes.
        conn.Execute("INSERT INTO changes (entity, entity_id) VALUES ('reload', 0)");
        summary.organizations = builder.organizations;
        summary.events = static_cast<int>(t.events.size());
        summary.lineage_edges = static_cast<int>(t.lineage.size());
        auto& record = conn.Prepare(
            "INSERT INTO reference_imports (dataset, checksum, summary) VALUES (?, ?, ?)");
        record.setString(1, kDataset);
        record.setString(2, data.checksum);
        record.setString(3, absl::StrCat(summary.organizations, " organisations, ", summary.events,
                                         " events, ", summary.lineage_edges, " lineage edges"));
        record.executeUpdate();
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  summary.took = absl::Now() - start;
  return summary;
}

}  // namespace thidua::registry::importer
