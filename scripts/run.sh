#!/usr/bin/env bash
# The main job: set up, build the demo project (synthetic data with planted patterns),
# print its statistics headless, and open the workbench on it when a screen is available.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
project=${KNOOPPUNT_PROJECT:-demo/demo.knp}
mkdir -p "$(dirname "$project")"
if [ ! -f "$project" ]; then
  .venv/bin/knooppunt demo --size "${DEMO_SIZE:-20000}" --project "$project"
else
  .venv/bin/knooppunt stats --project "$project"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && .venv/bin/knooppunt --help | grep -q "^  gui"; then
  exec .venv/bin/knooppunt gui --project "$project"
fi
