# Shared by scripts/run and scripts/test: install what is missing, configure and build.
# Sourced, not executed. Idempotent: a second run installs nothing and rebuilds only what changed.

GLEANER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build needs.
GLEANER_BUILD_PACKAGES=(
  build-essential cmake pkg-config ninja-build
  libboost-dev libboost-system-dev libcurl4-openssl-dev libgumbo-dev libspdlog-dev libfmt-dev
  libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libsystemd-dev libxml2-dev
  libuchardet-dev libre2-dev libcld2-dev zlib1g-dev libssl-dev libgtest-dev libgmock-dev libcli11-dev
  libpsl-dev libbrotli-dev libzstd-dev libxxhash-dev libicu-dev
)
# What running the demo needs besides the build: sqlite3 to query the articles it stores (README).
GLEANER_RUN_PACKAGES=(sqlite3)
# What only the tests use: a real PostgreSQL server, clang for the fuzz target, python3 for checking
# e-mails and scores and for reading WARC files independently (python3-jsonschema checks outputs
# against extract/article.schema.json), wget for WARC files another tool wrote, the headless browser
# (the renderer drives it; the dashboard is tested in it), groff to check the manual page.
GLEANER_TEST_PACKAGES=(postgresql-15 clang libclang-rt-14-dev python3 python3-jsonschema wget
  chromium-headless-shell groff-base)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# install_packages PKG... — installs only those not already installed.
install_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "gleaner: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_tree DIR [CMAKE_ARGS...] — configure once (Release unless the arguments say otherwise).
configure_tree() {
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S "$GLEANER_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  fi
}

# build_targets DIR [TARGET...] — build the named targets (all when none) with every core.
build_targets() {
  local dir=$1; shift
  local targets=()
  local t
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build "$dir" --parallel "$(nproc)" "${targets[@]}"
}
