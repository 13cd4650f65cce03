#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (PostgreSQL and MariaDB from apt, Azurite from npm) when missing;
# the tests themselves start throwaway servers on loopback and fail if they cannot.
# Ends with one line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL (apt)..."
  sudo_if_needed apt-get update -qq && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "Installing MariaDB (apt)..."
  sudo_if_needed apt-get update -qq && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
fi
if [ -f tests/tools/azurite/package.json ] && [ ! -x tests/tools/azurite/node_modules/.bin/azurite-blob ]; then
  echo "Installing Azurite (npm)..."
  npm ci --prefix tests/tools/azurite --no-audit --no-fund --loglevel=error
fi

results="$(mktemp -d)"
dotnet build DurableIngest.sln -c Release -nologo -clp:ErrorsOnly
build=$?
if [ $build -ne 0 ]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
dotnet test DurableIngest.sln -c Release --no-build --logger "trx" --results-directory "$results" -nologo
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
