#!/usr/bin/env bash
# Renders this repository's template with the real Databricks CLI and with bricksmith for every
# example configuration in tests/configs/, and fails unless the two trees are byte-identical
# (file contents and permission bits). Needs `databricks` and `bricksmith` on PATH.
#
# `bundle init` always authenticates first; a syntactically valid host and token are enough
# because the template does not call the workspace API. The bundle UUID is random per run, so
# the CLI's is read back and handed to bricksmith.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DATABRICKS_HOST=${DATABRICKS_HOST:-https://example.cloud.databricks.com}
export DATABRICKS_TOKEN=${DATABRICKS_TOKEN:-dapi-not-a-real-token}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
databricks --version
status=0
for config in "$root"/tests/configs/*.json; do
  name=$(basename "$config" .json)
  cli="$work/$name/cli"; ours="$work/$name/bricksmith"
  mkdir -p "$cli" "$ours"
  databricks bundle init "$root" --config-file "$config" --output-dir "$cli" 2>"$work/$name.cli.err" \
    || { echo "databricks bundle init failed for $name:"; cat "$work/$name.cli.err"; status=1; continue; }
  uuid=$(grep -rhoE '^  uuid: [0-9a-f-]{36}' "$cli" | head -n1 | awk '{print $2}')
  bricksmith init "$root" --config-file "$config" --output-dir "$ours" \
    --workspace-host "$DATABRICKS_HOST" ${uuid:+--bundle-uuid "$uuid"} 2>"$work/$name.ours.err" \
    || { echo "bricksmith init failed for $name:"; cat "$work/$name.ours.err"; status=1; continue; }
  if ! diff -r "$cli" "$ours"; then
    echo "FAIL $name: file trees differ"; status=1; continue
  fi
  if ! diff <(cd "$cli" && find . -printf '%p %m\n' | sort) <(cd "$ours" && find . -printf '%p %m\n' | sort); then
    echo "FAIL $name: permissions or empty directories differ"; status=1; continue
  fi
  if ! diff "$work/$name.cli.err" "$work/$name.ours.err"; then
    echo "FAIL $name: messages on stderr differ"; status=1; continue
  fi
  echo "ok   $name"
done
exit $status
