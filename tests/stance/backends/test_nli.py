"""analysis.stance.backends.nli on tiny BERT NLI models built in-process (see conftest.py)."""
from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pytest

from analysis.frames.codebook import Frame
from analysis.models.fetching import ModelNotAvailableError
from analysis.schema import STANCES
from analysis.stance.backends.nli import NLIBackend, check_templates, nli_head
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels
from tests.support import seed_sentences, words

TARGET = "the blocking of WhatsApp in Russia"
LABELS = resolve_labels(DEFAULT_LABELS, TARGET)
SENTENCES = seed_sentences()  # 19 real sentences; the longest need two windows of the tiny model
SHORT = [s for s in SENTENCES if len(s.split()) <= 13]  # one window each, as the pipeline needs
FRAMES = [Frame("legal", "laws, courts and legal requirements"), Frame("security", "state surveillance and security")]

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture(scope="module")
def pipe_3way(tiny_models):
    from transformers import pipeline

    return pipeline("zero-shot-classification", model=str(tiny_models["3way"]), device="cpu")


def _pipeline_stance(pipe, premises, template):
    cands = [LABELS[k] for k in STANCES]
    out = pipe(premises, candidate_labels=cands, hypothesis_template=template)
    return np.array([[o["scores"][o["labels"].index(c)] for c in cands] for o in out])


# ---------------------------------------------------------------- templates and heads

@pytest.mark.parametrize("templates", [["The speaker {}."], ("A {} b", "Braces {{}} kept: {}")])
def test_check_templates_accepts(templates):
    assert check_templates(templates) == tuple(templates)


@pytest.mark.parametrize("templates, message", [
    ("The speaker {}.", "non-empty list"),
    ([], "non-empty list"),
    (["The speaker."], "exactly one"),
    (["The {} speaker {}."], "exactly one"),
    (["The speaker {label}."], "exactly one"),
    (["The speaker {0}."], "exactly one"),
    (["The speaker {}.", "The speaker {}."], "duplicate"),
    (["The speaker {."], "malformed"),
    ([""], "non-empty string"),
    ([None], "non-empty string"),
])
def test_check_templates_rejects(templates, message):
    with pytest.raises(ValueError, match=message):
        check_templates(templates)


@pytest.mark.parametrize("id2label, expected", [
    ({0: "entailment", 1: "neutral", 2: "contradiction"}, ("3-way", 0, 2)),
    ({0: "CONTRADICTION", 1: "Entailment", 2: "neutral"}, ("3-way", 1, 0)),
    ({"0": "contradiction", "1": "neutral", "2": "entailment"}, ("3-way", 2, 0)),
    ({0: "entailment", 1: "not_entailment"}, ("2-way", 0, 1)),
    ({0: "not entailment", 1: "Entailment"}, ("2-way", 1, 0)),
])
def test_nli_head(id2label, expected):
    assert nli_head(id2label) == expected


@pytest.mark.parametrize("id2label", [
    {0: "LABEL_0", 1: "LABEL_1"},
    {0: "positive", 1: "negative", 2: "neutral"},
    {0: "entailment", 1: "entailment", 2: "contradiction"},
    {0: "entailment", 1: "neutral", 2: "contradiction", 3: "other"},
    {0: "entailment"},
])
def test_nli_head_rejects_other_label_sets(id2label):
    with pytest.raises(ValueError, match="not an NLI head"):
        nli_head(id2label)


def test_unknown_label_set_model_is_refused(tiny_models, tmp_path):
    bad = tmp_path / "sentiment"
    shutil.copytree(tiny_models["3way"], bad)
    cfg = json.loads((bad / "config.json").read_text())
    cfg["id2label"] = {"0": "negative", "1": "neutral", "2": "positive"}
    cfg["label2id"] = {v: int(k) for k, v in cfg["id2label"].items()}
    (bad / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ValueError, match="not an NLI head"):
        NLIBackend(bad)


# ---------------------------------------------------------------- agreement with the pipeline

@pytest.mark.parametrize("head", ["3way", "3way_permuted"])
def test_stance_matches_zero_shot_pipeline(tiny_models, head):
    from transformers import pipeline

    pipe = pipeline("zero-shot-classification", model=str(tiny_models[head]), device="cpu")
    template = "The speaker {}."
    got = NLIBackend(tiny_models[head], templates=[template]).stance(SHORT, TARGET, LABELS)
    np.testing.assert_allclose(got.probs, _pipeline_stance(pipe, SHORT, template), atol=1e-5)
    np.testing.assert_allclose(got.probs.sum(1), 1.0, atol=1e-9)
    assert (got.uncertainty == 0).all() and (got.n_windows == 1).all()


