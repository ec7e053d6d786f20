// fixtures.h — reading the documents in tests/sources/fixtures (path given by CMake).
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace gleaner::sources::testing {

inline std::string read_fixture(const std::string& name) {
  const std::string path = std::string(GLEANER_SOURCES_FIXTURES) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace gleaner::sources::testing
