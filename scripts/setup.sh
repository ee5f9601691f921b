#!/usr/bin/env bash
# Everything a fresh machine needs, idempotent: system packages (when root), a virtualenv
# with Knooppunt and its dev tools, and the Cypher linter's npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages (Debian): listed one per line in scripts/apt-packages.txt.
if [ -f scripts/apt-packages.txt ] && command -v dpkg >/dev/null 2>&1; then
  missing=()
  while read -r pkg; do
    [ -z "$pkg" ] || [[ "$pkg" == \#* ]] && continue
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < scripts/apt-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing system packages: ${missing[*]}" >&2
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: missing system packages (install as root): ${missing[*]}" >&2
    fi
  fi
fi

# Python virtualenv; reinstalled only when pyproject.toml changed.
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.knooppunt-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  echo "$want" > "$stamp"
fi

# Interface translations: compile views/i18n/knooppunt_nl.qm from the .ts (pyside6-lrelease).
.venv/bin/python -m views.i18n_tools release

# Node packages for the Cypher linter test (tools/cypher-lint), when the folder exists.
if [ -f tools/cypher-lint/package-lock.json ] && command -v npm >/dev/null 2>&1; then
  if [ ! -d tools/cypher-lint/node_modules ]; then
    npm ci --prefix tools/cypher-lint --silent --no-audit --no-fund >/dev/null
  fi
fi

# The project's own modules compiled once: a Python started with PYTHONDONTWRITEBYTECODE (set on some machines,
# CI among them) still reads bytecode that exists, and without it every process -- each CLI command, an import's
# mapping child -- compiles what it imports again (~0.24 s at a KvK import child's start).
.venv/bin/python -m compileall -q -j 0 graph importers views workbench bench tools >/dev/null
