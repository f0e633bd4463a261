#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the document checkers the
# tests use (LibreOffice for PDF conversion, openxml-audit for Open XML schema
# validation) when they are missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
    echo "tests/run.sh: installing LibreOffice (headless) and poppler..." >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        libreoffice-writer-nogui poppler-utils fonts-liberation2 fonts-crosextra-carlito >/dev/null
fi

VENV=target/tools-venv
if [ ! -x "$VENV/bin/openxml-audit" ]; then
    echo "tests/run.sh: installing openxml-audit into $VENV..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r tests/requirements.txt
fi
export PATH="$PWD/$VENV/bin:$PATH"

cargo test --locked "$@"
