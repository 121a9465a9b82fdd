"""analysis.frames.scorer: prototypes, calibration, the adapted head, and score_frames(backend="encoder").

Backend tests run a tiny 2-layer BERT as the encoder (tests.support.build_tiny_model; its
scores are meaningless, the plumbing is real); one test runs the real all-mpnet-base-v2 when
``models fetch`` has put it in the cache.
"""
from __future__ import annotations

import numpy as np
import pytest

from analysis.errors import InputError
from analysis.frames import scorer as fs
from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.evaluate import FrameLabels
from analysis.frames.scoring import score_frames
from analysis.schema import Frame
from analysis.stance.examples import statement_text
from tests.scored_sample import scored_statements

SIDE = Frame("digital sovereignty", "national control over the internet", "sidecar")


def test_codebook_frames_have_several_descriptions_and_others_their_own():
    economic = POLICY_FRAMES[0]
    assert len(fs.descriptions_for(economic)) >= 4 and fs.descriptions_for(economic)[-1] == economic.description
    assert all(len(fs.descriptions_for(f)) >= 2 for f in POLICY_FRAMES)
    assert fs.descriptions_for(SIDE) == (SIDE.description,)
    sharpened = Frame("economic", "the cost of running messaging services", "sidecar")  # a sidecar redefines it
    assert fs.descriptions_for(sharpened) == (sharpened.description,)


def test_calibrated_probabilities_are_independent_and_rise_with_similarity():
    S = np.array([[0.5, 0.2, 0.1], [0.3, 0.3, 0.1], [0.1, 0.1, 0.1]])
    P = fs.calibrated(S)
    assert P.shape == S.shape and ((P > 0) & (P < 1)).all()
    assert P[0, 0] > P[1, 0] > P[2, 0]  # more similar and a wider margin: more likely
    assert not np.allclose(P.sum(axis=1), 1.0)  # not one distribution over frames
    assert fs.calibrated(S).argmax(axis=1)[0] == 0


def test_a_sidecar_frame_does_not_change_the_codebook_frames_probabilities():
    S = np.array([[0.5, 0.2, 0.1, 0.9], [0.3, 0.3, 0.1, 0.0]])  # last column: a topical sidecar frame
    with_sidecar = fs.calibrated(S, compete=np.array([True, True, True, False]))
    np.testing.assert_allclose(with_sidecar[:, :3], fs.calibrated(S[:, :3]))
    assert with_sidecar[0, 3] > with_sidecar[1, 3]
    assert not np.allclose(fs.calibrated(S)[:, :3], with_sidecar[:, :3])  # had it competed, it would


@pytest.mark.slow
def test_fit_calibration_separates_gold_frames():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 4, 200)
    S = rng.normal(0.1, 0.03, (200, 4))
    S[np.arange(200), gold] += 0.25
    G = np.zeros_like(S, dtype=bool)
    G[np.arange(200), gold] = True
    cal, threshold = fs.fit_calibration(S, G)
    P = fs.calibrated(S, cal)
    assert (P.argmax(axis=1) == gold).all()
    assert ((P >= threshold) == G).mean() > 0.98


def _blobs(n_per: int = 12, dim: int = 8, seed: int = 0) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    rng = np.random.default_rng(seed)
    classes = [("economic",), ("morality",), ("policy prescription and evaluation", "political")]
    X = np.vstack([rng.normal(0, 0.1, (n_per, dim)) + np.eye(dim)[i] for i in range(len(classes))])
    return X, [c for c in classes for _ in range(n_per)]


def test_head_learns_classes_and_a_merged_class_covers_both_names():
    X, gold = _blobs()
    head = fs.fit_head(X, gold)
    P = head.class_proba(X)
    assert (P.argmax(axis=1) == np.repeat(np.arange(3), 12)).all()
    assert head.covers("political") and head.covers("policy prescription and evaluation") and not head.covers("other")
    assert all(0.05 <= t <= 0.9 for t in head.thresholds)
    with pytest.raises(InputError, match="two frames"):
        fs.fit_head(X[:12], gold[:12])


def test_present_frames_use_thresholds_or_the_top_frame_alone():
    frames = [POLICY_FRAMES[0], POLICY_FRAMES[2], SIDE]
    probs = np.array([[0.6, 0.3, 0.1], [0.1, 0.1, 0.1]])
    out = fs.present_frames(probs, frames, ["economic", "economic"], {"economic": 0.5, "morality": 0.25,
                                                                      "digital sovereignty": 0.5})
    assert out == ["economic;morality", ""]
    assert fs.present_frames(probs, frames, ["economic", "morality"], None) == ["economic", "morality"]


@pytest.fixture
def tiny_encoder(tiny_models, private_cache):
    return str(tiny_models["3way"])


