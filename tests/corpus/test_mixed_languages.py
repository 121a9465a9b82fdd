"""A corpus that mixes Russian and English: one run, a ``language`` column, one name per person
across scripts, and an index and article pages that carry the language.

The articles are the seed (English) and the project's Russian translation of it
(``seeds/translations``), so the same people are quoted in both languages.
"""
from __future__ import annotations

import re
import shutil

import pytest

from analysis.corpus.analyse import ScoreOptions
from analysis.corpus.runner import run_corpus
from analysis.corpus.store import open_corpus
from analysis.report.corpus_index import write_corpus_index
from tests.support import ROOT, SEED_TXT

pytestmark = pytest.mark.slow  # a Dask cluster

RU_TXT = ROOT / "seeds" / "translations" / "000_3e76e6e75a2eff3d.ru.txt"


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory, tiny_models):
    root = tmp_path_factory.mktemp("mixed")
    folder = root / "corpus"
    folder.mkdir()
    for source, name in ((SEED_TXT, "en_seed"), (RU_TXT, "ru_seed")):
        shutil.copy(source, folder / f"{name}.txt")
        shutil.copy(source.with_suffix(".json"), folder / f"{name}.json")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_CACHE_DIR", str(root / "cache"))
        run_corpus(folder, root / "run", ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False),
                   processes=False, workers=1, progress=False, stories="none")
    return open_corpus(root / "run"), root


def test_language_is_a_column_of_statements_and_articles(mixed_run):
    corpus, _ = mixed_run
    articles, statements = corpus.articles(), corpus.statements()
    assert dict(zip(articles["article_id"], articles["language"])) == {"en_seed": "en", "ru_seed": "ru"}
    assert statements.groupby("article_id")["language"].unique().map(list).to_dict() == {"en_seed": ["en"],
                                                                                          "ru_seed": ["ru"]}
    ru = statements[statements["article_id"] == "ru_seed"]
    assert (ru["kind"] != "narrator").sum() >= 6  # the Russian article's quotes are attributed, not all narrator


def test_one_name_and_id_per_person_across_the_two_languages(mixed_run):
    corpus, _ = mixed_run
    statements = corpus.statements()
    peskov = statements[statements["speaker_as_written"].isin(["Dmitry Peskov", "Дмитрий Песков"])]
    assert set(peskov["article_id"]) == {"en_seed", "ru_seed"}
    assert set(peskov["speaker"]) == {"Dmitry Peskov"} and peskov["speaker_id"].nunique() == 1
    durov = statements[statements["speaker_as_written"].isin(["Pavel Durov", "Павел Дуров"])]
    assert set(durov["article_id"]) == {"en_seed", "ru_seed"} and set(durov["speaker"]) == {"Pavel Durov"}
    assert set(statements.loc[statements["article_id"] == "ru_seed", "actor"]) >= {"Kremlin", "WhatsApp", "Telegram"}


def test_index_and_article_pages_carry_the_language(mixed_run):
    corpus, root = mixed_run
    index = write_corpus_index(corpus, root / "site")
    page = index.read_text(encoding="utf-8")
    assert 'lang="ru"' in page and "Кремль защитил ограничения WhatsApp" in page
    assert re.search(r'<th scope="col" data-key="language"', page)
    views = {p.read_text(encoding="utf-8").split("\n")[1] for p in (root / "site" / "articles").glob("*.html")}
    assert views == {'<html lang="en">', '<html lang="ru">'}


def test_captions_name_the_model_of_each_language(mixed_run):
    corpus, _ = mixed_run
    models = corpus.models_by_language("stance")
    assert set(models) == {"en", "ru"} and len(set(models.values())) == 1  # one zero-shot NLI model read both
    assert " + " not in corpus.provenance["model"]  # one model: named once
