"""The Dask corpus runner in-process (a threads LocalCluster, or an external scheduler): dataset,
errors table, provenance, resume and batch calibration. Real kills are in test_kill.py."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.article import parse_article
from analysis.attribution.statements import extract_statements
from analysis.corpus import store
from analysis.corpus.inputs import read_corpus
from analysis.corpus.runner import run_corpus
from analysis.errors import CorpusError, InputError
from analysis.parquet_files import read_parquet_meta, write_parquet
from analysis.pipeline import ScoreOptions, resolve
from analysis.stance.scoring import score_stance
from tests.support import synthetic_corpus

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks

TARGET = "the transit plan"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    synthetic_corpus(folder, 5)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    return folder


def run(corpus, out, model, **kw):
    options = ScoreOptions(target=kw.pop("target", None), backend="nli", model=str(model), frames=False)
    kw.setdefault("stories", "none")  # finding stories needs the real encoder: tests/corpus/test_stories.py
    return run_corpus(corpus, out, options, processes=False, workers=1, progress=False,
                      name_pattern="outlet_date", **kw)


def test_a_run_writes_statements_articles_errors_and_provenance(corpus, tmp_path, tiny_models, private_cache):
    manifest = run(corpus, tmp_path / "out", tiny_models["3way"])
    assert manifest["status"] == "complete"
    assert [w["profiler"] for w in manifest["scheduler"]["workers"].values()] == [False]  # see test_profiler.py
    counts = manifest["counts"]
    assert [counts[k] for k in ("total", "done", "errors", "scored", "failed")] == [6, 5, 1, 5, 1]
    result = store.open_corpus(tmp_path / "out")
    articles, statements, errors = result.articles(), result.statements(), result.errors()
    assert sorted(articles["article_id"]) == sorted(p.stem for p in corpus.glob("*_story-*.txt"))
    assert set(articles["outlet"]) == {"daily-ledger", "evening-post", "metro-wire"}
    assert "text" not in articles and "text" in result.articles(text=True)
    assert errors[["article_id", "stage"]].values.tolist() == [["broken", "input"]] and "binary" in errors["reason"][0]
    assert statements.groupby("article_id").size().to_dict() == articles.set_index("article_id")["n_statements"].to_dict()
    assert manifest["provenance"]["stance"]["backend"] == "nli" and result.provenance["target"] == TARGET
    part = next((tmp_path / "out" / "statements").glob("*.parquet"))
    assert read_parquet_meta(part)["provenance"]["stance"]["target"] == TARGET


def test_a_sidecar_codebook_makes_its_article_few_shot_as_for_one_article(corpus, tmp_path, tiny_models,
                                                                          private_cache, monkeypatch):
    """The one pipeline: corpus articles resolve their options as a single article does, so an
    article whose sidecar carries labelled examples is scored few-shot (once only `--examples`
    reached a corpus), and a named backend would set the codebook aside."""
    import json

    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_models["3way"]))
    for other in corpus.glob("*_story-000[!2].*"):
        other.unlink()
    sidecar = next(corpus.glob("*_story-0002.json"))
    pd.DataFrame(PAIRS, columns=["text", "stance"]).to_csv(corpus / "codebook.csv", index=False)
    sidecar.write_text(json.dumps({"target": TARGET, "stance_examples": "codebook.csv"}), encoding="utf-8")
    run_corpus(corpus, tmp_path / "out", ScoreOptions(frames=False), processes=False, workers=1, progress=False)
    statements = store.open_corpus(tmp_path / "out").statements()
    record = next(r for r in read_corpus(corpus) if r.id.endswith("story-0002"))
    got = statements[statements["article_id"] == record.id].reset_index(drop=True)
    expected = score_stance(extract_statements(parse_article(record.text, sidecar=record.sidecar)), TARGET,
                            examples=list(PAIRS))
    pd.testing.assert_frame_equal(got[["p_favor", "p_against", "p_neutral"]], expected[["p_favor", "p_against", "p_neutral"]])
    captions = store.open_corpus(tmp_path / "out").articles(["article_id", "caption"]).set_index("article_id")["caption"]
    assert json.loads(captions[record.id])["mode"] == "few-shot, 3 examples" and len(captions) == 1
    zero_shot = run(corpus, tmp_path / "named", tiny_models["3way"])  # --backend nli: the codebook set aside
    assert zero_shot["provenance"]["stance"]["mode"] == "zero-shot"


def test_a_rerun_skips_finished_articles_and_redoes_only_what_is_missing(corpus, tmp_path, tiny_models, private_cache):
    out = tmp_path / "out"
    run(corpus, out, tiny_models["3way"])
    before = store.open_corpus(out).statements()
    again = run(corpus, out, tiny_models["3way"])
    assert (again["counts"]["scored"], again["counts"]["skipped_done"]) == (0, 6)
    # an article cut off after its statements were written but before its row: redone, once
    victim = next((out / "articles").glob("*.parquet"))
    victim.unlink()
    third = run(corpus, out, tiny_models["3way"])
    assert (third["counts"]["scored"], third["counts"]["redone_incomplete_or_changed"]) == (1, 1)
    pd.testing.assert_frame_equal(store.open_corpus(out).statements(), before)


def test_a_changed_article_or_target_is_redone_and_a_removed_one_dropped(corpus, tmp_path, tiny_models, private_cache):
    out = tmp_path / "out"
    run(corpus, out, tiny_models["3way"])
    first = sorted(corpus.glob("*_story-*.txt"))
    first[0].write_text(first[0].read_text(encoding="utf-8") + "\nThe mayor said the plan is a disaster.\n", encoding="utf-8")
    first[1].unlink()
    manifest = run(corpus, out, tiny_models["3way"])
    assert manifest["counts"]["scored"] == 1 and manifest["counts"]["removed_not_in_input"] == 1
    assert len(store.open_corpus(out).articles()) == 4
    retargeted = run(corpus, out, tiny_models["3way"], target="the mayor")
    assert retargeted["counts"]["scored"] == 4 and retargeted["provenance"]["stance"]["target"] == "the mayor"
    assert set(store.open_corpus(out).articles()["target"]) == {"the mayor"}
    assert len(list((out / "statements").glob("*.parquet"))) == 4  # old parts replaced, not kept


def test_an_article_without_statements_or_target_is_an_error_row(tmp_path, tiny_models, private_cache):
    folder = tmp_path / "c"
    synthetic_corpus(folder, 2, sidecars=False)
    manifest = run(folder, tmp_path / "out", tiny_models["3way"])
    errors = store.open_corpus(tmp_path / "out").errors()
    assert manifest["counts"]["errors"] == 2 and set(errors["stage"]) == {"analysis"}
    assert errors["reason"].str.contains("no stance target").all()
    assert run(folder, tmp_path / "out", tiny_models["3way"])["counts"]["skipped_done"] == 2  # not retried


def test_batch_calibration_over_the_corpus(corpus, tmp_path, tiny_models, private_cache):
    out = tmp_path / "out"
    manifest = run(corpus, out, tiny_models["3way"], batch_calibration=True, min_items=5)
    result = store.open_corpus(out)
    calibrated = result.statements(calibrated=True)
    assert manifest["batch_calibration"]["n_items"] == len(calibrated) == len(result.statements())
    assert calibrated[["p_favor", "p_against", "p_neutral"]].sum(axis=1).round(6).eq(1).all()
    assert "p_favor_before_batch" in calibrated and "batch-calibrated" in result.provenance["mode"]
    assert result.calibrated and not calibrated[["p_favor"]].equals(result.statements()[["p_favor"]])
    with pytest.raises(InputError, match="at least 10000"):
        run(corpus, tmp_path / "out2", tiny_models["3way"], batch_calibration=True, min_items=10_000)


def test_the_same_job_runs_on_an_existing_scheduler(corpus, tmp_path, tiny_models, private_cache):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        options = ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False)
        address = cluster.scheduler_address
        manifest = run_corpus(corpus, tmp_path / "out", options, scheduler=address, progress=False, stories="none")
    assert manifest["counts"]["done"] == 5 and manifest["scheduler"]["address"] == address
    with pytest.raises(CorpusError, match="cannot reach"):
        run_corpus(corpus, tmp_path / "o2", options, scheduler="tcp://127.0.0.1:9", progress=False)


def test_open_corpus_refuses_a_folder_without_a_run(tmp_path):
    with pytest.raises(CorpusError, match="not a corpus run"):
        store.open_corpus(tmp_path)


def test_without_calibration_the_calibrated_view_is_refused(corpus, tmp_path, tiny_models, private_cache):
    run(corpus, tmp_path / "out", tiny_models["3way"])
    result = store.open_corpus(tmp_path / "out")
    assert not result.calibrated
    with pytest.raises(CorpusError, match="--batch-calibration"):
        result.statements(calibrated=True)


def test_an_article_lost_to_worker_failures_is_retried_by_the_next_run(corpus, tmp_path, tiny_models, private_cache):
    from analysis.corpus.runner import RETRY_KEY, _write_error

    out = tmp_path / "out"
    run(corpus, out, tiny_models["3way"])
    part = next((out / "articles").glob("*.parquet"))
    idhash = part.name.split("-")[1]
    article_id = pd.read_parquet(part)["article_id"][0]
    _write_error(out, article_id, idhash, RETRY_KEY, "x", "worker failure KilledWorker: ...", "worker")
    assert not (out / "articles" / part.name).exists()  # the error replaced the article's parts
    manifest = run(corpus, out, tiny_models["3way"])
    assert manifest["counts"]["scored"] == 1 and manifest["counts"]["errors"] == 1  # only broken.txt is left
    assert set(store.open_corpus(out).errors()["stage"]) == {"input"}


PAIRS = (("The transit plan is a great idea.", "favor"), ("The transit plan is a waste of money.", "against"),
         ("The transit plan will be discussed on Monday.", "neutral"))


def test_few_shot_stance_and_encoder_frames_in_a_corpus_run(corpus, tmp_path, tiny_models, private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_models["3way"]))  # the frames' encoder (and stance's)
    out = tmp_path / "out"
    options = ScoreOptions(target=TARGET, examples=PAIRS, sidecar_frames=False)
    manifest = run_corpus(corpus, out, options, processes=False, workers=1, progress=False, name_pattern="outlet_date",
                          stories="none")
    assert manifest["counts"]["done"] == 5 and manifest["provenance"]["stance"]["mode"] == "few-shot"
    assert manifest["provenance"]["frames"]["backend"] == "encoder"
    statements = store.open_corpus(out).statements()
    assert statements["top_frame"].notna().all() and "frames_present" in statements
    record = next(r for r in read_corpus(corpus) if r.id.endswith("story-0002"))
    expected = score_stance(extract_statements(parse_article(record.text, sidecar=record.sidecar)), TARGET,
                            examples=list(PAIRS))
    got = statements[statements["article_id"] == record.id].reset_index(drop=True)
    pd.testing.assert_frame_equal(got[["p_favor", "p_against", "p_neutral"]], expected[["p_favor", "p_against", "p_neutral"]])
    other = ScoreOptions(target=TARGET, examples=PAIRS[:2] + (("The transit plan starts in May.", "neutral"),),
                         sidecar_frames=False)
    again = run_corpus(corpus, out, other, processes=False, workers=1, progress=False, name_pattern="outlet_date",
                       stories="none")
    assert again["counts"]["scored"] == 5  # other examples, other results: every article redone
    corpus_store = store.open_corpus(out)
    assert corpus_store.provenance["mode"] == "few-shot, 3 examples"  # one mode: named once
    # one article scored with the LLM's features too (a sidecar can turn them on): the caption counts each mode
    part = sorted((out / "statements").glob("part-*.parquet"))[0]
    meta = read_parquet_meta(part)
    meta["provenance"]["stance"]["llm_features"] = {"model": "llm"}
    write_parquet(pd.read_parquet(part), part, meta)
    assert corpus_store.stance_modes() == {"few-shot, 3 examples": 4, "few-shot, 3 examples + LLM features": 1}
    assert corpus_store.provenance["mode"] == "few-shot, 3 examples (4 articles); few-shot, 3 examples + LLM features (1 article)"


def test_examples_exclude_a_backend_and_llm_features_need_examples():
    with pytest.raises(InputError, match="drop the backend"):
        ScoreOptions(backend="nli", examples=PAIRS)
    with pytest.raises(InputError, match="give labelled examples"):
        resolve(parse_article("Title\n\nThe mayor said the plan works.", sidecar={"target": "the plan"}),
                ScoreOptions(llm_features=True))


def test_the_quoted_word_share_counts_a_nested_statement_s_words_once():
    from analysis.article import read_article
    from analysis.corpus.analyse import summary
    from tests.support import SEED_TXT

    statements = extract_statements(read_article(SEED_TXT))
    assert (statements["parent_id"] >= 0).any()  # Peskov inside the Kremlin's sentence
    statements = statements.assign(p_favor=0.5, p_against=0.2)
    words = statements["content"].str.split().str.len()
    quoted = statements["kind"].isin(["direct", "indirect", "mixed"])
    naive = words[quoted].sum() / words.sum()
    share = summary(statements)["quoted_word_share"]
    assert 0 < share < 1 and share != pytest.approx(naive)
