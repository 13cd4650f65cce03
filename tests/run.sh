#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (PostgreSQL, MariaDB and Chromium from apt, Azurite from npm) when missing;
# the tests themselves start throwaway servers on loopback and fail if they cannot.
# The test projects run side by side (the slow end-to-end project beside the rest), each into its own log, each
# bounded: a test that hangs is named and fails (--blame-hang-timeout) instead of holding CI until its deadline.
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
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (apt)..."
  sudo_if_needed apt-get update -qq && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -f tests/tools/azurite/package.json ] && [ ! -x tests/tools/azurite/node_modules/.bin/azurite-blob ]; then
  echo "Installing Azurite (npm)..."
  npm ci --prefix tests/tools/azurite --no-audit --no-fund --loglevel=error
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
dotnet build DurableIngest.sln -c Release -nologo -clp:ErrorsOnly
if [ $? -ne 0 ]; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# One project's tests: its own results folder and log; the whole project bounded by PROJECT_TIMEOUT.
project_timeout="${DURABLE_INGEST_TEST_PROJECT_TIMEOUT:-50m}"
run_project() {
  local project="$1" name
  name="$(basename "$project" .csproj)"
  mkdir -p "$results/$name"
  timeout -k 60 "$project_timeout" dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results/$name" \
    --blame-hang-timeout 12m --blame-hang-dump-type none </dev/null >"$results/$name.log" 2>&1
  echo $? >"$results/$name.status"
}

# The end-to-end project is the long one (real CLI processes, crash and fault tests); the others run one after another
# beside it, so the two cores stay busy without the suites starving each other. The Durable Task worker project (real
# worker processes on a task hub) is the next longest: it goes first in the second lane, so the two long ones overlap.
# Each project starts its own PostgreSQL and Azurite on free loopback ports with their own data folders.
slow="tests/DurableIngest.Cli.Tests/DurableIngest.Cli.Tests.csproj"
second="tests/DurableIngest.DurableTask.Tests/DurableIngest.DurableTask.Tests.csproj"
run_project "$slow" &
slow_pid=$!
for project in "$second" tests/*/*.Tests.csproj; do
  [ "$project" = "$slow" ] && continue
  [ "$project" = "$second" ] && [ -f "$results/$(basename "$second" .csproj).status" ] && continue
  run_project "$project"
done
wait "$slow_pid"

passed=0; failed=0; skipped=0; status=0
for log in "$results"/*.log; do
  name="$(basename "$log" .log)"
  code="$(cat "$results/$name.status" 2>/dev/null || echo 1)"
  # Every test that failed with the first lines of its message and stack, and what the hang detector said.
  awk '/^[[:space:]]+(Passed|Failed|Skipped) [A-Za-z]/ {shown=0} /^[[:space:]]+Failed [A-Za-z]/ {shown=1; left=20}
       shown && left-- > 0 {print; next}
       /Test Run Aborted|test run was aborted|crashed|[Hh]ang dump|[Hh]ang timeout/ {print}' "$log" | sed "s|^|[$name] |"
  # After a hang or a crash, the tests that were running (vstest lists them between these two lines).
  awk '/tests? running when the crash occurred/ {on=1} on {print} /may, or may not be the source/ {on=0}' "$log" | sed "s|^|[$name] |"
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "[$name] stopped after $project_timeout (exit $code); the last lines it printed:"
    tail -n 15 "$log" | sed "s|^|[$name]   |"
  fi
  p=0; f=0; n=0
  for trx in "$results/$name"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$((p + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters" | grep . || echo 0)))
    f=$((f + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters" | grep . || echo 0)))
    n=$((n + $(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters" | grep . || echo 0)))
  done
  if [ "$code" -ne 0 ]; then
    status=1
    [ "$f" -eq 0 ] && f=1
  fi
  echo "[$name] $p passed, $f failed, $n skipped (exit $code)"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + n))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
