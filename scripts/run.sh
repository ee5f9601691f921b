#!/usr/bin/env bash
# The main job: set up, build the demo project (synthetic data with planted patterns),
# show its statistics and what the analyses find in it (headless), then open the
# workbench on it when a screen is available.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export KNOOPPUNT_PROJECT=${KNOOPPUNT_PROJECT:-demo/demo.knp}
kp=.venv/bin/knooppunt
mkdir -p "$(dirname "$KNOOPPUNT_PROJECT")"
if [ ! -f "$KNOOPPUNT_PROJECT" ]; then
  $kp demo --size "${DEMO_SIZE:-20000}"
else
  $kp stats
fi
echo; echo "== Addresses with the most registrations"; $kp analyse addresses --top 5
echo; echo "== Directors of the most companies";        $kp analyse directors --top 5
echo; echo "== Red flags, with their evidence";         $kp analyse flags --top 10
echo; echo "== VIK: alerts (attenderingen)";            $kp alerts
echo; echo "== VIK: actions past their deadline";       $kp action list --overdue
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec $kp gui
fi
echo; echo "No screen: the workbench opens with '$kp gui --project $KNOOPPUNT_PROJECT' where one is available."