def test_permuted_labels_read_the_entailment_column(tiny_models):
    """Same weights, different id2label: the scores must follow the named entailment column."""
    a = NLIBackend(tiny_models["3way"]).stance(SHORT, TARGET, LABELS).probs
    b = NLIBackend(tiny_models["3way_permuted"]).stance(SHORT, TARGET, LABELS).probs
    assert np.abs(a - b).max() > 1e-3


@pytest.mark.parametrize("head", ["3way", "3way_permuted", "2way"])
def test_frames_match_multi_label_pipeline(tiny_models, head):
    from transformers import pipeline

    pipe = pipeline("zero-shot-classification", model=str(tiny_models[head]), device="cpu")
    descs = [f.description for f in FRAMES]
    out = pipe(SHORT, candidate_labels=descs, hypothesis_template="This text is about {}.", multi_label=True)
    expected = np.array([[o["scores"][o["labels"].index(d)] for d in descs] for o in out])
    got = NLIBackend(tiny_models[head]).frames(SHORT, FRAMES)
    np.testing.assert_allclose(got, expected, atol=1e-5)


def test_two_way_head_normalises_entailment_probabilities(tiny_models):
    from transformers import pipeline

    pipe = pipeline("zero-shot-classification", model=str(tiny_models["2way"]), device="cpu")
    cands = [LABELS[k] for k in STANCES]
    out = pipe(SHORT, candidate_labels=cands, hypothesis_template="This statement {}.", multi_label=True)
    p_ent = np.array([[o["scores"][o["labels"].index(c)] for c in cands] for o in out])
    got = NLIBackend(tiny_models["2way"], templates=["This statement {}."]).stance(SHORT, TARGET, LABELS)
    np.testing.assert_allclose(got.probs, p_ent / p_ent.sum(1, keepdims=True), atol=1e-5)


# ---------------------------------------------------------------- batching, order, templates

@pytest.mark.slow
def test_order_and_batch_size_do_not_change_scores(tiny_models):
    texts = SENTENCES + [words(150, seed=1), "Short one."]
    ref = NLIBackend(tiny_models["3way"], batch_size=32).stance(texts, TARGET, LABELS)
    perm = np.random.default_rng(0).permutation(len(texts))
    shuffled = NLIBackend(tiny_models["3way"], batch_size=3).stance([texts[i] for i in perm], TARGET, LABELS)
    np.testing.assert_allclose(shuffled.probs, ref.probs[perm], atol=1e-6)
    np.testing.assert_allclose(shuffled.uncertainty, ref.uncertainty[perm], atol=1e-6)
    np.testing.assert_array_equal(shuffled.n_windows, ref.n_windows[perm])


def test_templates_are_averaged_and_their_spread_is_the_uncertainty(tiny_models):
    t1, t2 = "The speaker {}.", "This statement {}."
    one = NLIBackend(tiny_models["3way"], templates=[t1]).stance(SHORT, TARGET, LABELS).probs
    two = NLIBackend(tiny_models["3way"], templates=[t2]).stance(SHORT, TARGET, LABELS).probs
    both = NLIBackend(tiny_models["3way"], templates=[t1, t2]).stance(SHORT, TARGET, LABELS)
    np.testing.assert_allclose(both.probs, (one + two) / 2, atol=1e-6)
    np.testing.assert_allclose(both.uncertainty, (np.abs(one - two) / 2).max(1), atol=1e-6)
    assert (both.uncertainty > 0).all()


def test_identical_premises_are_scored_once(tiny_models):
    be = NLIBackend(tiny_models["3way"])
    res = be.stance([SENTENCES[0]] * 5, TARGET, LABELS)
    assert be.pairs_scored == len(be.templates) * 3
    np.testing.assert_allclose(res.probs, np.repeat(res.probs[:1], 5, axis=0))


# ---------------------------------------------------------------- long premises: windows, no truncation

def test_long_statement_is_split_into_windows_covering_every_token(tiny_models):
    be = NLIBackend(tiny_models["3way"])
    text = words(5000)
    budget, _ = be._budget([be.templates[0].format(LABELS["favor"])])
    (wins,) = be._windows([text], budget)
    full = be._backend.encode(text, add_special_tokens=False).ids
    assert len(wins) > 1 and all(len(w.ids) <= budget for w in wins)
    stride = budget // 4
    rebuilt = list(wins[0].ids)
    for w in wins[1:]:
        assert w.ids[:stride] == rebuilt[-stride:]  # windows overlap by a quarter
        rebuilt += w.ids[stride:]
    assert rebuilt == full


