"""analysis.stance.llm_features: score_stance(examples=..., llm_features=True) on a tiny encoder and a
stand-in LLM (analysis.stance.backends.llm_states' identity and answer_states replaced): the
features, the caches' keys, the provenance, the off switch, and the error when the LLM model is
missing. The real LLM's states are checked in test_llm_states.py."""
from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.errors import ArticleError, InputError, ModelNotAvailableError
from analysis.pipeline import stance_mode
from analysis.schema import Sidecar
from analysis.stance import fewshot as fs
from analysis.stance.backends import llm_states
from analysis.stance.llm_features import MODE, SCALE, LLMFeatures, default_llm_features
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels, score_stance
from tests.stance.test_fewshot import EXAMPLES
from tests.support import SEED_TXT

ITEMS = ["Moscow says the block is lawful.", "Users call the ban an outrage.", "The app has 100 million users."]
TARGET = "blocking the app"




def _llm() -> LLMFeatures:
    """What score_stance(..., llm_features=True) builds."""
    return default_llm_features(lambda target: resolve_labels(DEFAULT_LABELS, target))


def _fake_vector(text: str, version: str, dim: int = 16) -> np.ndarray:
    rng = np.random.default_rng(int(hashlib.sha256((text + version).encode()).hexdigest()[:8], 16))
    return rng.normal(size=dim)


@pytest.fixture
def fake_llm(monkeypatch, private_cache):
    """The LLM's states replaced by a stand-in whose prompt version the test can change; it logs
    every text it is asked to read."""
    log: dict = {"texts": [], "version": "fake-v1"}

    def identity(cls, model=None):
        return {"backend": "llm-states", "model": model or "fake.gguf", "model_sha256": "f" * 64,
                "prompt_version": log["version"], "n_ctx": 2048, "states": "fake-states"}

    def answer_states(texts, target, labels, model=None, cache=None):
        assert set(labels) == {"favor", "against", "neutral"}
        log["texts"] += list(texts)
        return np.array([_fake_vector(t, log["version"]) for t in texts])

    monkeypatch.setattr(llm_states.LLMStates, "identity", classmethod(identity))
    monkeypatch.setattr(llm_states, "answer_states", answer_states)
    return log


def test_off_is_todays_few_shot(tiny_dir, fake_llm):
    df = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir)
    default = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=False)
    pd.testing.assert_frame_equal(df, default)
    prov = df.attrs["provenance"]
    assert prov["mode"] == "few-shot" and "llm_features" not in prov
    assert fake_llm["texts"] == []  # the LLM is not asked
    # the head cache key is the one heads were stored under before the option existed
    from analysis.models.encoder import load_encoder

    ident = load_encoder(tiny_dir).identity()
    pairs = fs.parse_examples(EXAMPLES)
    old = json.dumps([fs.HEAD_VERSION, fs.FEATURE_LAYERS, fs.DEFAULT_C, TARGET, fs.examples_sha256(pairs), ident],
                     sort_keys=True)
    assert fs.head_key(TARGET, pairs, ident) == hashlib.sha256(old.encode()).hexdigest()


def test_on_appends_the_llm_scores_and_says_so(tiny_dir, fake_llm, monkeypatch):
    off = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir)
    on = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)
    # the LLM scored the examples (to fit the head) and the statements, each once
    assert sorted(fake_llm["texts"]) == sorted([t for t, _ in EXAMPLES] + ITEMS)
    assert not np.allclose(on[["p_favor", "p_against", "p_neutral"]], off[["p_favor", "p_against", "p_neutral"]])
    prov = on.attrs["provenance"]
    assert prov["mode"] == MODE == "few-shot + LLM features"
    spec = prov["llm_features"]
    assert spec["scale"] == SCALE and spec["llm"]["model"] == "fake.gguf"
    assert spec["llm"]["model_sha256"] == "f" * 64 and spec["llm"]["prompt_version"] == "fake-v1"
    assert prov["examples"]["n"] == len(EXAMPLES) and prov["model"] == off.attrs["provenance"]["model"]
    assert stance_mode(prov) == f"few-shot, {len(EXAMPLES)} examples + LLM features"
    assert on.attrs["score_cache"]["misses"] == len(ITEMS)

    # the features: the encoder's, then the LLM's states standardised with the examples' statistics
    from analysis.models.encoder import load_encoder

    enc, llm = load_encoder(tiny_dir), _llm()
    X, stats = fs.head_features(enc, ITEMS, TARGET, llm, progress=False)
    plain = fs.features(enc, ITEMS, progress=False)
    V = np.array([_fake_vector(t, "fake-v1") for t in ITEMS])
    width = plain.shape[1]
    assert X.shape == (len(ITEMS), width + V.shape[1]) and np.allclose(X[:, :width], plain)
    assert np.allclose(stats[0], V.mean(0)) and np.allclose(stats[1], V.std(0))
    assert np.allclose(np.linalg.norm(X[:, width:], axis=1), SCALE)
    alone, _ = fs.head_features(enc, ITEMS[:1], TARGET, llm, progress=False, stats=stats)
    assert np.allclose(alone, X[:1])  # with the head's statistics, a statement's features ignore the others
    head = fs.adapt(TARGET, fs.parse_examples(EXAMPLES), enc, progress=False, llm=llm)
    assert np.asarray(head.coef).shape[1] == width + V.shape[1] and head.llm_stats is not None
    examples_v = np.array([_fake_vector(t, "fake-v1") for t, _ in fs.parse_examples(EXAMPLES)])
    assert np.allclose(head.llm_stats[0], examples_v.mean(0))  # fitted on the examples, kept with the head
    cached = fs.adapt(TARGET, fs.parse_examples(EXAMPLES), enc, progress=False, llm=llm)
    assert cached == head  # read back from the head cache, statistics included

    # a warm run takes everything from the caches: neither the few-shot backend nor the LLM runs
    seen = len(fake_llm["texts"])
    monkeypatch.setattr(fs.FewShotBackend, "stance", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rescored")))
    again = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)
    assert again.attrs["score_cache"]["hits"] == len(ITEMS) and len(fake_llm["texts"]) == seen
    pd.testing.assert_frame_equal(again, on)


