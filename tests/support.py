"""Test helpers shared by several test modules: paths, real seed sentences, tiny NLI models.

The tiny models are real BertForSequenceClassification checkpoints with a WordPiece
tokenizer trained here on a few hundred words; their scores are meaningless, but every code
path (tokenisation, pairs, windows, batching, label mapping) is the one a real model takes.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_TXT = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
TINY_MAX_LENGTH = 64  # small window so long statements split cheaply

HEADS = {
    "3way": {0: "entailment", 1: "neutral", 2: "contradiction"},
    # same weights as "3way", labels listed in another order and case: the mapping must follow
    "3way_permuted": {0: "CONTRADICTION", 1: "Entailment", 2: "neutral"},
    "2way": {0: "entailment", 1: "not_entailment"},
}


def _models_root() -> Path:
    """Where ``python -m analysis models fetch`` puts the models (the real cache root, not a test's)."""
    import os

    from platformdirs import user_cache_dir

    return Path(os.environ.get("ANALYSIS_CACHE_DIR") or user_cache_dir("news-stance-analysis")) / "models"


def fetched_encoder_dir() -> Path | None:
    """The real all-mpnet-base-v2 that ``python -m analysis models fetch`` put in the cache root, or None."""
    d = _models_root() / "all-mpnet-base-v2"
    return d if (d / "model.safetensors").is_file() else None


def fetched_llm_file() -> Path | None:
    """The pinned GGUF LLM that ``python -m analysis models fetch`` put in the cache root, or None."""
    from analysis.models.fetching import MODEL_SPEC

    f = _models_root() / MODEL_SPEC.filename
    return f if f.is_file() else None


def seed_sentences() -> list[str]:
    """Real sentences from the seed article (split on '. ')."""
    text = SEED_TXT.read_text(encoding="utf-8")
    parts = [p.strip() for line in text.splitlines() for p in line.split(". ")]
    return [p if p.endswith((".", '"', "?")) else p + "." for p in parts if len(p.split()) >= 5]


def _vocabulary_corpus() -> list[str]:
    from analysis.frames.codebook import POLICY_FRAMES
    from analysis.stance.backends.nli import DEFAULT_FRAME_TEMPLATE, DEFAULT_TEMPLATES
    from analysis.stance.scoring import DEFAULT_LABELS

    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    lines += list(DEFAULT_TEMPLATES) + [DEFAULT_FRAME_TEMPLATE] + list(DEFAULT_LABELS.values())
    lines += [f.description for f in POLICY_FRAMES]
    lines += ["The article's author writes said this text is about in favor of against neutral"]
    return lines


def build_tiny_model(directory: Path, id2label: dict[int, str], seed: int = 0,
                     max_length: int = TINY_MAX_LENGTH) -> Path:
    """Save a 2-layer BERT sequence classifier and its WordPiece tokenizer to ``directory``."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.train_from_iterator(_vocabulary_corpus(), trainers.WordPieceTrainer(vocab_size=600, special_tokens=special))
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)]
    )
    fast = BertTokenizerFast(tokenizer_object=tok, model_max_length=max_length, unk_token="[UNK]",
                             pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=max_length, initializer_range=0.2,
        id2label=dict(id2label), label2id={v: k for k, v in id2label.items()},
    )
    model = BertForSequenceClassification(config).eval()
    with torch.no_grad():  # larger logits, so different inputs give visibly different scores
        model.classifier.weight.mul_(10.0)
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    fast.save_pretrained(directory)
    return directory




def words(n: int, seed: int = 0) -> str:
    """A long text of ``n`` words drawn from the seed article (deterministic)."""
    import random

    vocab = re.findall(r"[A-Za-z]+", SEED_TXT.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    return " ".join(rng.choice(vocab) for _ in range(n))


WIRE_TXT = ROOT / "tests" / "data" / "wire_story.txt"
OUTLETS = ("Daily Ledger", "Evening Post", "Metro Wire")


def synthetic_corpus(folder: Path, n: int, seed: int = 0, paragraphs: int = 3, sidecars: bool = True,
                     stories: bool = False) -> list[Path]:
    """``n`` small articles recombined from the seed and wire-story paragraphs, named
    ``OUTLET_YYYY-MM-DD_story-K.txt`` (outlets and dates cycle), with sidecars naming the target
    (and with ``stories``, the event: articles 0-2 are event-0 from the three outlets, 3-5 event-1, ...)."""
    import json
    import random

    pool = []
    for path in (SEED_TXT, WIRE_TXT):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()[1:]]
        pool += [ln for ln in lines if len(ln.split()) >= 8 and ln.endswith((".", '"', ".\u201d"))]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(n):
        outlet = OUTLETS[k % len(OUTLETS)].replace(" ", "-").lower()
        date = f"2025-0{1 + k % 3}-{10 + k % 17:02d}"
        path = folder / f"{outlet}_{date}_story-{k:04d}.txt"
        body = rng.sample(pool, paragraphs)
        path.write_text(f"Story number {k} on the transit plan\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        if sidecars:
            side = {"target": "the transit plan", **({"story": f"event-{k // len(OUTLETS)}"} if stories else {})}
            path.with_suffix(".json").write_text(json.dumps(side), encoding="utf-8")
        written.append(path)
    return written


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
#: Module marks of a test that drives Debian's chromium through chromium-driver.
BROWSER_MARKS = [pytest.mark.browser,
                 pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver")]


def headless_chrome():
    """A headless chromium under selenium (1400x900, console logs kept); the caller quits it."""
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def assert_statement_invariants(article, frame) -> None:
    """The package's contract on one article: every non-space character lies in exactly one top-level
    statement, heading or boilerplate span, and each row's content, speaker and cue are the text at
    their offsets, the content inside its sentences."""
    from analysis.attribution.statements import top_level

    counts = [0] * len(article.text)
    top = top_level(frame)
    for start, end in list(zip(top.sentence_start, top.sentence_end)) + article.headings + article.boilerplate:
        for i in range(start, end):
            counts[i] += 1
    for i, ch in enumerate(article.text):
        if not ch.isspace():
            assert counts[i] == 1, (i, article.text[max(0, i - 40):i + 40])
    for row in frame.itertuples():
        assert article.text[row.content_start:row.content_end] == row.content
        assert row.sentence_start <= row.content_start < row.content_end <= row.sentence_end
        if row.kind != "narrator":
            assert article.text[row.speaker_start:row.speaker_end] == row.speaker_mention
            if row.cue_start >= 0:
                assert article.text[row.cue_start:row.cue_end] == row.cue


def ru_statements(text: str):
    """The statements of a Russian text (the sidecar says Russian: no detection involved)."""
    from analysis.article import parse_article
    from analysis.attribution.statements import extract_statements

    return extract_statements(parse_article(text, sidecar={"language": "ru"}))


def ru_attributed(text: str):
    """The statements of a Russian text that have a speaker."""
    frame = ru_statements(text)
    return frame[frame.kind != "narrator"]


def assert_one_statement(frame, rule: str, kind: str, speaker: str, cue: str, content: str) -> None:
    """The text is one statement, found by ``rule``, with that kind, speaker, cue and content."""
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row.rule, row.kind, row.speaker, row.cue, row.content) == (rule, kind, speaker, cue, content)