@pytest.mark.slow
def test_long_statement_end_changes_its_score(tiny_models):
    """Nothing is truncated: editing the last words of a 5,000-word statement moves its scores."""
    be = NLIBackend(tiny_models["3way"])
    base = words(5000)
    res = be.stance([base + " Kremlin Peskov Moscow.", base + " WhatsApp Meta Telegram.", "Peskov spoke."], TARGET, LABELS)
    assert res.n_windows[0] > 1 and res.n_windows[0] == res.n_windows[1] and res.n_windows[2] == 1
    assert np.abs(res.probs[0] - res.probs[1]).max() > 1e-7
    frames = be.frames([base + " Kremlin Peskov Moscow.", base + " WhatsApp Meta Telegram."], FRAMES)
    assert frames.shape == (2, 2)


def test_windows_are_weighted_by_token_count(tiny_models):
    """A two-window premise scores as the token-weighted mean of its windows scored alone."""
    be = NLIBackend(tiny_models["3way"], templates=["The speaker {}."])
    budget, _ = be._budget([be.templates[0].format(LABELS[k]) for k in STANCES])
    whole_words = sorted(t for t in be.nli.tokenizer.get_vocab() if t.isalpha() and len(t) > 2)
    rng = np.random.default_rng(3)
    text = " ".join(rng.choice(whole_words, budget + budget // 2))  # one token per word
    (wins,) = be._windows([text], budget)
    assert len(wins) == 2
    parts = [be.nli.tokenizer.decode(w.ids) for w in wins]
    whole = be.stance([text], TARGET, LABELS)
    alone = be.stance(parts, TARGET, LABELS)
    assert list(alone.n_windows) == [1, 1]
    weights = np.array([len(w.ids) for w in wins], dtype=float)
    expected = (weights[:, None] * alone.probs).sum(0) / weights.sum()
    np.testing.assert_allclose(whole.probs[0], expected, atol=1e-6)


def test_hypothesis_too_long_for_the_window_is_an_error(tiny_models):
    be = NLIBackend(tiny_models["3way"])
    long_def = {k: v + " " + words(80) for k, v in LABELS.items()}
    with pytest.raises(ValueError, match="shorten the templates"):
        be.stance(["Peskov spoke."], TARGET, long_def)


# ---------------------------------------------------------------- loading and provenance

def test_provenance_records_weights_hash_and_templates(tiny_models):
    be = NLIBackend(tiny_models["2way"], templates=["The speaker {}."])
    prov = be.provenance()
    weights = (tiny_models["2way"] / "model.safetensors").read_bytes()
    assert prov["model_sha256"] == hashlib.sha256(weights).hexdigest()
    assert prov["backend"] == "nli" and prov["head"] == "2-way" and prov["max_length"] == 64
    assert prov["templates"] == ["The speaker {}."] and prov["calibration"].startswith("none")
    other = NLIBackend(tiny_models["2way"], templates=["This statement {}."]).provenance()
    assert other["template_version"] != prov["template_version"]


def test_missing_local_model_names_the_fix(tmp_path):
    with pytest.raises(ModelNotAvailableError, match="huggingface-cli download"):
        NLIBackend(tmp_path / "no-such-model")


def test_hub_id_loads_from_the_local_hub_cache(tiny_models, tmp_path, monkeypatch):
    """A hub id resolves to its cached snapshot; the snapshot's commit is the revision."""
    import huggingface_hub.constants

    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--someone--tiny-nli"
    shutil.copytree(tiny_models["2way"], repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    prov = NLIBackend("someone/tiny-nli").provenance()
    assert prov["model"] == "someone/tiny-nli" and prov["revision"] == commit
    assert prov["model_sha256"] == NLIBackend(tiny_models["2way"]).provenance()["model_sha256"]


def test_unreachable_hub_names_the_fix(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fix = r"huggingface-cli download nobody/no-such-nli-model --local-dir DIR.*--model DIR"
    with pytest.raises(ModelNotAvailableError, match=fix):
        NLIBackend("nobody/no-such-nli-model")


def test_env_var_selects_the_model(tiny_models, monkeypatch):
    monkeypatch.setenv("ANALYSIS_NLI_MODEL", str(tiny_models["3way"]))
    assert NLIBackend().provenance()["model"] == str(tiny_models["3way"])


@pytest.mark.parametrize("batch_size", [0, -1, 2.5])
def test_bad_batch_size(tiny_models, batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        NLIBackend(tiny_models["3way"], batch_size=batch_size)


def test_premise_without_tokens_still_scores(tiny_models):
    """A premise the normaliser empties (zero-width space) is scored on the hypothesis alone."""
    res = NLIBackend(tiny_models["3way"]).stance(["\u200b"], TARGET, LABELS)
    assert np.isfinite(res.probs).all() and res.n_windows.tolist() == [1]
