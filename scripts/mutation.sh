#!/usr/bin/env bash
# Mutation testing by group (issue 19 item 4), NOT part of CI: slow (minutes to an hour a group).
#   scripts/mutation.sh [GROUP ...] [--jobs N] [--fresh] [--diff] [--report] [--list] [--recheck TEST ...]
# Groups and how they are run: bench/mutation.py. Survivors explained: docs/mutation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || ./scripts/setup.sh
if ! .venv/bin/python -c "import mutmut" 2>/dev/null; then  # in the dev extra; older venvs lack it
  .venv/bin/python -m pip install -q "mutmut>=3.8,<3.9"
fi
exec .venv/bin/python -m bench.mutation "$@"
