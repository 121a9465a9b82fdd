#!/usr/bin/env bash
# Set up .venv/ in the repository, obtain and verify the offline model, run the notebook suite on
# the seed article. Idempotent: a second run reuses the venv, the llama.cpp wheel and the models,
# all cached outside the clone (~/.cache/news-stance-analysis, or $ANALYSIS_CACHE_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
CACHE=${ANALYSIS_CACHE_DIR:-$HOME/.cache/news-stance-analysis}
LLAMA_VERSION=0.3.36
WHEELS="$CACHE/wheels"

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip

# llama-cpp-python compiles llama.cpp. Its default build uses -march=native, which on CPUs that
# advertise AMX emits tile instructions that die with SIGILL ("Illegal instruction") here, and
# pip's wheel cache would hand that build back on every later install. So build a portable
# AVX2 wheel once, keep it in our cache, and install that.
if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
  echo "Building llama-cpp-python $LLAMA_VERSION (portable AVX2, ~8-10 minutes on 2 cores)..." >&2
  mkdir -p "$WHEELS"
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} \
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" \
    .venv/bin/python -m pip wheel -q --no-deps --no-cache-dir --no-binary llama-cpp-python \
      -w "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
fi
.venv/bin/python -m pip install -q --no-deps --force-reinstall "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl
.venv/bin/python -m pip install -q -r requirements.txt
# The package itself, editable, with its console script `news-stance` (dependencies pinned above).
.venv/bin/python -m pip install -q --no-deps -e .
# The LLM, all-mpnet-base-v2 (English story grouping) and EmbeddingGemma-300M, the sentence encoder of
# few-shot stance and frames in every language (1.15 GB, Gemma Terms of Use:
# https://ai.google.dev/gemma/terms). ANALYSIS_SKIP_MULTILINGUAL=1 skips EmbeddingGemma: the seed is
# then scored on all-mpnet-base-v2 (its figures differ from the committed ones, and their captions
# say so), and Russian articles stop with the command that fetches it.
if [ "${ANALYSIS_SKIP_MULTILINGUAL:-0}" = "1" ]; then
  .venv/bin/python -m analysis models fetch
  echo "ANALYSIS_SKIP_MULTILINGUAL=1: scoring the seed on all-mpnet-base-v2, not the default EmbeddingGemma" >&2
  .venv/bin/python -m analysis figures --model all-mpnet-base-v2
else
  .venv/bin/python -m analysis models fetch --multilingual
  .venv/bin/python -m analysis figures
fi
