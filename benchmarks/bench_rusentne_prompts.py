"""RuSentNE few-shot stance (48 ``auto`` labels): entity-conditioned prompts and LLM features. Numbers only.

Usage (needs EmbeddingGemma and, for ``llm``, the zero-shot LLM; run with ``nice``; new prompts
encode the subsample again, ~3 sentences/s on 2 shared cores; LLM states ~1-3 s per sentence):

    nice .venv/bin/python -m benchmarks.bench_rusentne_prompts --n 600 --levers prompts
    nice .venv/bin/python -m benchmarks.bench_rusentne_prompts --n 600 --levers llm
    nice .venv/bin/python -m benchmarks.bench_rusentne_prompts --n 600 --levers prompts,llm,combo,ensemble,polar

Protocol as benchmarks.bench_rusentne_levers: a seeded subsample, 48 labels by ``auto`` on the
baseline features (seeds 0..draws-1), the same 48 per draw for every row, macro-F1 over three
classes on the rest, mean ± sd. The baseline (the current head: Gemma layers 12, 18 + sentence,
the model card's ``task: classification | query: `` prompt) and the baseline with the English
and Russian codebooks (130 rows) at CODEBOOK_WEIGHT are printed first. Levers:

  prompts   EmbeddingGemma's prompt conditioned on the row's entity (the prompt is encoded as the
            encoder encodes its own: tokenised apart from the text, pooled with it), each
            alone, with the codebook rows encoded in the same prompt form (their entity is
            the one in brackets, brackets removed), and beside the baseline features
  llm       the zero-shot LLM's answer state (analysis.stance.llm_features: standardised on the
            training rows, length SCALE, appended); the text has the entity in brackets and the
            target is one fixed phrase naming the bracketed entity; ``--llm-target entity``: each
            row's own entity (the ~210-token prompt prefix is then read again for every row:
            10-19 s a row on the loaded 2-core machine, not run to the end here)
  combo     combinations: each entity prompt + LLM features + codebook; every prompt's features
            beside the baseline's (with codebook, with LLM features)
  ensemble  late fusion: the (Gemma + codebook) head's log-probabilities mixed with those of an
            (LLM states + codebook) head or of a (prompted Gemma + codebook) head
  polar     a second head: polar-vs-neutral on the same features, then favor-vs-against on polar
            rows (both class-balanced; the codebook rows in both at CODEBOOK_WEIGHT)
"""
from __future__ import annotations

import argparse
import re
import sys

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from analysis.models.multilingual import GemmaEncoder
from analysis.stance.backends.llm_states import answer_states
from analysis.stance.fewshot import CODEBOOK_WEIGHT, fit_head
from analysis.stance.llm_features import SCALE, LLMFeatures
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels
from benchmarks.bench_active import Pool, auto
from benchmarks.bench_multilingual import GEMMA_LAYERS, GEMMA_SETS, rusentne, rusentne_texts, slice_blocks
from benchmarks.bench_multilingual_codebooks import ENGLISH_ENTITY_CODEBOOK, RUSSIAN_ENTITY_CODEBOOK
from benchmarks.pools import LABELS, macro_f1

BLOCKS = GEMMA_SETS["layers 12, 18 + sentence"]
BASE_PROMPT = "task: classification | query: "
#: name -> the prompt (before the text) for a row whose entity is {entity}
PROMPTS = {
    "sentiment": "task: sentiment toward {entity} | query: ",
    "ru-attitude": "task: classification | query: Отношение к {entity}: ",
    "stance": "task: stance detection toward {entity} (favor, against or neutral) | query: ",
}
LLM_TARGET = "the entity in square brackets"
BOOK = ENGLISH_ENTITY_CODEBOOK + RUSSIAN_ENTITY_CODEBOOK


