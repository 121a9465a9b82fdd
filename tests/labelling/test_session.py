"""analysis.labelling: the session's decisions land in the labels file at once, resume, undo,
refit every 12 labels, the estimate and its plateau notice, frames feeding the frame head, and the
Flask app's routes (through its test client, no socket)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.evaluate import read_frame_labels
from analysis.labelling.estimate import Estimate, cv_macro_f1, stopped_rising
from analysis.labelling.pool import build_pool
from analysis.labelling.server import create_app
from analysis.labelling.session import REFIT_EVERY, LabellingSession
from analysis.models.encoder import load_encoder
from analysis.stance.examples import parse_examples
from analysis.stance.labels_file import read_labels_csv
from tests.support import HEADS, SEED_TXT, build_tiny_model, seed_sentences, words

TARGET = "The blocking of WhatsApp in Russia is justified."
KEYS = ("favor", "against", "neutral")


def pool_texts() -> list[str]:
    """The seed's sentences and 40 made of its words: more statements than a test labels."""
    return seed_sentences() + [words(12, seed=i).capitalize() + "." for i in range(40)]


@pytest.fixture(scope="module")
def enc_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("label_enc") / "enc", HEADS["3way"])


@pytest.fixture(scope="module")
def encoder(enc_dir):
    return load_encoder(enc_dir)


@pytest.fixture
def pool(tmp_path):
    csv = tmp_path / "pool.csv"
    pd.DataFrame({"text": pool_texts()}).to_csv(csv, index=False)
    return build_pool([SEED_TXT, csv])


def label(session, n, frames_every=0):
    for k in range(n):
        card = session.snapshot()["card"]
        frames = [POLICY_FRAMES[k % 3].name] if frames_every and k % frames_every == 0 else []
        session.decide(card["index"], KEYS[k % 3], frames)


def test_the_pool_carries_each_statements_context(pool):
    first = pool.candidates[0]
    assert first.speaker and first.cue and first.sentence and first.paragraph and first.source.endswith(".txt")
    assert first.cue in first.text  # reported speech: what is labelled is the cue verb and the content
    assert {f.name for f in POLICY_FRAMES} <= {f.name for f in pool.frames}


def test_every_decision_is_in_the_file_at_once_and_resumes(pool, encoder, tmp_path, private_cache):
    path = tmp_path / "labels.csv"
    s = LabellingSession(pool, path, TARGET, encoder)
    label(s, 5)
    s.decide(s.snapshot()["card"]["index"], "skip")
    rows = read_labels_csv(path, keep_skipped=True).rows
    assert [r.stance for r in rows] == ["favor", "against", "neutral", "favor", "against", "skip"]
    assert {r.target for r in rows} == {TARGET}
    undone = s.undo()
    assert undone is not None and undone.stance == "skip" and len(read_labels_csv(path, keep_skipped=True).rows) == 5
    assert s.snapshot()["card"]["text"] == undone.text  # the undone statement is shown again
    again = LabellingSession(pool, path, None, encoder)  # a restarted server: the file's target, its labels
    snap = again.snapshot()
    assert snap["labelled"] == 5 and snap["target"] == TARGET
    assert snap["card"]["text"] not in {r.text for r in rows[:5]}
    with pytest.raises(InputError, match="holds labels for the target"):
        LabellingSession(pool, path, "Vaccines are safe.", encoder)


def test_refit_every_12_labels_gives_an_estimate_and_actors(pool, encoder, tmp_path, private_cache):
    s = LabellingSession(pool, tmp_path / "labels.csv", TARGET, encoder)
    assert s.snapshot()["estimate"] is None and s.snapshot()["strategy"] == "typical"
    label(s, REFIT_EVERY - 1)
    assert len(s.rounds) == 1
    label(s, 1)
    snap = s.snapshot()
    assert len(s.rounds) == 2 and snap["estimate"]["labels"] == 12
    assert 0 <= snap["estimate"]["low"] <= snap["estimate"]["f1"] <= snap["estimate"]["high"] <= 1
    assert snap["actors"] and {"actor", "n", "net"} <= set(snap["actors"][0])
    assert snap["per_class"] == {"favor": 5, "against": 4, "neutral": 3} and snap["next_refit"] == 12


