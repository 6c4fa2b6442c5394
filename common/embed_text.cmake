# Writes OUT: a C++ source defining `std::string_view NS::FN()` that returns the text of FILE byte
# for byte (a raw string literal), so a binary carries its reference data with it.
file(READ "${FILE}" text)
set(body "#include <string_view>\nnamespace ${NS} {\nstd::string_view ${FN}() {\n  return R\"thidua_text(${text})thidua_text\";\n}\n}  // namespace ${NS}\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