def book_rows() -> tuple[list[str], list[str], list[str], np.ndarray]:
    """The codebook's texts without brackets, its entities, its bracketed texts and labels."""
    plain, ents, marked = [], [], []
    for t, _ in BOOK:
        m = re.search(r"\[([^\]]+)\]", t)
        if m is None:
            raise ValueError(f"codebook row without a bracketed entity: {t!r}")
        plain.append(t.replace("[", "").replace("]", ""))
        ents.append(m.group(1))
        marked.append(t)
    return plain, ents, marked, np.array([s for _, s in BOOK])


def encode_prompted(g: GemmaEncoder, texts: list[str], entities: list[str], prompt: str, desc: str) -> np.ndarray:
    """Gemma features (layers 12, 18 + sentence) of each text under ``prompt`` with its entity filled
    in; rows with the same entity share one call (the encoder's prompt is per call)."""
    out = np.zeros((len(texts), 768 * len(GEMMA_LAYERS)), dtype=np.float32)
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(entities):
        groups.setdefault(e, []).append(i)
    for e, idx in tqdm(groups.items(), desc=desc, unit="entity", file=sys.stderr):
        g.prompt = prompt.format(entity=e)
        out[idx] = g.encode([texts[i] for i in idx], layers=GEMMA_LAYERS, progress=False)
    g.prompt = BASE_PROMPT
    return slice_blocks(out, 768, BLOCKS)


def llm_states(texts: list[str], labels: dict[str, str], chunk: int = 40) -> np.ndarray:
    """The LLM's answer states toward LLM_TARGET, in chunks so that each is cached as it is done."""
    out = [answer_states(texts[i:i + chunk], LLM_TARGET, labels)
           for i in tqdm(range(0, len(texts), chunk), desc="LLM states (chunks)", unit="chunk", file=sys.stderr)]
    return np.vstack(out).astype(np.float64)


def llm_states_per_entity(texts: list[str], entities: list[str], desc: str) -> np.ndarray:
    """The LLM's answer states with each row's own entity as the target (one prompt prefix per row)."""
    out = [answer_states([t], e, resolve_labels(DEFAULT_LABELS, e))[0]
           for t, e in tqdm(list(zip(texts, entities)), desc=desc, unit="text", file=sys.stderr)]
    return np.array(out, dtype=np.float64)


def side_by_side(*parts: np.ndarray) -> np.ndarray:
    return np.hstack(parts) / np.sqrt(len(parts))


