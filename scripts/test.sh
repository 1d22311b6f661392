#!/usr/bin/env bash
# Runs the tests. Without --all, the fast tier (minutes): unit, interop (against the official twilio npm package),
# integration (a real Azurite, and the handler over HTTP on 127.0.0.1: in the test process, or as its own process where
# that is what is tested), hostile input, the infra templates, and the dashboard and the admin console in headless
# Chromium. With --all (what CI runs), also the tests marked [Trait("Tier", "all")]: the deploy package and the Native
# AOT build, published and run, the reliability scenarios (CI size) and the authentication flood. Installs the npm
# tools, Chromium and, for --all, clang and zlib (for the Native AOT publish) when missing.
# Usage: bash scripts/test.sh [--all] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Unit]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all=false
filter=""
passed_on=()
while (($#)); do
  case $1 in
    --all) all=true ;;
    --filter) filter=${2:?--filter needs a value}; shift ;;
    --filter=*) filter=${1#--filter=} ;;
    *) passed_on+=("$1") ;;
  esac
  shift
done

# The fast tier leaves out the tests marked Tier=all; a filter given here narrows either tier.
if [[ $all == false ]]; then
  filter="Tier!=all${filter:+&($filter)}"
fi

command -v node >/dev/null || { echo "test.sh: Node 20+ is required (node not found)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "test.sh: .NET SDK 10 is required (dotnet not found)" >&2; exit 1; }

# npm writes node_modules/.package-lock.json on install; older than the lockfile means stale.
if [[ ! -f node_modules/.package-lock.json || node_modules/.package-lock.json -ot package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

# The browser tests (the dashboard and the admin console, in both tiers) drive Debian's Chromium; install it when
# missing and we may (root with apt-get).
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing chromium (for the browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: the browser test needs Chromium at $chromium: install Debian's chromium package or set CHROMIUM_PATH" >&2
  fi
fi

# The Native AOT publish test (--all only) links with clang and zlib; install them when missing and we may.
# (grep reads all of compgen's list: with -q it could stop early, and pipefail would count compgen's broken pipe.)
clang=$(compgen -c | grep -E '^clang(-[0-9]+)?$' || true)
if [[ $all == true ]] && { [[ -z $clang ]] || ! { [[ -e /usr/include/zlib.h ]] || dpkg -s zlib1g-dev >/dev/null 2>&1; }; }; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing clang and zlib1g-dev (for the Native AOT publish test)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  else
    echo "test.sh: the Native AOT test needs clang and zlib headers: install Debian's clang and zlib1g-dev" >&2
  fi
fi

# The fast tier builds only what its tests run, without the code analyzers (half its build time); --all builds the
# whole solution, the benchmarks with it, with every analyzer as errors, as CI does and as `dotnet build` does.
target=tests/Ivr.Tests/Ivr.Tests.csproj build=(-p:RunAnalyzers=false)
[[ $all == true ]] && target=Ivr.sln build=()

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test "$target" "${build[@]}" --nologo --results-directory "$results" --logger "trx;LogFileName=results.trx" \
  ${filter:+--filter "$filter"} "${passed_on[@]}" || status=$?

echo "test.sh: $([[ $all == true ]] && echo "all tests" || echo "fast tier (--all for every test)") in $((SECONDS / 60)) min $((SECONDS % 60)) s"
# One plain summary line, whatever the runner printed above it.
if [[ -f $results/results.trx ]]; then
  counters=$(grep -o '<Counters [^>]*>' "$results/results.trx" | head -n 1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "${passed:-0} passed, ${failed:-0} failed"
fi
exit "$status"
