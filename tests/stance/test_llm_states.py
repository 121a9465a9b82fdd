"""analysis.stance.backends.llm_states on the real pinned LLM (skipped when it is not fetched):
the answer state is deterministic and independent of what was read before, a long statement is
split into windows (never truncated), and cached vectors skip the model."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.stance.backends import llm_states
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels
from tests.support import fetched_llm_file

LLM_FILE = fetched_llm_file()  # before any test's private cache moves the cache root
pytestmark = [pytest.mark.real_model, pytest.mark.slow,
              pytest.mark.skipif(LLM_FILE is None, reason="the LLM is not fetched (python -m analysis models fetch)")]

TARGET = "the blocking of WhatsApp in Russia"
LABELS = resolve_labels(DEFAULT_LABELS, TARGET)
TEXTS = ["defended its decision to restrict WhatsApp access across Russia",
         "accused the Kremlin of attempting to force users onto a state-owned surveillance app"]


@pytest.fixture(scope="module")
def small():
    """The LLM with a small window, so that a long statement needs several."""
    return llm_states.LLMStates(n_ctx=1024)


def test_states_are_deterministic_and_do_not_depend_on_the_order(small):
    forward, windows = small.states(TEXTS, TARGET, LABELS)
    backward, _ = small.states(TEXTS[::-1], TARGET, LABELS)
    assert forward.shape == (2, small.llm.n_embd()) and list(windows) == [1, 1]
    assert np.array_equal(forward, backward[::-1])
    assert not np.allclose(forward[0], forward[1])


def test_a_long_statement_is_read_in_windows_not_truncated(small):
    long = " ".join([TEXTS[0]] * 120)  # about 1,200 tokens: more than the window leaves
    vec, windows = small.states([long], TARGET, LABELS)
    assert windows[0] >= 2 and np.isfinite(vec).all()


def test_cached_states_skip_the_model(private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_LLM_MODEL", str(LLM_FILE))  # the private cache has no models
    first = llm_states.answer_states(TEXTS[:1], TARGET, LABELS)
    monkeypatch.setattr(llm_states, "_model", lambda *a: pytest.fail("the model ran for a cached text"))
    again = llm_states.answer_states(TEXTS[:1], TARGET, LABELS)
    assert np.array_equal(first, again)
    assert llm_states.LLMStates.identity()["states"] == llm_states.STATES_VERSION
