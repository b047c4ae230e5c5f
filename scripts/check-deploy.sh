#!/usr/bin/env bash
# Bundles the backend with the Forge CLI's own bundler and TypeScript (5.9, not the project's),
# offline, and checks that every handler manifest.yml names is exported: what `forge deploy` does
# before it uploads. The bundler lives in the workplace's shared tools beside this project
# (../shared/tools/forge-bundle-check); it installs @forge/cli once into ~/.cache/forge-cli.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=../shared/tools/forge-bundle-check
if [ ! -f "$tool" ]; then
  echo "check:deploy needs $tool (the Forge CLI bundler check); without it, 'forge deploy' itself" >&2
  echo "runs the same bundler before uploading (docs/deploy.md)." >&2
  exit 2
fi
out=$(bash "$tool" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
case "$out" in *"forge bundle: ok"*) ;; *) exit 1 ;; esac
