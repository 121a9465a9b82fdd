"""The article pipeline with stance examples: the key follows the examples, the caption says few-shot,
and the seed's codebook against tests/gold/seed_stance.json (real all-mpnet-base-v2, when fetched)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline as sa
from tests.support import SEED_TXT, fetched_encoder_dir, fetched_llm_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def article(tmp_path, private_cache, monkeypatch, tiny_dir):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_dir))
    # the zero-shot backend's identity hashes the LLM, absent from the private cache
    monkeypatch.setattr(sa, "backend_identity", lambda backend, model: {"backend": backend or "llm"})
    txt = tmp_path / "a.txt"
    shutil.copy(SEED_TXT, txt)
    pd.DataFrame({"text": ["The ban is right.", "The ban is wrong.", "The ban began on Monday."],
                  "stance": ["favor", "against", "neutral"]}).to_csv(tmp_path / "codebook.csv", index=False)
    (tmp_path / "a.json").write_text(json.dumps({"target": "the ban", "stance_examples": "codebook.csv"}))
    return txt


def test_key_changes_when_the_examples_csv_changes(article):
    before = sa.scored_key(article)
    assert sa.scored_key(article) == before
    csv = article.parent / "codebook.csv"
    csv.write_text(csv.read_text() + "The ban is a disgrace.,against\n")
    changed = sa.scored_key(article)
    assert changed != before
    other = article.parent / "other.csv"
    other.write_text("text,stance\nGood ban.,favor\nBad ban.,against\n")
    assert sa.scored_key(article, sa.ScoreOptions.from_files(examples=other)) not in (before, changed)
    # an explicit zero-shot backend ignores the sidecar's codebook
    assert sa.scored_key(article, sa.ScoreOptions(backend="nli")) != changed


def test_article_examples_and_mode():
    assert sa.stance_mode({"mode": "zero-shot"}) == "zero-shot"
    assert sa.stance_mode({"mode": "few-shot", "examples": {"n": 34}}) == "few-shot, 34 examples"


def _fetched(encoder: str) -> bool:
    if encoder == "all-mpnet-base-v2":
        return fetched_encoder_dir() is not None
    from analysis.config import models_dir
    from analysis.models.chunked_fetch import GEMMA_SPEC

    return (models_dir() / GEMMA_SPEC.dirname / GEMMA_SPEC.weights).is_file()


#: encoder -> (gold statements right at least, the least |net| of the four actors in the right
#: direction): measured, see MEASUREMENTS.md, "Few-shot stance" and "Which encoder each language uses"
SEED_CODEBOOK = {"embeddinggemma": (8, 0.2), "all-mpnet-base-v2": (9, 0.0)}
SEED_CODEBOOK_LLM = {"embeddinggemma": (10, 0.2), "all-mpnet-base-v2": (10, 0.2)}


@pytest.mark.real_model
@pytest.mark.parametrize("llm_features", [False, True], ids=["codebook", "codebook+llm"])
@pytest.mark.parametrize("encoder", ["embeddinggemma", "all-mpnet-base-v2"])
def test_seed_codebook_against_hand_labels(monkeypatch, encoder, llm_features):
    """The seed's sidecar codebook on the default encoder (EmbeddingGemma) and on all-mpnet-base-v2,
    with and without the LLM's reading as features (the seed's own setting is with): how many of
    the hand-labelled statements come out right, and each actor's net toward the target
    (printed by benchmarks/bench_fewshot.py --sections seed). The LLM's scores go through the real
    score cache, so only a cold machine runs it (~1 minute)."""
    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements
    from analysis.stance.evaluate import load_gold, match_gold, voice_nets
    from analysis.stance.scoring import score_stance

    if not _fetched(encoder) or (llm_features and fetched_llm_file() is None):
        pytest.skip(f"{encoder} or the LLM not fetched (python -m analysis models fetch --multilingual)")
    monkeypatch.delenv("ANALYSIS_ENCODER_MODEL", raising=False)
    monkeypatch.delenv("ANALYSIS_LLM_MODEL", raising=False)
    art = read_article(SEED_TXT)
    assert art.sidecar.stance_llm_features is True
    scored = score_stance(extract_statements(art), art.target, examples=art.sidecar.stance_examples,
                          model=None if encoder == "embeddinggemma" else encoder, llm_features=llm_features)
    assert scored.attrs["provenance"]["mode"] == ("few-shot + LLM features" if llm_features else "few-shot")
    assert scored.attrs["provenance"]["model"].endswith({"embeddinggemma": "embeddinggemma-300m"}.get(encoder, encoder))
    m = match_gold(scored, load_gold(ROOT / "tests" / "gold" / "seed_stance.json"))
    assert m["predicted"].notna().all()  # every gold statement was found
    least_right, margin = (SEED_CODEBOOK_LLM if llm_features else SEED_CODEBOOK)[encoder]
    assert int(m["right"].sum()) >= least_right
    nets = voice_nets(scored)
    assert nets["Kremlin"] > 0.2 and nets["Roskomnadzor"] > 0.2  # the aim
    assert nets["WhatsApp"] < -margin and nets["Telegram"] < -margin  # the aim is < -0.2 (mpnet alone: < 0)


def test_key_changes_when_the_extraction_code_changes(article, monkeypatch):
    """A scored file made by other attribution rules is not reused (the package version alone
    would not change)."""
    before = sa.scored_key(article)
    monkeypatch.setattr(sa, "extraction_fingerprint", lambda: "other rules")
    assert sa.scored_key(article) != before


def test_few_shot_key_does_not_need_the_zero_shot_model(article, monkeypatch):
    def no_llm(backend, model):
        raise AssertionError("the zero-shot backend was resolved for a few-shot article")

    monkeypatch.setattr(sa, "backend_identity", no_llm)
    sa.scored_key(article)  # the sidecar's codebook: few-shot
    with pytest.raises(AssertionError, match="zero-shot backend"):
        sa.scored_key(article, sa.ScoreOptions(backend="nli"))


@pytest.mark.slow
def test_the_scored_file_is_self_contained_and_reused_while_its_key_holds(tmp_path, tiny_models, private_cache,
                                                                         monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_models["3way"]))  # the frame scorer's encoder, tiny
    article = tmp_path / "story.txt"
    shutil.copy(SEED_TXT, article)
    shutil.copy(SEED_TXT.with_suffix(".json"), tmp_path / "story.json")
    options = sa.ScoreOptions(backend="nli", model=str(tiny_models["3way"]))
    out = sa.score_article(article, tmp_path / "build", options)
    stamp = out.stat().st_mtime_ns
    assert sa.score_article(article, tmp_path / "build", options) == out and out.stat().st_mtime_ns == stamp
    text = article.read_text(encoding="utf-8")
    article.unlink()  # the file needs nothing else: not the article, not its sidecar
    (tmp_path / "story.json").unlink()
    scored = sa.read_scored(out)
    assert scored.article.text == text and scored.article.sidecar.target == "the blocking of WhatsApp in Russia"
    assert scored.provenance["mode"] == "zero-shot" and scored.provenance["backend"] == "nli"
    assert scored.stance_provenance["mode"] == "zero-shot" and scored.frames_provenance["backend"] == "encoder"
    first = scored.statements.iloc[0]
    assert scored.article.text[first["content_start"]:first["content_end"]] == first["content"]


def test_a_scored_file_of_another_format_is_refused(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "old.scored.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    with pytest.raises(sa.InputError, match="not a scored-article file of format 2"):
        sa.read_scored(path)


@pytest.mark.parametrize("options, message", [
    (dict(backend="nli", examples=(("The ban is right.", "favor"),)), "drop the backend"),
    (dict(llm_features=True, backend="nli"), "give labelled examples"),
    (dict(codebook=(("Bans are wrong.", "against"),), backend="nli"), "drop --backend"),
])
def test_option_conflicts_are_one_clear_error(options, message, tmp_path):
    with pytest.raises(sa.InputError, match=message):
        sa.resolve(sa.read_article(SEED_TXT), sa.ScoreOptions(**options))


def test_a_codebook_joins_the_labels_and_changes_the_key_and_the_scores(article, tmp_path):
    """--codebook: general sentences joining the labels as lighter rows; the key, the identity and the
    scores name it; a codebook for another target is refused, one without a target is welcome."""
    from analysis.article import read_article

    labels = tmp_path / "labels.csv"
    labels.write_text("text,stance,target\nThe ban protects us.,favor,the ban\nThe ban silences people.,against,the ban\n"
                      "The ban starts in May.,neutral,the ban\n")
    book = tmp_path / "book.csv"
    book.write_text("text,stance\nCensorship is a crime.,against\nOrder needs rules.,favor\nA law was passed.,neutral\n")
    plain = sa.ScoreOptions.from_files(examples=labels)
    with_book = sa.ScoreOptions.from_files(examples=labels, codebook=book)
    assert with_book.codebook is not None and len(with_book.codebook) == 3 and with_book.codebook_source == str(book)
    assert sa.scored_key(article, with_book) != sa.scored_key(article, plain)
    assert sa.options_identity(with_book)["codebook"] != sa.options_identity(plain)["codebook"] is None
    art = read_article(article)
    resolved = sa.resolve(art, with_book)
    assert resolved.stance_identity()["codebook"]["weight"] == 0.25
    statements = sa.extract_statements(art)
    scored, prov, _ = sa.score_statements(art, statements, resolved)
    alone, alone_prov, _ = sa.score_statements(art, statements, sa.resolve(art, plain))
    assert prov["stance"]["codebook"]["n"] == 3 and prov["stance"]["codebook_source"] == str(book)
    assert "codebook_source" not in alone_prov["stance"]
    assert not scored["p_favor"].equals(alone["p_favor"])
    # the sidecar's stance_examples count as the examples a codebook joins
    assert sa.resolve(art, sa.ScoreOptions(codebook=with_book.codebook)).codebook == with_book.codebook
    bare = tmp_path / "bare.txt"  # no sidecar, so no stance_examples: a codebook alone is refused
    shutil.copy(SEED_TXT, bare)
    with pytest.raises(sa.InputError, match="give --examples too"):
        sa.resolve(read_article(bare), sa.ScoreOptions(target="the ban", codebook=with_book.codebook))
    other = tmp_path / "other_book.csv"
    other.write_text("text,stance,target\nCensorship is a crime.,against,the tariff\nOrder needs rules.,favor,the tariff\n")
    with pytest.raises(sa.InputError, match="codebook .* is for the target 'the tariff'"):
        sa.ScoreOptions.from_files(examples=labels, codebook=other)


def test_resolve_takes_the_sidecar_codebook_unless_a_backend_is_named(article):
    from analysis.article import read_article

    art = read_article(article)
    few = sa.resolve(art, sa.ScoreOptions())
    assert few.few_shot and few.examples_source == "sidecar: codebook.csv" and len(few.examples) == 3
    assert not sa.resolve(art, sa.ScoreOptions(backend="nli")).few_shot
    assert sa.resolve(art, sa.ScoreOptions(target="another target")).target == "another target"


@pytest.mark.real_model
def test_the_identity_of_a_russian_article_names_the_encoder_that_scores_it():
    """The scored file's key and the caption name the encoder few-shot stance will use:
    EmbeddingGemma for a Russian article read with an English codebook and for English, and the
    encoder ``--model`` names for stance and frames alike."""
    from analysis.config import models_dir
    from analysis.models.chunked_fetch import GEMMA_SPEC

    if not (models_dir() / GEMMA_SPEC.dirname / GEMMA_SPEC.weights).is_file():
        pytest.skip("EmbeddingGemma not fetched (python -m analysis models fetch --multilingual)")
    seeds = ROOT / "seeds"
    ru = sa.resolve(sa.read_article(seeds / "translations" / "000_3e76e6e75a2eff3d.ru.txt"), sa.ScoreOptions())
    en = sa.resolve(sa.read_article(seeds / "000_3e76e6e75a2eff3d.txt"), sa.ScoreOptions())
    assert (ru.language, en.language) == ("ru", "en")
    assert ru.stance_identity()["encoder"]["model"] == "google/embeddinggemma-300m"
    assert en.stance_identity()["encoder"]["model"] == "google/embeddinggemma-300m"
    assert en.identity()["frames"][0]["model"] == "google/embeddinggemma-300m"
    if fetched_encoder_dir() is not None:
        named = sa.resolve(sa.read_article(seeds / "000_3e76e6e75a2eff3d.txt"), sa.ScoreOptions(model="all-mpnet-base-v2"))
        assert named.stance_identity()["encoder"]["model"] == "sentence-transformers/all-mpnet-base-v2"
        assert named.identity()["frames"][0]["model"] == "sentence-transformers/all-mpnet-base-v2"
