#!/usr/bin/env bash
# Regenerates the committed CRD YAML (helm/sluice/crds/ and crds/sluice-crds.yaml) from the
# Java model in crds/. Run it after changing the API; CrdDriftTest fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl crds test-compile exec:java \
  -Dexec.mainClass=dev.sluice.api.crd.CrdRenderer \
  -Dexec.classpathScope=test \
  -Dexec.args="$PWD"