def head_predict(X: np.ndarray, y: np.ndarray, tr: np.ndarray, B: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """Labels of every row from the package head fitted on the rows ``tr`` (plus codebook rows at CODEBOOK_WEIGHT)."""
    if B is None:
        head = fit_head(X[tr], y[tr].tolist(), calibrate=False)
    else:
        w = np.concatenate([np.ones(len(tr)), np.full(len(B[1]), CODEBOOK_WEIGHT)])
        head = fit_head(np.vstack([X[tr], B[0]]), [*y[tr], *B[1]], calibrate=False, weights=w)
    return LABELS[head.predict_proba(X, calibrated=False).argmax(1)]


def head_log_proba(X: np.ndarray, y: np.ndarray, tr: np.ndarray, B: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """(n, 3) log-probabilities (LABELS order) of the package head on ``tr`` plus codebook rows."""
    w = np.concatenate([np.ones(len(tr)), np.full(len(B[1]), CODEBOOK_WEIGHT)])
    head = fit_head(np.vstack([X[tr], B[0]]), [*y[tr], *B[1]], calibrate=False, weights=w)
    return np.log(np.clip(head.predict_proba(X, calibrated=False), 1e-12, 1))


def with_llm(X: np.ndarray, V: np.ndarray, y: np.ndarray, tr: np.ndarray, book: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
             scale: float = SCALE) -> np.ndarray:
    """LLM features as the package appends them: standardised with the training rows' (examples' and
    codebook's) mean and sd, length ``scale``."""
    feats = LLMFeatures(lambda: {}, scale=scale)
    rows = V[tr] if book is None else np.vstack([V[tr], book[2]])
    stats = feats.fit_stats(rows)
    XL = np.hstack([X, feats.transform(V, stats)])
    if book is None:
        return head_predict(XL, y, tr, None)
    return head_predict(XL, y, tr, (np.hstack([book[0], feats.transform(book[2], stats)]), book[1]))


def two_stage(X: np.ndarray, y: np.ndarray, tr: np.ndarray, B: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """Polar-vs-neutral head, then favor-vs-against head on the rows called polar (both the package's
    weighted, class-balanced logistic regression through fit_head's ``weights``)."""
    from sklearn.linear_model import LogisticRegression

    Xt, yt, wt = X[tr], y[tr], np.ones(len(tr))
    if B is not None:
        Xt, yt = np.vstack([Xt, B[0]]), np.concatenate([yt, B[1]])
        wt = np.concatenate([wt, np.full(len(B[1]), CODEBOOK_WEIGHT)])

    def balanced(lab: np.ndarray, w: np.ndarray) -> np.ndarray:
        per = {c: w[lab == c].sum() for c in set(lab)}
        return w * np.array([w.sum() / (len(per) * per[c]) for c in lab])

    polar = np.where(yt == "neutral", "neutral", "polar")
    m1 = LogisticRegression(max_iter=2000).fit(Xt, polar, sample_weight=balanced(polar, wt))
    keep = yt != "neutral"
    m2 = LogisticRegression(max_iter=2000).fit(Xt[keep], yt[keep], sample_weight=balanced(yt[keep], wt[keep]))
    out = np.full(len(X), "neutral", dtype=object)
    is_polar = m1.predict(X) == "polar"
    if is_polar.any():
        out[is_polar] = m2.predict(X[is_polar])
    return out.astype(str)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--levers", default="prompts")
    ap.add_argument("--llm-target", choices=("bracketed", "entity"), default="bracketed",
                    help=f"the LLM's target: {LLM_TARGET!r} (one prompt prefix) or each row's entity")
    ap.add_argument("--llm-no-codebook", action="store_true",
                    help="LLM states of the RuSentNE rows only (rows with LLM features + codebook are left out)")
    ap.add_argument("--prompts", default=",".join(PROMPTS), help="which of PROMPTS to run")
    args = ap.parse_args()
    levers = args.levers.split(",")
    df: pd.DataFrame = rusentne(args.n)
    y = df["stance"].to_numpy()
    texts, ents = rusentne_texts(df, "none"), df["entity"].tolist()
    g = GemmaEncoder()
    X = slice_blocks(g.encode(texts, layers=GEMMA_LAYERS), 768, BLOCKS)
    plain, bents, marked, yb = book_rows()
    B = slice_blocks(g.encode(plain, layers=GEMMA_LAYERS), 768, BLOCKS)
    pool = Pool("rusentne", X, 768, y, None, None)
    picks = [auto(pool, 48, d) for d in range(args.draws)]
    rows: dict[str, list[float]] = {}

    def add(name: str, fn) -> None:
        s = []
        for train in picks:
            rest = np.setdiff1d(np.arange(len(y)), train)
            s.append(macro_f1(y[rest], fn(train)[rest]))
        rows[name] = s
        diff = np.array(s) - np.array(rows.get("baseline", s))
        print(f"| {name} | {np.mean(s):.3f} ± {np.std(s):.3f} | {diff.mean():+.3f} ± {diff.std():.3f} |", flush=True)

    print(f"\n## RuSentNE {len(y)} (seeded subsample), Gemma layers 12, 18 + sentence, 48 labels by auto, "
          f"macro-F1 on the rest, {args.draws} draws; codebook: English + Russian ({len(yb)} rows) at w "
          f"{CODEBOOK_WEIGHT}\n")
    print("| head | macro-F1 | vs baseline, per draw |\n|---|---|---|")
    add("baseline", lambda tr: head_predict(X, y, tr, None))
    add("baseline + codebook", lambda tr: head_predict(X, y, tr, (B, yb)))
    P: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if "prompts" in levers or "combo" in levers or "ensemble" in levers:
        for name in args.prompts.split(","):
            P[name] = (encode_prompted(g, texts, ents, PROMPTS[name], f"prompt {name}"),
                       encode_prompted(g, plain, bents, PROMPTS[name], f"prompt {name} (codebook)"))
    if "prompts" in levers:
        for name, (XP, BP) in P.items():
            add(f"prompt {name}", lambda tr, XP=XP: head_predict(XP, y, tr, None))
            add(f"prompt {name} + codebook (same prompt)", lambda tr, XP=XP, BP=BP: head_predict(XP, y, tr, (BP, yb)))
            XS, BS = side_by_side(X, XP), side_by_side(B, BP)
            add(f"baseline + prompt {name} features", lambda tr, XS=XS: head_predict(XS, y, tr, None))
            add(f"baseline + prompt {name} features + codebook",
                lambda tr, XS=XS, BS=BS: head_predict(XS, y, tr, (BS, yb)))
    V = VB = None
    if "llm" in levers or "combo" in levers or "ensemble" in levers:
        if args.llm_target == "entity":
            V = llm_states_per_entity(rusentne_texts(df, "brackets"), ents, "LLM states (row's entity)")
            VB = None if args.llm_no_codebook else llm_states_per_entity(marked, bents, "LLM states (codebook)")
        else:
            labels = resolve_labels(DEFAULT_LABELS, LLM_TARGET)
            V = llm_states(rusentne_texts(df, "brackets"), labels)
            VB = None if args.llm_no_codebook else llm_states(marked, labels)
    if "llm" in levers:
        add("LLM features", lambda tr: with_llm(X, V, y, tr, None))
        add("LLM features at scale 1.0", lambda tr: with_llm(X, V, y, tr, None, 1.0))
        if VB is not None:
            add("LLM features + codebook", lambda tr: with_llm(X, V, y, tr, (B, yb, VB)))
            add("LLM features at scale 1.0 + codebook", lambda tr: with_llm(X, V, y, tr, (B, yb, VB), 1.0))
            add("LLM states alone (+ codebook)", lambda tr: with_llm(X[:, :0], V, y, tr, (B[:, :0], yb, VB), 1.0))
    if "combo" in levers:
        for name, (XP, BP) in P.items():
            add(f"prompt {name} + LLM features + codebook", lambda tr, XP=XP, BP=BP: with_llm(XP, V, y, tr, (BP, yb, VB)))
        XA = side_by_side(X, *(XP for XP, _ in P.values()))
        BA = side_by_side(B, *(BP for _, BP in P.values()))
        add("baseline + every prompt's features", lambda tr: head_predict(XA, y, tr, None))
        add("baseline + every prompt's features + codebook", lambda tr: head_predict(XA, y, tr, (BA, yb)))
        add("baseline + every prompt's features + LLM features + codebook", lambda tr: with_llm(XA, V, y, tr, (BA, yb, VB)))
    if "ensemble" in levers:
        feats = LLMFeatures(lambda: {}, scale=1.0)

        def llm_view(tr):
            stats = feats.fit_stats(np.vstack([V[tr], VB]))
            return feats.transform(V, stats), feats.transform(VB, stats)

        for a in (0.3, 0.5):
            def mix(tr, a=a):
                VL, VBL = llm_view(tr)
                L = (1 - a) * head_log_proba(X, y, tr, (B, yb)) + a * head_log_proba(VL, y, tr, (VBL, yb))
                return LABELS[L.argmax(1)]
            add(f"late fusion: (Gemma + codebook) head {1 - a} + (LLM states + codebook) head {a}", mix)
        if "ru-attitude" in P:
            XP, BP = P["ru-attitude"]
            add("late fusion: (Gemma + codebook) 0.5 + (prompt ru-attitude + codebook) 0.5",
                lambda tr: LABELS[(head_log_proba(X, y, tr, (B, yb)) + head_log_proba(XP, y, tr, (BP, yb))).argmax(1)])
    if "polar" in levers:
        add("two-stage (polar?, then favor/against)", lambda tr: two_stage(X, y, tr, None))
        add("two-stage + codebook", lambda tr: two_stage(X, y, tr, (B, yb)))


if __name__ == "__main__":
    main()
