"""analysis.stance.fewshot: examples validation, the head, its cache, and score_stance(examples=...)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.errors import ExamplesError, InputError
from analysis.stance import fewshot as fs
from analysis.stance.examples import examples_sha256, parse_examples
from analysis.stance.fewshot import fit_head
from analysis.stance.scoring import score_stance

EXAMPLES = [
    ("Blocking the messenger protects citizens from fraud.", "favor"),
    ("The state is right to restrict foreign apps that ignore local law.", "favor"),
    ("Cutting off calls on the app is an attack on free communication.", "against"),
    ("The ban punishes ordinary users and must be lifted.", "against"),
    ("The regulator published the list of restricted services on Monday.", "neutral"),
    ("Usage of the app fell by a third, according to a market survey.", "neutral"),
]




# ---------------------------------------------------------------- examples

def test_examples_in_every_shape_parse_to_the_same_pairs(tmp_path):
    pairs = parse_examples(EXAMPLES)
    assert pairs == tuple(EXAMPLES)
    assert parse_examples([{"text": t, "stance": s.upper()} for t, s in EXAMPLES]) == pairs
    assert parse_examples(pd.DataFrame(EXAMPLES, columns=["text", "stance"])) == pairs
    csv = tmp_path / "ex.csv"
    rows = pd.DataFrame(EXAMPLES + [("A statement nobody labelled yet.", "skip")], columns=["text", "stance"])
    rows.to_csv(csv, index=False)
    assert parse_examples("ex.csv", base_dir=tmp_path) == pairs  # relative to the sidecar, rows marked skip left out
    assert examples_sha256(pairs) == examples_sha256(pairs[::-1])
    assert examples_sha256(pairs) != examples_sha256(pairs[:-1])


@pytest.mark.parametrize("bad,message", [
    ([("a b c", "favor"), ("d e f", "favor")], "at least two stance classes"),
    (EXAMPLES + [("Something else.", "positive")], "example #6: unknown stance label"),
    (EXAMPLES + [(EXAMPLES[0][0].upper(), "favor")], "duplicate"),
    (EXAMPLES + [("  " + EXAMPLES[0][0], "against")], "contradictory"),
    (EXAMPLES + [("   ", "neutral")], "empty text"),
    ("no-such-file.csv", "does not exist"),
    (pd.DataFrame({"sentence": ["x"], "label": ["favor"]}), "columns text and stance"),
    ([("only text",)], "pair"),
    (42, "examples must be"),
])
def test_bad_examples_get_one_clear_error(bad, message, tmp_path):
    with pytest.raises(ExamplesError, match=message):
        parse_examples(bad, base_dir=tmp_path)


# ---------------------------------------------------------------- the head

def _blobs(n_per: int, seed: int = 0, d: int = 16) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    centers = np.eye(d)[:3] * 3
    X = np.vstack([centers[i] + rng.normal(size=(n_per, d)) for i in range(3)])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X, [s for s in ("favor", "against", "neutral") for _ in range(n_per)]


def test_head_learns_and_returns_stance_ordered_calibrated_probabilities():
    X, y = _blobs(12)
    head = fit_head(X, y)
    Xt, yt = _blobs(30, seed=1)
    p = head.predict_proba(Xt)
    assert p.shape == (90, 3) and np.allclose(p.sum(1), 1)
    assert (np.array(["favor", "against", "neutral"])[p.argmax(1)] == np.array(yt)).mean() > 0.9
    assert head.temperature != 1.0  # fitted on cross-validated logits
    raw = head.predict_proba(Xt, calibrated=False)
    assert np.array_equal(raw.argmax(1), p.argmax(1))  # temperature never changes the label


def test_a_class_without_examples_gets_zero_probability():
    X, y = _blobs(6)
    keep = [i for i, s in enumerate(y) if s != "neutral"]
    head = fit_head(X[keep], [y[i] for i in keep])
    p = head.predict_proba(X)
    assert np.allclose(p[:, 2], 0) and np.allclose(p.sum(1), 1)


# ---------------------------------------------------------------- through score_stance

def test_score_stance_with_examples_is_few_shot_and_cached(tiny_dir, private_cache, monkeypatch):
    items = ["Moscow says the block is lawful.", "Users call the ban an outrage.", "The app has 100 million users."]
    df = score_stance(items, "blocking the app", examples=EXAMPLES, model=tiny_dir)
    assert list(df.columns[-6:]) == ["p_favor", "p_against", "p_neutral", "stance", "uncertainty", "n_windows"]
    assert np.allclose(df[["p_favor", "p_against", "p_neutral"]].sum(axis=1), 1)
    prov = df.attrs["provenance"]
    assert prov["mode"] == "few-shot" and prov["backend"] == "few-shot"
    assert prov["examples"]["n"] == 6 and prov["examples"]["sha256"] == examples_sha256(tuple(EXAMPLES))
    assert df.attrs["score_cache"]["misses"] == 3

    def boom(*a, **k):
        raise AssertionError("neither the head nor the encoder may run again")

    monkeypatch.setattr(fs.FewShotBackend, "stance", boom)
    again = score_stance(items, "blocking the app", examples=EXAMPLES, model=tiny_dir)
    assert again.attrs["score_cache"]["hits"] == 3
    pd.testing.assert_frame_equal(again, df)
    # other examples are another key: the cache must not answer
    with pytest.raises(AssertionError, match="may run again"):
        score_stance(items, "blocking the app", examples=EXAMPLES[:-1], model=tiny_dir)


def test_statement_frames_are_scored_on_their_content(tiny_dir, private_cache):
    frame = pd.DataFrame({"statement_id": [0, 1], "content": ["The ban must end.", "The ban is lawful."],
                          "speaker": ["Pavel Durov", "Dmitry Peskov"], "actor": ["Telegram", "Kremlin"],
                          "kind": ["direct", "direct"], "cue": ["said", "said"]})
    df = score_stance(frame, "the ban", examples=EXAMPLES, model=tiny_dir)
    bare = score_stance(frame["content"].tolist(), "the ban", examples=EXAMPLES, model=tiny_dir)
    assert np.allclose(df["p_favor"], bare["p_favor"])
    assert df["premise"].str.contains("Durov").any()  # the premise column still names the speaker


def test_adapted_head_is_cached_on_disk(tiny_dir, private_cache, monkeypatch):
    from analysis.models.encoder import load_encoder

    enc = load_encoder(tiny_dir)
    pairs = parse_examples(EXAMPLES)
    first = fs.adapt("t", pairs, enc, progress=False)
    files = list((private_cache / "fewshot").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["classes"]
    monkeypatch.setattr(type(enc), "encode", lambda *a, **k: (_ for _ in ()).throw(AssertionError("refit")))
    assert fs.adapt("t", pairs, enc, progress=False) == first
    with pytest.raises(AssertionError, match="refit"):
        fs.adapt("another target", pairs, enc, progress=False)


def test_examples_cannot_be_mixed_with_a_zero_shot_backend(tiny_dir, private_cache):
    with pytest.raises(InputError, match="few-shot"):
        score_stance(["x y z"], "t", examples=EXAMPLES, backend="nli", model=tiny_dir)
    with pytest.raises(ExamplesError):
        score_stance(["x y z"], "t", examples=EXAMPLES[:2] + [("q", "maybe")], model=tiny_dir)


# ---------------------------------------------------------------- codebook rows (weighted)

CODEBOOK = [
    ("Colleagues praised [the surgeon] for saving dozens of lives.", "favor"),
    ("[The governor] was arrested on charges of taking bribes.", "against"),
    ("[The minister] will visit the region next week.", "neutral"),
]


def test_unit_weights_are_the_unweighted_balanced_head():
    X, y = _blobs(12)
    keep = list(range(12)) + list(range(12, 18)) + list(range(24, 36))  # unequal classes: balancing matters
    a = fit_head(X[keep], [y[i] for i in keep])
    b = fit_head(X[keep], [y[i] for i in keep], weights=[1.0] * len(keep))
    assert np.allclose(a.coef, b.coef, atol=1e-4) and np.allclose(a.intercept, b.intercept, atol=1e-4)


@pytest.mark.parametrize("weight, at_least", [(0.1, 0.9)])
def test_down_weighted_contradicting_rows_barely_move_the_head(weight, at_least):
    X, y = _blobs(12)
    flipped = {"favor": "against", "against": "neutral", "neutral": "favor"}
    Xb, yb = _blobs(12, seed=2)
    rows = np.vstack([X, Xb])
    labels = y + [flipped[s] for s in yb]
    Xt, yt = _blobs(30, seed=1)

    def accuracy(w: float) -> float:
        head = fit_head(rows, labels, weights=[1.0] * len(y) + [w] * len(yb))
        return float((np.array(["favor", "against", "neutral"])[head.predict_proba(Xt).argmax(1)] == np.array(yt)).mean())

    assert accuracy(weight) > at_least
    assert accuracy(1.0) < accuracy(weight)  # at full weight the contradicting rows do pull it


@pytest.mark.parametrize("weights", [[0.0] * 36, [-1.0] * 36, [1.0] * 35, [float("nan")] * 36])
def test_bad_weights_are_refused(weights):
    X, y = _blobs(12)
    with pytest.raises(InputError, match="weights"):
        fit_head(X, y, weights=weights)


def test_a_codebook_changes_the_head_and_is_recorded(tiny_dir, private_cache):
    items = ["Moscow says the block is lawful.", "Users call the ban an outrage.", "The app has 100 million users."]
    plain = score_stance(items, "blocking the app", examples=EXAMPLES, model=tiny_dir)
    booked = score_stance(items, "blocking the app", examples=EXAMPLES, model=tiny_dir, codebook=CODEBOOK)
    assert booked.attrs["score_cache"]["misses"] == 3  # another key than without the codebook
    assert not np.allclose(plain["p_favor"], booked["p_favor"])
    rec = booked.attrs["provenance"]["codebook"]
    assert rec["n"] == 3 and rec["weight"] == fs.CODEBOOK_WEIGHT and rec["sha256"] == examples_sha256(tuple(CODEBOOK))
    heavier = score_stance(items, "blocking the app", examples=EXAMPLES, model=tiny_dir, codebook=CODEBOOK,
                           codebook_weight=1.0)
    assert heavier.attrs["score_cache"]["misses"] == 3 and not np.allclose(heavier["p_favor"], booked["p_favor"])


@pytest.mark.parametrize("kwargs, error, message", [
    ({"codebook": CODEBOOK, "codebook_weight": 0.0}, InputError, "codebook_weight"),
    ({"codebook": CODEBOOK, "codebook_weight": 1.5}, InputError, "codebook_weight"),
    ({"codebook": CODEBOOK + [(EXAMPLES[0][0], "favor")]}, ExamplesError, "both an example and a codebook row"),
    ({"codebook": [("one sentence", "favor")]}, ExamplesError, "two stance classes"),
])
def test_bad_codebooks_are_refused(kwargs, error, message, tiny_dir, private_cache):
    with pytest.raises(error, match=message):
        score_stance(["x y z"], "t", examples=EXAMPLES, model=tiny_dir, **kwargs)


def test_a_codebook_needs_examples(tiny_dir, private_cache):
    with pytest.raises(InputError, match="give examples too"):
        score_stance(["x y z"], "t", model=tiny_dir, codebook=CODEBOOK)
