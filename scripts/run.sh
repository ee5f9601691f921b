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
# Headings in the interface language, like the tables under them (Dutch unless KNOOPPUNT_LANG=en)
if [ "${KNOOPPUNT_LANG:-nl}" = en ]; then
  h1="Addresses with the most registrations"; h2="Directors of the most companies"
  h3="Red flags, with their evidence"; h4="VIK: alerts"; h5="VIK: actions past their deadline"
  no_screen="No screen: the workbench opens with '$kp gui --project $KNOOPPUNT_PROJECT' where one is available."
else
  h1="Adressen met de meeste inschrijvingen"; h2="Bestuurders van de meeste ondernemingen"
  h3="Signalen (red flags), met hun bewijs"; h4="VIK: attenderingen"; h5="VIK: acties over hun termijn"
  no_screen="Geen scherm: de werkbank opent met '$kp gui --project $KNOOPPUNT_PROJECT' waar er een is."
fi
echo; echo "== $h1"; $kp analyse addresses --top 5
echo; echo "== $h2"; $kp analyse directors --top 5
echo; echo "== $h3"; $kp analyse flags --top 10
echo; echo "== $h4"; $kp alerts
echo; echo "== $h5"; $kp action list --overdue
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec $kp gui
fi
echo; echo "$no_screen"
