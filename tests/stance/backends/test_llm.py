"""analysis.stance.backends.llm with the REAL model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M).

Skipped, with the reason, only when the model file is absent (CI runs
``python -m analysis models fetch`` first). Real sentences from the seed article.
"""
from __future__ import annotations

import numpy as np
import pytest

from analysis.errors import BackendError
from analysis.models.fetching import MODEL_SHA256, ModelNotAvailableError, resolve_model

pytestmark = [pytest.mark.real_model, pytest.mark.slow]

try:
    resolve_model()
except ModelNotAvailableError as e:  # the only reason to skip
    pytest.skip(f"LLM model file absent ({e})", allow_module_level=True)

from analysis.frames.codebook import POLICY_FRAMES, Frame  # noqa: E402
from analysis.stance.backends.llm import LLMBackend, PromptStyle  # noqa: E402
from analysis.stance.base import FrameScorer, StanceScorer  # noqa: E402
from analysis.stance.premises import statement_premise  # noqa: E402
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels  # noqa: E402
from tests.support import SEED_TXT  # noqa: E402

SEED = SEED_TXT
TARGET = "the blocking of WhatsApp in Russia"
LABELS = resolve_labels(DEFAULT_LABELS, TARGET)

# (speaker, actor, content exactly as in the seed, expected stance)
SEED_STATEMENTS = [
    ("Dmitry Peskov", "Kremlin",
     "Regarding the blocking of WhatsApp, indeed, a statement was made by our relevant authorities that, in "
     "connection with the Meta corporation's unwillingness to follow the norm and letter of Russian law, such "
     "a decision was made and implemented", "favor"),
    ("WhatsApp", "WhatsApp",
     'accusing Russian authorities of attempting to "fully block" the platform "in an effort to drive people '
     'to a state-owned surveillance app."', "against"),
    ("Pavel Durov", "Telegram",
     'alleging the state is restricting access "in an attempt to force its people to use its own app for '
     'surveillance and political censorship."', "against"),
]
PREMISES = [statement_premise(c, s, a) for s, a, c, _ in SEED_STATEMENTS]


@pytest.fixture(scope="module")
def backend() -> LLMBackend:
    return LLMBackend()


@pytest.fixture(scope="module")
def seed_result(backend):
    return backend.stance(PREMISES, TARGET, LABELS)


def test_seed_quotes_are_real():
    text = SEED.read_text(encoding="utf-8")
    for _, _, content, _ in SEED_STATEMENTS:
        assert content in text


def test_is_a_scoring_backend(backend):
    assert isinstance(backend, StanceScorer) and isinstance(backend, FrameScorer)
    assert backend.name == "llm"


@pytest.mark.parametrize("i", range(len(SEED_STATEMENTS)), ids=[s[0] for s in SEED_STATEMENTS])
def test_seed_stance(seed_result, i):
    expected = SEED_STATEMENTS[i][3]
    probs = seed_result.probs[i]
    assert ["favor", "against", "neutral"][int(probs.argmax())] == expected, probs


def test_probabilities_are_distributions(seed_result):
    p = seed_result.probs
    assert p.shape == (len(PREMISES), 3)
    assert np.all(p >= 0) and np.allclose(p.sum(axis=1), 1.0, atol=1e-9)
    assert np.all((seed_result.uncertainty >= 0) & (seed_result.uncertainty <= 1))
    assert seed_result.n_windows.tolist() == [1] * len(PREMISES)


def test_deterministic_whatever_came_before(backend, seed_result):
    other = backend.stance(['Roskomnadzor said: "the messenger facilitates terrorist activities and fraud"'],
                           "a four-day work week", resolve_labels(DEFAULT_LABELS, "a four-day work week"))
    assert other.probs.shape == (1, 3)
    again = backend.stance(PREMISES[:0:-1], TARGET, LABELS)  # other order, after another prompt
    np.testing.assert_array_equal(again.probs[::-1], seed_result.probs[1:])


def test_prefix_reuse_matches_fresh_evaluation(seed_result):
    """A backend that resets the context and evaluates the prompt anew for every statement (its
    own instance: the shared one is never reconfigured) gives the same probabilities."""
    fresh = LLMBackend(reuse_prefix=False).stance(PREMISES[:2], TARGET, LABELS)
    np.testing.assert_allclose(fresh.probs, seed_result.probs[:2], atol=1e-4)


def test_long_statement_is_split_into_windows_not_truncated(backend):
    words = SEED.read_text(encoding="utf-8").split()
    long = " ".join((words * (5000 // len(words) + 1))[:5000])
    budget = 1500
    windows = backend._windows(long, budget)
    assert len(windows) > 1
    assert " ".join(windows).split() == long.split()  # every word, in order, once
    assert all(len(backend._tok(w)) <= budget for w in windows)


def test_long_statement_end_to_end(tmp_path):
    small = LLMBackend(n_ctx=384, style=PromptStyle(examples=False))  # small window: quick, same path
    words = SEED.read_text(encoding="utf-8").split()
    text = " ".join(words[:320])
    res = small.stance([text, PREMISES[1]], TARGET, LABELS)
    assert res.n_windows[0] > 1 and res.n_windows[1] == 1
    assert np.allclose(res.probs.sum(axis=1), 1.0)


def test_provenance_records_model_prompt_and_calibration(backend, seed_result):
    prov = backend.provenance()
    assert prov["backend"] == "llm"
    assert prov["model_sha256"] == MODEL_SHA256
    assert prov["prompt_version"] == PromptStyle().version
    assert prov["calibration"]["content_free_inputs"] == ["N/A", "", "[MASK]"]
    records = [r for r in prov["runtime"]["calibration_factors"] if r.get("target") == TARGET]
    assert records and len(records[0]["factors"]) == 3
    assert {k for k in prov if k != "runtime"} == {k for k in backend.provenance() if k != "runtime"}


def test_answer_words_must_start_with_distinct_tokens(backend):
    with pytest.raises(BackendError, match="distinct"):
        backend._answer_ids('"stance": "', {"a": ("favor",), "b": ("favor",)})


def test_frames_are_a_calibrated_distribution(backend):
    frames = [
        Frame("privacy and surveillance", "monitoring of communications, state surveillance, private and secure messaging"),
        next(f for f in POLICY_FRAMES if f.name == "economic"),
        next(f for f in POLICY_FRAMES if f.name == "legality, constitutionality and jurisprudence"),
    ]
    p = backend.frames(PREMISES[:2], frames)
    assert p.shape == (2, 3) and np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_array_equal(backend.frames(PREMISES[:1], frames), p[:1])
    record = backend.provenance()["runtime"]["calibration_factors"][-1]
    assert record["task"] == "frames" and record["frames"] == [f.name for f in frames]
    assert len(record["p_content_free"]) == 3


def test_too_many_frames_is_an_error(backend):
    many = [Frame(f"frame {i}", f"description {i}") for i in range(27)]
    with pytest.raises(ValueError, match="1 to 26 frames"):
        backend.frames(PREMISES[:1], many)
