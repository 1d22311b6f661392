#!/usr/bin/env bash
# Builds the deploy package: a zip for the Function App whose root holds host.json, one folder per function with its
# function.json, and the self-contained handler in bin/ (executable bit kept, as host.json's defaultExecutablePath).
# Usage: bash scripts/package.sh [--aot] [--output <zip>]
#   default: ReadyToRun (runs on any Functions Linux image); --aot: Native AOT (fastest start; needs glibc 2.34+).
#   output:  artifacts/ivr-functionapp.zip
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

profile=ReadyToRun
output=artifacts/ivr-functionapp.zip
while (($#)); do
  case $1 in
    --aot) profile=NativeAot ;;
    --output) output=${2:?--output needs a path}; shift ;;
    *) echo "package.sh: unknown argument '$1' (use --aot, --output <zip>)" >&2; exit 2 ;;
  esac
  shift
done

# Info-ZIP keeps Unix permissions in the archive; the Functions host can only start an executable handler.
if ! command -v zip >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip >/dev/null
  else
    echo "package.sh: zip is required (Debian: apt-get install zip)" >&2; exit 1
  fi
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

echo "package.sh: publishing the handler ($profile)"
# Its own build folders: a publish running elsewhere in this clone at the same time cannot mix into the package.
dotnet publish functions/Ivr/Ivr.csproj -c Release -p:PublishProfile="$profile" --artifacts-path "$stage/build" -o "$stage/app/bin" --nologo -v q
# Symbols and build-time manifests are not needed to run.
find "$stage/app/bin" \( -name '*.pdb' -o -name '*.dbg' -o -name '*.staticwebassets.endpoints.json' \) -delete
[[ -x $stage/app/bin/Ivr ]] || { echo "package.sh: the publish did not produce an executable bin/Ivr" >&2; exit 1; }

cp host.json "$stage/app/"
for function in functions/triggers/*/; do
  cp -r "$function" "$stage/app/"
done

mkdir -p "$(dirname "$output")"
output=$(cd "$(dirname "$output")" && pwd)/$(basename "$output")
rm -f "$output"
(cd "$stage/app" && zip -q -r -X "$output" .)
echo "package.sh: $output ($(du -h "$output" | cut -f1), $(find "$stage/app" -name function.json | wc -l) functions, $profile)"
