#!/usr/bin/env bash
# Refreshes the vendored vega and vega-lite bundles in operator/src/main/resources/vega-bundles/
# and their pinned SHA-256 sums. A maintainer runs it by hand (needs npm); the build never does.
#
#   scripts/update-vega-bundles.sh                 # the versions below
#   VEGA6=6.2.1 scripts/update-vega-bundles.sh     # another release of one major
#
# After running: update the versions in VegaLibraries.java, run `mvn -B verify`, and say in the
# commit which Kibana releases bundle the new versions.
set -euo pipefail

VEGA5=${VEGA5:-5.33.0}
VEGALITE5=${VEGALITE5:-5.23.0}
VEGA6=${VEGA6:-6.2.0}
VEGALITE6=${VEGALITE6:-6.4.1}

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/operator/src/main/resources/vega-bundles"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# npm pack fetches the published package from the registry npm is configured with.
(cd "$work" && npm pack --silent "vega@$VEGA5" "vega-lite@$VEGALITE5" "vega@$VEGA6" \
  "vega-lite@$VEGALITE6" >/dev/null)

rm -f "$out"/*.min.js "$out"/*.LICENSE "$out"/SHA256SUMS
mkdir -p "$out"
unpack() { # package version bundle-name
  local dir="$work/$1-$2"
  mkdir -p "$dir"
  tar -xzf "$work/$1-$2.tgz" -C "$dir" package/build/"$3" package/LICENSE
  cp "$dir/package/build/$3" "$out/$1-$2.min.js"
  cp "$dir/package/LICENSE" "$out/$1-$2.LICENSE"
}
unpack vega "$VEGA5" vega.min.js
unpack vega-lite "$VEGALITE5" vega-lite.min.js
unpack vega "$VEGA6" vega.min.js
unpack vega-lite "$VEGALITE6" vega-lite.min.js

(cd "$out" && sha256sum -- *.min.js >SHA256SUMS)
cat "$out/SHA256SUMS"