def test_the_estimate_is_cross_validated_and_says_when_it_stops_rising():
    rng = np.random.default_rng(0)
    X = np.vstack([np.eye(8)[i] * 3 + rng.normal(size=(10, 8)) for i in range(3)])
    y = [s for s in KEYS for _ in range(10)]
    est = cv_macro_f1(X, y)
    assert est is not None and est.f1 > 0.8 and est.folds == 5 and est.low <= est.f1 <= est.high
    assert cv_macro_f1(X[:11], y[:11]) is None  # fewer than 12 labels
    flat = [Estimate(0.50, 0.4, 0.6, 12, 2), Estimate(0.58, 0.5, 0.7, 24, 5), Estimate(0.585, 0.5, 0.7, 36, 5),
            Estimate(0.57, 0.5, 0.7, 48, 5)]
    assert stopped_rising(flat[:3]) is None
    assert "stopped rising" in (stopped_rising(flat) or "")
    assert stopped_rising(flat[:3] + [Estimate(0.62, 0.5, 0.7, 48, 5)]) is None


def test_frames_ticked_on_the_cards_train_the_frame_head(pool, encoder, enc_dir, tmp_path, private_cache):
    from analysis.frames.scorer import EncoderFrameBackend

    path = tmp_path / "labels.csv"
    s = LabellingSession(pool, path, TARGET, encoder)
    label(s, 12, frames_every=2)
    labels = read_frame_labels(path, POLICY_FRAMES)
    assert len(labels.texts) == 6 and all(len(g) == 1 for g in labels.gold)
    assert len(parse_examples(path)) == 12  # the same file is the stance examples
    backend = EncoderFrameBackend(model=enc_dir, examples=labels, progress=False)
    assert backend.head is not None
    prov = backend.provenance()
    assert prov["method"] == "head+prototypes" and prov["head"]["n_examples"] == 6


def test_the_app_answers_after_writing_and_refuses_bad_requests(pool, encoder, tmp_path, private_cache):
    path = tmp_path / "labels.csv"
    client = create_app(LabellingSession(pool, path, TARGET, encoder)).test_client()
    page = client.get("/")
    assert page.status_code == 200 and TARGET in page.get_data(as_text=True)
    card = client.get("/api/state").get_json()["card"]
    done = client.post("/api/label", json={"index": card["index"], "stance": "against", "frames": ["economic"]})
    assert done.status_code == 200 and done.get_json()["labelled"] == 1
    assert read_labels_csv(path).rows[0].frames == ("economic",)
    bad = client.post("/api/label", json={"index": 0, "stance": "maybe"})
    assert bad.status_code == 400 and "unknown stance" in bad.get_json()["error"]
    assert client.post("/api/undo").get_json()["labelled"] == 0


@pytest.mark.parametrize("args,message", [
    (["--target", "Should the app be blocked?"], "phrased as a question"),
    (["--target", "Vaccines are safe."], "holds labels for the target"),
    ([], "give the stance target"),
])
def test_the_command_says_what_is_wrong_in_one_line(tmp_path, enc_dir, private_cache, capsys, args, message):
    from analysis.cli.parser import main

    pool = tmp_path / "pool.csv"
    pd.DataFrame({"text": pool_texts()}).to_csv(pool, index=False)
    labels = tmp_path / "labels.csv"
    if "Vaccines are safe." in args:
        labels.write_text(f'text,stance,target\n"One.",favor,{TARGET}\n', encoding="utf-8")
    assert main(["label", str(pool), "--labels", str(labels), "--model", str(enc_dir), "--port", "0", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0]