def test_score_frames_with_the_encoder_backend(tiny_encoder):
    statements = scored_statements().drop(columns=["top_frame", "frames_present"])
    statements = statements.drop(columns=[c for c in statements.columns if c.startswith("frame:")])
    frames = [*POLICY_FRAMES, SIDE]
    scored = score_frames(statements, frames=frames, backend="encoder", model=tiny_encoder)
    cols = [f"frame:{f.name}" for f in frames]
    P = scored[cols].to_numpy()
    assert ((P >= 0) & (P <= 1)).all() and scored["top_frame"].tolist() == [frames[j].name for j in P.argmax(1)]
    prov = scored.attrs["provenance"]
    assert prov["backend"] == "encoder" and prov["method"] == "prototypes" and len(prov["model_sha256"]) == 64
    thresholds = prov["present_thresholds"]
    assert set(thresholds) == {f.name for f in frames}
    for row, present in zip(P, scored["frames_present"]):
        assert (present.split(";") if present else []) == [f.name for f, p in zip(frames, row) if p >= thresholds[f.name]]
    # the encoder reads what is said (cue verb + content, as few-shot stance does), not the premise naming the speaker
    said = [statement_text(c, q, k) for c, q, k in zip(statements["content"], statements["cue"], statements["kind"])]
    assert scored["premise"].tolist() != said  # the stance premise names the speaker
    bare = score_frames(said, frames=frames, backend="encoder", model=tiny_encoder)
    np.testing.assert_allclose(bare[cols].to_numpy(), P, atol=1e-6)
    again = score_frames(statements, frames=frames, backend="encoder", model=tiny_encoder)
    assert again.attrs["score_cache"]["hits"] == len(statements)


def test_a_head_adapted_from_examples_zeroes_unused_codebook_frames(tiny_encoder):
    from analysis.models.encoder import load_encoder

    texts = [f"{w} statement number {i}" for w in ("money budget", "moral duty") for i in range(6)]
    gold = [("economic",)] * 6 + [("morality",)] * 6
    backend = fs.EncoderFrameBackend(model=tiny_encoder, examples=FrameLabels(texts, gold), progress=False)
    frames = [*POLICY_FRAMES, SIDE]
    P = backend.frames(["The budget is too small.", "Russia wants control of its internet."], frames)
    names = [f.name for f in frames]
    assert (P[:, [names.index(n) for n in names if n not in ("economic", "morality", SIDE.name)]] == 0).all()
    assert (P[:, names.index(SIDE.name)] > 0).all()  # the sidecar's frame stays zero-shot
    prov = backend.provenance()
    assert prov["method"] == "head+prototypes" and prov["head"]["n_examples"] == 12
    assert load_encoder(tiny_encoder) is backend.encoder


def test_the_encoder_backend_is_a_frame_scorer_only_and_the_default(tiny_encoder, monkeypatch):
    from analysis.frames.scoring import FRAME_SCORERS
    from analysis.stance.base import FrameScorer, StanceScorer
    from analysis.stance.scoring import score_stance

    backend = fs.EncoderFrameBackend(model=tiny_encoder)
    assert isinstance(backend, FrameScorer) and not isinstance(backend, StanceScorer)
    with pytest.raises(InputError, match="StanceScorer"):
        score_stance(["x"], "t", backend=backend)
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", tiny_encoder)
    assert FRAME_SCORERS.identity()["backend"] == "encoder"  # score_frames() without a backend: the encoder


def test_real_encoder_reads_obvious_frames():
    from analysis.models.encoder import pinned_dir

    if not pinned_dir().is_dir():
        pytest.skip("all-mpnet-base-v2 not fetched (python -m analysis models fetch)")
    texts = ["Tax increases will cost families thousands of dollars a year and hurt small businesses.",
             "Troops were sent to the border to defend the country against a military attack.",
             "Doctors warn that the virus is filling hospitals and killing patients."]
    scored = score_frames(texts, backend="encoder", cache=False)
    assert scored["top_frame"].tolist() == ["economic", "security and defense", "health and safety"]
    assert all(top in present.split(";") for top, present in zip(scored["top_frame"], scored["frames_present"]))


def test_an_encoder_without_its_own_calibration_says_so(tiny_dir):
    """Each encoder's similarities have their own scale: a listed one gets its fitted constants,
    any other (here a tiny test model) mpnet's, and the provenance says they were not fitted for it."""
    from analysis.frames.scorer import CALIBRATION, CALIBRATIONS, PRESENT_THRESHOLD, EncoderFrameBackend

    backend = EncoderFrameBackend(model=str(tiny_dir), progress=False)
    prov = backend.provenance()
    assert prov["calibration"] == CALIBRATION and prov["present_threshold"] == PRESENT_THRESHOLD
    assert "not for this encoder" in prov["calibration_note"]
    gemma, threshold = CALIBRATIONS["google/embeddinggemma-300m"]
    assert gemma != CALIBRATION and threshold != PRESENT_THRESHOLD