def test_the_llm_identity_keys_the_head_and_the_scores(tiny_dir, fake_llm, monkeypatch):
    from analysis.models.encoder import load_encoder

    ident, pairs = load_encoder(tiny_dir).identity(), fs.parse_examples(EXAMPLES)
    off_key = fs.head_key(TARGET, pairs, ident)
    on_key = fs.head_key(TARGET, pairs, ident, llm=_llm().spec())
    fake_llm["version"] = "fake-v2"  # another prompt version of the LLM
    assert len({off_key, on_key, fs.head_key(TARGET, pairs, ident, llm=_llm().spec())}) == 3
    first = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)
    fake_llm["version"] = "fake-v3"
    other = score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)
    assert other.attrs["score_cache"]["misses"] == len(ITEMS)  # not answered from the v2 scores
    assert other.attrs["provenance"]["llm_features"]["llm"]["prompt_version"] == "fake-v3"
    assert not np.allclose(first["p_favor"], other["p_favor"])


def test_a_missing_llm_is_a_clear_error_not_a_fallback(tiny_dir, private_cache, monkeypatch):
    monkeypatch.delenv("ANALYSIS_LLM_MODEL", raising=False)
    with pytest.raises(ModelNotAvailableError, match=r"llm_features.*python -m analysis models fetch"):
        score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)
    monkeypatch.setenv("ANALYSIS_LLM_MODEL", str(private_cache / "nowhere.gguf"))
    with pytest.raises(ModelNotAvailableError, match="nowhere.gguf"):
        score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features=True)


def test_cli_llm_features_without_the_llm_fails_in_one_line(tiny_dir, private_cache, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("ANALYSIS_LLM_MODEL", raising=False)
    article = tmp_path / "a.txt"
    shutil.copy(SEED_TXT, article)
    csv = tmp_path / "ex.csv"  # a labels file that carries its target: no note that one was recorded
    pd.DataFrame(EXAMPLES, columns=["text", "stance"]).assign(target=TARGET).to_csv(csv, index=False)
    code = main(["stance", str(article), "--target", TARGET, "--examples", str(csv), "--llm-features",
                 "--model", str(tiny_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "models fetch" in err and len(err.strip().splitlines()) == 1, err
    assert main(["stance", str(article), "--target", TARGET, "--llm-features", "--backend", "nli"]) == 2
    assert "--llm-features" in capsys.readouterr().err


def test_llm_features_need_examples_and_a_bool(tiny_dir, fake_llm):
    with pytest.raises(InputError, match="give examples"):
        score_stance(ITEMS, TARGET, llm_features=True)
    with pytest.raises(InputError, match="True or False"):
        score_stance(ITEMS, TARGET, examples=EXAMPLES, model=tiny_dir, llm_features="yes")


def test_sidecar_switch_is_a_checked_bool():
    assert Sidecar.from_dict({"stance_llm_features": True}).stance_llm_features is True
    assert Sidecar.from_dict({}).stance_llm_features is False
    with pytest.raises(ArticleError, match="stance_llm_features"):
        Sidecar.from_dict({"stance_llm_features": "yes"})


def test_the_scored_file_key_follows_the_option_and_the_sidecar(tiny_dir, fake_llm, tmp_path, monkeypatch):
    from analysis import pipeline as sa

    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_dir))
    article = tmp_path / "a.txt"
    shutil.copy(SEED_TXT, article)
    pd.DataFrame(EXAMPLES, columns=["text", "stance"]).to_csv(tmp_path / "codebook.csv", index=False)
    side = {"target": TARGET, "stance_examples": "codebook.csv"}
    (tmp_path / "a.json").write_text(json.dumps(side))
    off = sa.scored_key(article)
    on = sa.scored_key(article, sa.ScoreOptions(llm_features=True))
    assert off == sa.scored_key(article) and on != off
    fake_llm["version"] = "fake-v2"
    assert sa.scored_key(article, sa.ScoreOptions(llm_features=True)) not in (on, off)  # the LLM's prompt counts
    (tmp_path / "a.json").write_text(json.dumps({**side, "stance_llm_features": True}))
    from_sidecar = sa.scored_key(article)
    fake_llm["version"] = "fake-v3"
    assert sa.scored_key(article) != from_sidecar  # the sidecar switch brings the LLM in
