# Writes OUT: a C++ source defining `std::vector<thidua::db::Migration> NS::Migrations()` from the
# SQL FILES (separated by |, which the VERBATIM rule quotes for the shell), each named
# <version>_<name>.sql. Raw strings keep the SQL byte for byte, so its checksum is the file's.
set(body "#include \"common/db/migration.h\"\nnamespace ${NS} {\nstd::vector<thidua::db::Migration> Migrations() {\n  return {\n")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f ${FILES})
  get_filename_component(base "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${base}")
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${version}")  # no octal literals
  file(READ "${f}" sql)
  string(APPEND body "    {${version}, \"${base}\", R\"thidua_sql(${sql})thidua_sql\"},\n")
endforeach()
string(APPEND body "  };\n}\n}  // namespace ${NS}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
