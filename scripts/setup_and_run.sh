#!/usr/bin/env bash
# Set up .venv/ in the repository, obtain and verify the offline model, run the notebook suite on
# the seed article. Idempotent: a second run reuses the venv, pip's wheel cache and the model cache.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} .venv/bin/python -m pip install -q -r requirements.txt
.venv/bin/python -m analysis models fetch
.venv/bin/python -m analysis figures
