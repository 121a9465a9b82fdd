"""analysis.stance.scoring: premises, validation, dispatch, cache use and provenance.

Real scoring runs on the tiny NLI models of conftest.py; dispatch of the default "llm"
backend is checked with a stand-in module, since the real LLM tests live in test_llm_backend.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.frames import scoring as frame_scoring
from analysis.frames.codebook import POLICY_FRAMES, frames_for
from analysis.frames.scoring import score_frames
from analysis.schema import STANCES, Sidecar
from analysis.stance import scoring
from analysis.stance.backends.nli import NLIBackend
from analysis.stance.base import FrameScorer, StanceResult, StanceScorer
from analysis.stance.premises import statement_premise
from analysis.stance.scoring import DEFAULT_LABELS, check_labels, get_backend, score_stance
from tests.support import ROOT, seed_sentences, words

TARGET = "the blocking of WhatsApp in Russia"
META = Sidecar.from_dict(json.loads((ROOT / "seeds" / "000_3e76e6e75a2eff3d.json").read_text()))

pytestmark = pytest.mark.usefixtures("private_cache")


def statements() -> pd.DataFrame:
    """A hand-made statements table over real sentences of the seed article."""
    rows = [
        ("direct", "Dmitry Peskov", "Kremlin",
         "Regarding the blocking of WhatsApp, indeed, a statement was made by our relevant authorities."),
        ("indirect", "WhatsApp", "WhatsApp",
         "the Kremlin is attempting to force over 100 million users onto a state-owned surveillance app"),
        ("narrator", "", "", "Moscow has justified its restriction of WhatsApp services."),
        ("mixed", "Pavel Durov", "Telegram", "restricting freedom is never the right answer"),
    ]
    return pd.DataFrame({
        "statement_id": range(len(rows)), "kind": [r[0] for r in rows], "content": [r[3] for r in rows],
        "speaker": [r[1] for r in rows], "actor": [r[2] for r in rows], "paragraph": [1, 4, 0, 6],
        "statement_flags": ["", "", "", "unbalanced_quote"],
    })


class CountingBackend:
    """A deterministic ScoringBackend that counts the premises it is asked to score."""

    name = "counting"

    def __init__(self, version: str = "v1") -> None:
        self.version, self.calls, self.premises = version, 0, 0

    def provenance(self) -> dict:
        return {"backend": self.name, "model": "hash-of-text", "model_sha256": "0" * 64,
                "prompt_version": self.version, "calibration": "none", "runtime": {"calls": self.calls}}

    def _vec(self, text: str, k: int) -> np.ndarray:
        rng = np.random.default_rng(sum(map(ord, text + self.version)))
        return rng.random(k)

    def stance(self, premises, target, labels):
        self.calls += 1
        self.premises += len(premises)
        p = np.array([self._vec(t + target + labels["favor"], 3) + 0.1 for t in premises]).reshape(-1, 3)
        p /= p.sum(1, keepdims=True)
        return StanceResult(p, p.std(1), np.ones(len(premises), dtype=int))

    def frames(self, premises, frames):
        self.calls += 1
        self.premises += len(premises)
        vectors = [self._vec(t + "".join(f.description for f in frames), len(frames)) for t in premises]
        return np.array(vectors).reshape(-1, len(frames))


# ---------------------------------------------------------------- premises

@pytest.mark.parametrize("speaker, actor, kind, expected", [
    ("Dmitry Peskov", "Kremlin", "direct", 'Dmitry Peskov (Kremlin) said: "X."'),
    ("WhatsApp", "WhatsApp", "indirect", 'WhatsApp said: "X."'),
    ("Pavel Durov", "", "mixed", 'Pavel Durov said: "X."'),
    ("", "Roskomnadzor", "indirect", 'Roskomnadzor said: "X."'),
    ("", "", "narrator", 'The article\'s author writes: "X."'),
    ("", "", "indirect", 'An unnamed source said: "X."'),
])
def test_statement_premise_names_the_speaker(speaker, actor, kind, expected):
    assert statement_premise("X.", speaker, actor, kind) == expected


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("labels, message", [
    ({"favor": "a", "against": "b"}, "missing"),
    ({"favor": "a", "against": "b", "neutral": "c", "mixed": "d"}, "unexpected"),
    ({"pro": "a", "against": "b", "neutral": "c"}, "exactly the keys"),
    ({"favor": "", "against": "b", "neutral": "c"}, "non-empty"),
    ({"favor": "  ", "against": "b", "neutral": "c"}, "non-empty"),
    ({"favor": 1, "against": "b", "neutral": "c"}, "non-empty"),
    ({"favor": "a\nb", "against": "b", "neutral": "c"}, "one-line"),
    ({"favor": "likes {topic}", "against": "b", "neutral": "c"}, "only allowed field"),
    ({"favor": "likes {", "against": "b", "neutral": "c"}, "malformed"),
    (["favor", "against", "neutral"], "dict"),
])
def test_malformed_labels_are_refused(labels, message):
    with pytest.raises(ValueError, match=message):
        check_labels(labels)
    with pytest.raises(ValueError, match=message):
        score_stance(["Peskov spoke."], TARGET, labels=labels, backend=CountingBackend(), cache=False)


@pytest.mark.parametrize("items, message", [
    (["Peskov spoke.", ""], r"items \[1\] are empty"),
    (["   ", "ok"], r"items \[0\] are empty"),
    (["ok", None], "not strings"),
    ("a single string", "list of strings"),
    (pd.DataFrame({"text": ["a"]}), "'content' column"),
])
def test_bad_items_are_refused(items, message):
    with pytest.raises(ValueError, match=message):
        score_stance(items, TARGET, backend=CountingBackend(), cache=False)


def test_blank_statement_row_is_named_by_its_id():
    df = statements()
    df.loc[2, "content"] = " "
    with pytest.raises(ValueError, match=r"statement_ids \[2\]"):
        score_frames(df, backend=CountingBackend(), cache=False)


@pytest.mark.parametrize("target", ["", "  ", None])
def test_empty_target_is_refused(target):
    with pytest.raises(ValueError, match="target"):
        score_stance(["Peskov spoke."], target, backend=CountingBackend(), cache=False)


@pytest.mark.parametrize("templates, message", [(["no placeholder"], "exactly one"), ("The speaker {}.", "list")])
def test_malformed_templates_are_refused_before_loading(templates, message):
    with pytest.raises(ValueError, match=message):
        score_stance(["Peskov spoke."], TARGET, backend="nli", model="/nonexistent", templates=templates)


def test_unknown_backend_lists_the_available_ones():
    with pytest.raises(ValueError, match="unknown stance backend 'bert'; available: llm, nli"):
        score_stance(["Peskov spoke."], TARGET, backend="bert")
    with pytest.raises(ValueError, match="unknown frames backend 'bert'; available: encoder, llm, nli"):
        score_frames(["Peskov spoke."], backend="bert")
    with pytest.raises(ValueError, match="StanceScorer"):
        score_stance(["Peskov spoke."], TARGET, backend=object())


# ---------------------------------------------------------------- dispatch

@pytest.fixture
def fake_llm_module(monkeypatch):
    """Stand-in for the registered "llm" backend class that records how it was built."""
    built = []

    class LLMBackend(CountingBackend):
        name = "llm"

        def __init__(self, model=None):
            super().__init__()
            built.append(model)

        @classmethod
        def identity(cls, model=None):
            return {"backend": "llm", "model": model or "default.gguf", "model_sha256": "0" * 64,
                    "prompt_version": "fake"}

    monkeypatch.setitem(scoring.STANCE_SCORERS.factories, "llm", LLMBackend)
    monkeypatch.setitem(frame_scoring.FRAME_SCORERS.factories, "llm", LLMBackend)
    yield built


def test_default_backend_is_the_llm_loaded_lazily(fake_llm_module):
    df = score_stance(["Peskov spoke."], TARGET, cache=False)
    assert fake_llm_module == [None] and df.attrs["provenance"]["backend"] == "llm"
    score_frames(["Peskov spoke."], backend="llm", cache=False)
    assert fake_llm_module == [None]  # one instance per process and model, stance and frames alike
    score_stance(["Peskov spoke."], TARGET, backend="llm", model="/some/other.gguf", cache=False)
    assert fake_llm_module == [None, "/some/other.gguf"]


def test_templates_are_only_for_the_nli_backend(fake_llm_module):
    with pytest.raises(ValueError, match="takes no templates"):
        score_stance(["Peskov spoke."], TARGET, backend="llm", templates=["The speaker {}."])


def test_nli_backend_by_name(tiny_models):
    df = score_stance(["Peskov spoke."], TARGET, backend="nli", model=tiny_models["3way"], cache=False)
    assert isinstance(get_backend("nli", tiny_models["3way"]), NLIBackend)
    assert df.attrs["provenance"]["backend"] == "nli" and df.attrs["provenance"]["model"] == str(tiny_models["3way"])
    assert isinstance(get_backend("nli", tiny_models["3way"]), StanceScorer)
    assert isinstance(get_backend("nli", tiny_models["3way"]), FrameScorer)


# ---------------------------------------------------------------- stance output

def test_score_stance_on_statements_table(tiny_models):
    df = statements()
    out = score_stance(df, TARGET, backend="nli", model=tiny_models["3way"], templates=["The speaker {}.", "This text {}."])
    assert list(out.columns[: len(df.columns)]) == list(df.columns)
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert out["premise"].iloc[0].startswith('Dmitry Peskov (Kremlin) said: "Regarding')
    assert out["premise"].iloc[2].startswith("The article's author writes:")
    probs = out[["p_favor", "p_against", "p_neutral"]].to_numpy()
    np.testing.assert_allclose(probs.sum(1), 1.0, atol=2e-6)  # rounded to PROB_DECIMALS
    assert list(out["stance"]) == [STANCES[i] for i in probs.argmax(1)]
    assert (out["uncertainty"] > 0).all() and (out["n_windows"] == 1).all()
    assert len(df.columns) == 7 and "p_favor" not in df.columns  # the input is not modified
    prov = out.attrs["provenance"]
    for key in ("backend", "model", "model_sha256", "templates", "template_version", "calibration",
                "package_version", "target", "labels"):
        assert prov[key], key
    assert prov["package_version"] == analysis.__version__ and prov["target"] == TARGET
    assert prov["labels"]["favor"] == "supports or defends " + TARGET
    assert prov["templates"] == ["The speaker {}.", "This text {}."]


@pytest.mark.slow
def test_score_stance_on_strings_and_long_statement(tiny_models):
    texts = seed_sentences()[:5] + [words(600)]
    out = score_stance(texts, TARGET, backend="nli", model=tiny_models["2way"], cache=False)
    assert list(out["text"]) == texts and list(out["premise"]) == texts
    assert out["n_windows"].iloc[-1] > 1 and out["n_windows"].iloc[0] == 1
    shuffled = score_stance(texts[::-1], TARGET, backend="nli", model=tiny_models["2way"], cache=False)
    np.testing.assert_allclose(shuffled["p_favor"].to_numpy()[::-1], out["p_favor"].to_numpy(), atol=1e-6)


def test_custom_labels_reach_the_backend():
    be = CountingBackend()
    labels = {"favor": "welcomes {target}", "against": "condemns {target}", "neutral": "reports on {target}"}
    a = score_stance(["Peskov spoke."], TARGET, backend=be, labels=labels, cache=False)
    b = score_stance(["Peskov spoke."], TARGET, backend=be, cache=False)
    assert a.attrs["provenance"]["labels"]["favor"] == "welcomes " + TARGET
    assert a["p_favor"].iloc[0] != b["p_favor"].iloc[0]


def test_empty_items_give_empty_frames():
    out = score_stance([], TARGET, backend=CountingBackend())
    assert len(out) == 0 and {"p_favor", "stance", "n_windows"} <= set(out.columns)
    frames = score_frames(statements().iloc[:0], backend=CountingBackend())
    assert len(frames) == 0 and "top_frame" in frames.columns


# ---------------------------------------------------------------- cache

def test_second_run_is_served_from_the_cache(tiny_models):
    texts = seed_sentences()[:6]
    first = score_stance(texts, TARGET, backend="nli", model=tiny_models["3way"])
    be = get_backend("nli", tiny_models["3way"])
    before = be.pairs_scored
    second = score_stance(texts, TARGET, backend="nli", model=tiny_models["3way"])
    assert be.pairs_scored == before  # the model was not called
    assert first.attrs["score_cache"]["misses"] == 6 and second.attrs["score_cache"]["hits"] == 6
    pd.testing.assert_frame_equal(first, second)
    assert second.attrs["provenance"] == first.attrs["provenance"]


def test_cache_misses_when_what_is_scored_changes():
    be = CountingBackend()
    texts = ["Peskov spoke.", "WhatsApp objected.", "Peskov spoke."]
    score_stance(texts, TARGET, backend=be)
    assert be.premises == 2  # duplicates scored once
    score_stance(texts, TARGET, backend=be)
    assert be.premises == 2
    score_stance(texts, "Max messenger", backend=be)
    assert be.premises == 4
    score_stance(texts, TARGET, backend=be, labels={**DEFAULT_LABELS, "neutral": "ignores {target}"})
    assert be.premises == 6
    be.version = "v2"  # new prompt version in the provenance
    score_stance(texts, TARGET, backend=be)
    assert be.premises == 8
    score_stance(texts + ["Telegram objected."], TARGET, backend=be)
    assert be.premises == 9  # only the new statement


def test_cache_can_be_turned_off(monkeypatch, private_cache):
    be = CountingBackend()
    score_stance(["Peskov spoke."], TARGET, backend=be, cache=False)
    score_stance(["Peskov spoke."], TARGET, backend=be, cache=False)
    assert be.premises == 2 and not (private_cache / "scores.sqlite3").exists()
    monkeypatch.setenv("ANALYSIS_SCORE_CACHE", "0")
    out = score_stance(["Peskov spoke."], TARGET, backend=be)
    assert be.premises == 3 and out.attrs["score_cache"]["enabled"] is False
    monkeypatch.setenv("ANALYSIS_SCORE_CACHE", "1")
    score_stance(["Peskov spoke."], TARGET, backend=be)
    score_stance(["Peskov spoke."], TARGET, backend=be)
    assert be.premises == 4 and (private_cache / "scores.sqlite3").exists()


# ---------------------------------------------------------------- frames

def test_score_frames_with_sidecar_frames(tiny_models):
    chosen = frames_for(META)
    out = score_frames(statements(), frames=chosen, backend="nli", model=tiny_models["3way_permuted"])
    cols = [f"frame:{f.name}" for f in chosen]
    assert len(cols) == 17 and "frame:digital sovereignty" in out.columns
    p = out[cols].to_numpy()
    assert ((p > 0) & (p < 1)).all()
    assert not np.allclose(p.sum(1), 1.0)  # multi-label: independent probabilities
    assert list(out["top_frame"]) == [chosen[j].name for j in p.argmax(1)]
    prov = out.attrs["provenance"]
    assert prov["task"] == "frames" and prov["frames"][-1]["source"] == "sidecar"
    assert prov["frame_template"] == "This text is about {}."
    again = score_frames(statements(), frames=chosen, backend="nli", model=tiny_models["3way_permuted"])
    assert again.attrs["score_cache"]["hits"] == 4
    pd.testing.assert_frame_equal(out, again)


def test_score_frames_defaults_and_dict_frames():
    out = score_frames(["Peskov spoke."], backend=CountingBackend(), cache=False)
    assert [c for c in out.columns if c.startswith("frame:")] == [f"frame:{f.name}" for f in POLICY_FRAMES]
    out = score_frames(["Peskov spoke."], frames=[{"name": "tech", "description": "technology"}],
                       backend=CountingBackend(), cache=False)
    assert list(out.columns) == ["text", "premise", "frame:tech", "top_frame", "frames_present"]
    assert out["frames_present"].tolist() == out["top_frame"].tolist()  # a backend without thresholds
    with pytest.raises(ValueError, match="exactly the keys"):
        score_frames(["Peskov spoke."], frames=[{"name": "tech"}], backend=CountingBackend())
    with pytest.raises(ValueError, match="must not be empty"):
        score_frames(["Peskov spoke."], frames=[], backend=CountingBackend())


def test_invalid_backend_output_is_an_error():
    class Broken(CountingBackend):
        def stance(self, premises, target, labels):
            return StanceResult(np.full((len(premises), 3), 0.5), np.zeros(len(premises)), np.ones(len(premises), int))

    with pytest.raises(RuntimeError, match="invalid stance probabilities"):
        score_stance(["Peskov spoke."], TARGET, backend=Broken(), cache=False)


def test_reported_speech_premise_keeps_its_cue_and_direct_quotes_are_not_double_quoted():

    assert (statement_premise("its decision to restrict access", "Kremlin", "Kremlin", "indirect", "defended")
            == "Kremlin defended its decision to restrict access")
    premise = statement_premise('"We will win,"', "Jane Smith", "Party", "direct", "said")
    assert premise == 'Jane Smith (Party) said: "We will win,"'
