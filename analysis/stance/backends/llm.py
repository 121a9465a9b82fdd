"""Zero-shot stance and frame scores from a small local LLM's next-token probabilities.

One forward pass per statement, no sampling: the prompt ends where the answer would start,
and the label probabilities are the softmax of the next-token logits restricted to the
first tokens of the answer words ("favor"/"against"/"neutral"; letters for frames).

Measured choices (benchmarks/bench_llm_stance.py prints the numbers):

* Prompt form. A chat prompt makes Qwen2.5-Coder-1.5B answer "against" to nearly everything;
  the same question as an open Python record (``"stance": "`` left for the model to close)
  separates favor from against. The default is that code-completion form with the label
  definitions as comments and three worked examples about an unrelated target (a four-day
  work week; written for this module, not taken from any evaluation set).
* Contextual calibration (Zhao et al. 2021, "Calibrate Before Use"): the template's label
  prior is estimated from content-free statements ("N/A", "", "[MASK]") and divided out,
  q = normalise(p / p_cf). It helps some forms and hurts others (see the benchmark); the
  neutral label stays the weak point of this model whatever the form.
* Prefix reuse. Everything before the statement (instructions, definitions, examples,
  target) is evaluated once into the KV cache; each statement then costs only its own
  tokens. The prefix is always evaluated the same way (from an empty context, then the
  statement as its own batch), so results do not depend on what was scored before.

A premise longer than the context window is split into windows of whole words, each scored
on its own, and the probabilities averaged (``n_windows`` > 1); nothing is truncated.
"""
from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.config import cpu_threads
from analysis.errors import BackendError, InputError
from analysis.models.fetching import LocalModel, resolve_model
from analysis.schema import STANCES
from analysis.stance.base import StanceResult, normalised_entropy

STANCE_LABELS = STANCES
CONTENT_FREE = ("N/A", "", "[MASK]")
_MARGIN = 8  # tokens kept free at the end of the context


@dataclass(frozen=True)
class PromptStyle:
    """How the stance question is put to the model; ``version`` goes into provenance."""

    form: str = "code"          # "code" (open Python record) or "chat" (Qwen chat template)
    definitions: bool = True    # show the label definitions
    examples: bool = True       # three worked examples about an unrelated target
    calibrate: bool = True      # contextual calibration with CONTENT_FREE inputs
    words: tuple[tuple[str, ...], ...] = (("favor",), ("against",), ("neutral",))  # answer words per label

    @property
    def version(self) -> str:
        flags = "+".join(n for n in ("definitions", "examples", "calibrate") if getattr(self, n))
        verbal = "|".join(",".join(w) for w in self.words)
        return f"stance-{self.form}-v1" + (f"+{flags}" if flags else "") + f"[{verbal}]"


DEFAULT_STYLE = PromptStyle()

# Worked examples about a target unrelated to any evaluation set (written for this module).
_EXAMPLE_TARGET = "a four-day work week"
_EXAMPLES = (
    ('Union leader Maria Lopez said: "Staff who tried it were healthier and every bit as productive."', "favor"),
    ('Small-business owner Tom Reed said: "Cutting a day would sink shops like mine; it is a fantasy."', "against"),
    ("The trial began in 61 companies in June and ran for six months.", "neutral"),
)


def code_prefix(target: str, labels: Mapping[str, str], style: PromptStyle) -> str:
    lines = ["# Stance annotation: the stance each statement takes toward its target."]
    if style.definitions:
        lines.append("# Allowed values of \"stance\":")
        lines += [f'#   "{w[0]}": the speaker {labels[k]}' for k, w in zip(STANCE_LABELS, style.words)]
    lines.append("annotations = [")
    if style.examples:
        for text, label in _EXAMPLES:
            lines += ["    {", f'        "target": {json.dumps(_EXAMPLE_TARGET)},',
                      f'        "statement": {json.dumps(text, ensure_ascii=False)},',
                      f'        "stance": "{style.words[STANCE_LABELS.index(label)][0]}",', "    },"]
    lines += ["    {", f'        "target": {json.dumps(target, ensure_ascii=False)},']
    return "\n".join(lines) + "\n"


def code_suffix(premise: str) -> str:
    return f'        "statement": {json.dumps(premise, ensure_ascii=False)},\n        "stance": "'


def _chat_prefix(target: str, labels: Mapping[str, str], style: PromptStyle) -> str:
    user = ["Classify the stance that a statement takes toward a target.", f"Target: {target}"]
    if style.definitions:
        user.append("Labels:")
        user += [f"- {w[0]}: the speaker {labels[k]}" for k, w in zip(STANCE_LABELS, style.words)]
    user.append("Answer with exactly one word: {}, {} or {}.".format(*(w[0] for w in style.words)))
    if style.examples:
        for text, label in _EXAMPLES:
            user += [f"Example (target: {_EXAMPLE_TARGET})", f"Statement: {text}",
                     f"Answer: {style.words[STANCE_LABELS.index(label)][0]}"]
    user.append("Statement:")
    return ("<|im_start|>system\nYou are a careful annotator of stance in news text.<|im_end|>\n"
            "<|im_start|>user\n" + "\n".join(user) + "\n")


def _chat_suffix(premise: str) -> str:
    return f"{premise}<|im_end|>\n<|im_start|>assistant\n"


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _frame_prefix(frames: Sequence) -> str:
    lines = ["# Framing annotation (Policy Frames Codebook, Boydstun et al. 2014): the frame that each",
             "# statement mainly uses to discuss its issue.", "FRAMES = {"]
    lines += [f'    "{_LETTERS[i]}": {json.dumps(f"{f.name}: {f.description}", ensure_ascii=False)},'
              for i, f in enumerate(frames)]
    lines += ["}", "annotations = ["]
    return "\n".join(lines) + "\n"


def _frame_suffix(premise: str) -> str:
    return f'    {{"statement": {json.dumps(premise, ensure_ascii=False)}, "frame": "'


FRAME_PROMPT_VERSION = "frames-code-choice-v1+calibrate"


class LLMBackend:
    """Stance and frame scorer over a GGUF model run by llama-cpp-python (see the module docstring)."""

    name = "llm"

    def __init__(self, model: str | os.PathLike | None = None, n_threads: int | None = None,
                 n_ctx: int = 2048, style: PromptStyle = DEFAULT_STYLE, reuse_prefix: bool = True):
        try:
            import llama_cpp
        except ImportError as e:  # pragma: no cover - depends on the install
            raise ImportError("the llm backend needs llama-cpp-python: pip install -r requirements.txt") from e
        self._lc = llama_cpp
        self.local: LocalModel = resolve_model(model)
        self.n_threads = n_threads or cpu_threads()
        self.n_ctx = n_ctx
        self.style = style
        self.reuse_prefix = reuse_prefix
        self.llm = llama_cpp.Llama(
            str(self.local.path), n_ctx=n_ctx, n_batch=min(512, n_ctx), n_threads=self.n_threads,
            n_threads_batch=self.n_threads, logits_all=False, verbose=False, seed=0, **self._llama_options(),
        )
        self._n_vocab = self.llm.n_vocab()
        self._prefix: tuple[int, ...] = ()  # tokens whose KV is in the cache, evaluated from 0
        self._calibration: dict[str, dict] = {}

    # ------------------------------------------------------------ low level

    def _llama_options(self) -> dict:
        """Extra ``llama_cpp.Llama`` arguments of a subclass (none here)."""
        return {}

    def _tok(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def _answer_ids(self, cue: str, words: Mapping[str, Sequence[str]]) -> dict[str, list[int]]:
        """First token of each answer word as it follows ``cue``; ValueError unless distinct.

        The first word of each label is required; further spellings (e.g. capitalised) are
        added only when they are a single token, so no generic fragment like "F" counts.
        """
        base = self._tok(cue)
        ids: dict[str, list[int]] = {}
        for label, variants in words.items():
            ids[label] = []
            for i, w in enumerate(variants):
                toks = self._tok(cue + w)
                if toks[: len(base)] != base or len(toks) == len(base):
                    raise BackendError(f"answer word {w!r} merges with the prompt's last token")
                if i == 0 or len(toks) == len(base) + 1:
                    ids[label].append(toks[len(base)])
        flat = [t for v in ids.values() for t in v]
        if len(set(flat)) != len(flat):
            raise BackendError(f"answer words {dict(words)} do not start with distinct tokens: {ids}")
        return ids

    def _next_logits(self, tokens: list[int], prefix_len: int) -> np.ndarray:
        """Next-token logits after ``tokens`` (see :meth:`_eval_after_prefix`)."""
        self._eval_after_prefix(tokens, prefix_len)
        ptr = self._lc.llama_get_logits_ith(self.llm.ctx, -1)
        return np.ctypeslib.as_array(ptr, shape=(self._n_vocab,)).copy()

    def _eval_after_prefix(self, tokens: list[int], prefix_len: int) -> None:
        """Evaluate ``tokens`` as eval(prefix) from an empty context,
        then eval(rest). With ``reuse_prefix`` the prefix's KV cells are kept between calls
        (only ``n_tokens`` is rewound; eval() drops the cells past it), which gives exactly the
        numbers a fresh context would give. Evaluating the whole prompt as ONE batch instead
        changes logits by up to ~0.4 (llama.cpp's kernels depend on the batch shape), so the
        split is fixed and never depends on what was scored before.
        """
        llm = self.llm
        if len(tokens) > self.n_ctx:
            raise BackendError(f"prompt of {len(tokens)} tokens exceeds n_ctx={self.n_ctx}")
        if not 0 < prefix_len < len(tokens):
            raise BackendError(f"prefix length {prefix_len} must leave 1..{len(tokens) - 1} tokens to evaluate")
        prefix = tuple(tokens[:prefix_len])
        if not (self.reuse_prefix and self._prefix == prefix):
            llm.reset()
            llm.eval(list(prefix))
            self._prefix = prefix
        llm.n_tokens = prefix_len
        llm.eval(tokens[prefix_len:])

    def _label_probs(self, tokens: list[int], prefix_len: int, ids: dict[str, list[int]]) -> np.ndarray:
        """Softmax over the answer tokens (variants of a label summed), in ``ids`` order."""
        logits = self._next_logits(tokens, prefix_len).astype(np.float64)
        groups = [np.asarray(v) for v in ids.values()]
        flat = np.concatenate(groups)
        z = np.exp(logits[flat] - logits[flat].max())
        z /= z.sum()
        out, i = [], 0
        for g in groups:
            out.append(z[i: i + len(g)].sum())
            i += len(g)
        return np.asarray(out)

    def _windows(self, premise: str, budget: int) -> list[str]:
        """``premise`` split at whitespace into balanced windows of at most ``budget`` tokens."""
        if len(self._tok(premise)) <= budget:
            return [premise]
        words = premise.split()
        counts = [len(self._tok(" " + w)) for w in words]
        if max(counts) > budget:
            raise InputError(f"a single word of {max(counts)} tokens exceeds the window budget {budget}")
        n = math.ceil(sum(counts) / budget)
        while True:
            goal = sum(counts) / n
            out: list[str] = []
            cur: list[str] = []
            size = 0
            for w, c in zip(words, counts):
                if cur and (size + c > budget or (size >= goal and len(out) < n - 1)):
                    out.append(" ".join(cur))
                    cur, size = [], 0
                cur.append(w)
                size += c
            out.append(" ".join(cur))
            if all(len(self._tok(x)) <= budget for x in out):
                return out
            n += 1

    def _window_budget(self, pre: list[int], suffix_fn) -> int:
        """Tokens a statement window may take after the prompt ``pre`` and around it ``suffix_fn``."""
        overhead = len(pre) + len(self._tok(suffix_fn(""))) + 2 * _MARGIN
        budget = self.n_ctx - overhead
        if budget < 32:
            raise InputError(f"n_ctx={self.n_ctx} leaves no room for a statement after a {overhead}-token prompt")
        return budget

    def _score_texts(self, prefix: str, suffix_fn, premises: Sequence[str], ids) -> tuple[list[np.ndarray], np.ndarray]:
        """Per premise: the mean label probabilities over its windows, and the window counts."""
        pre = self._tok(prefix)
        budget = self._window_budget(pre, suffix_fn)
        probs, nwin = [], []
        from tqdm.auto import tqdm

        # shown only when scoring takes longer than a couple of seconds (tqdm's delay)
        for premise in tqdm(premises, desc="stance (LLM)", unit="statement", file=sys.stderr, delay=2, leave=False):
            wins = self._windows(premise, budget)
            p = [self._label_probs(pre + self._tok(suffix_fn(w)), len(pre), ids) for w in wins]
            probs.append(np.mean(p, axis=0))
            nwin.append(len(wins))
        return probs, np.asarray(nwin, dtype=int)

    # ------------------------------------------------------------ stance

    def _stance_prompt(self, target: str, labels: Mapping[str, str]):
        missing = [k for k in STANCE_LABELS if k not in labels]
        if missing:
            raise InputError(f"labels lacks definitions for {missing}")
        s = self.style
        if s.form == "code":
            prefix, suffix_fn, cue = code_prefix(target, labels, s), code_suffix, '"stance": "'
            words = dict(zip(STANCE_LABELS, s.words))
        elif s.form == "chat":
            prefix, suffix_fn, cue = _chat_prefix(target, labels, s), _chat_suffix, "<|im_start|>assistant\n"
            words = {k: tuple(x for w in ws for x in (w, w.capitalize())) for k, ws in zip(STANCE_LABELS, s.words)}
        else:
            raise InputError(f"unknown prompt form {s.form!r}")
        return prefix, suffix_fn, self._answer_ids(cue, words)

    def stance(self, premises: list[str], target: str, labels: dict[str, str]):
        """StanceResult with columns favor, against, neutral (see analysis.stance.scoring)."""
        prefix, suffix_fn, ids = self._stance_prompt(target, labels)
        raw, nwin = self._score_texts(prefix, suffix_fn, list(premises), ids)
        probs = np.asarray(raw).reshape(-1, 3)
        if self.style.calibrate:
            factors = self._calibrate({"task": "stance", "target": target, "prompt_version": self.style.version},
                                      prefix, suffix_fn, ids)
            probs = probs * factors
            probs /= probs.sum(axis=1, keepdims=True)
        return StanceResult(probs=probs, uncertainty=normalised_entropy(probs), n_windows=nwin)

    # ------------------------------------------------------------ frames

    def frames(self, premises: list[str], frames: list) -> np.ndarray:
        """(n, k): calibrated probability that frame j is the one the statement mainly uses.

        One pass per statement: the frames are listed as lettered options and the answer is
        read from the next-token logits over the k letters, then divided by the letters'
        mean probability on content-free statements (letter-position bias, Zhao et al. 2021)
        and renormalised. Rows sum to 1: a distribution over frames, not k independent
        yes/no probabilities (measured: per-frame True/False questions were near 0.5 for
        every frame with this model, and cost k passes per statement).
        """
        frames = list(frames)
        if not 1 <= len(frames) <= len(_LETTERS):
            raise InputError(f"the llm backend scores 1 to {len(_LETTERS)} frames at once, got {len(frames)}")
        prefix = _frame_prefix(frames)
        ids = self._answer_ids('"frame": "', {_LETTERS[j]: (_LETTERS[j],) for j in range(len(frames))})
        raw, _ = self._score_texts(prefix, _frame_suffix, list(premises), ids)
        p = np.asarray(raw).reshape(-1, len(frames))
        p = p * self._calibrate({"task": "frames", "frames": [f.name for f in frames],
                                 "prompt_version": FRAME_PROMPT_VERSION}, prefix, _frame_suffix, ids)
        return p / p.sum(axis=1, keepdims=True)

    # ------------------------------------------------------------ calibration and provenance

    def _calibrate(self, record: dict, prefix: str, suffix_fn, ids) -> np.ndarray:
        """Zhao et al. (2021) factors 1 / mean p(label | content-free input), cached per prompt prefix."""
        if prefix not in self._calibration:
            raw, _ = self._score_texts(prefix, suffix_fn, list(CONTENT_FREE), ids)
            p_cf = np.mean(raw, axis=0)
            self._calibration[prefix] = {
                **record, "labels": list(ids),
                "p_content_free": [round(float(x), 6) for x in p_cf],
                "factors": [round(float(x), 6) for x in (1.0 / p_cf) / (1.0 / p_cf).sum()],
            }
        return 1.0 / np.asarray(self._calibration[prefix]["p_content_free"])

    @classmethod
    def identity(cls, model: str | os.PathLike | None = None, n_ctx: int = 2048,
                 style: PromptStyle = DEFAULT_STYLE) -> dict:
        """What decides the scores, found without loading the model (the hash comes from the
        verification record beside the file)."""
        return cls._identity(resolve_model(model), n_ctx, style)

    @classmethod
    def _identity(cls, local: LocalModel, n_ctx: int, style: PromptStyle) -> dict:
        return {"backend": cls.name, "model": local.path.name, "model_sha256": local.sha256,
                "prompt_version": style.version, "frame_prompt_version": FRAME_PROMPT_VERSION, "n_ctx": n_ctx}

    def provenance(self) -> dict:
        """How scores are made: :meth:`identity` plus how; stable across calls except
        ``runtime``, which also lists the calibration factors computed so far in this process
        (they are a deterministic function of model, prompt and target)."""
        import llama_cpp

        return {
            **self._identity(self.local, self.n_ctx, self.style),
            "model_path": str(self.local.path),
            "model_pinned": self.local.pinned,
            "scoring": "softmax of the next-token logits over the answer words' first tokens, one pass per "
                       "statement window; windows averaged",
            "calibration": {
                "method": "contextual calibration (Zhao et al. 2021): p / p(content-free), renormalised",
                "content_free_inputs": list(CONTENT_FREE),
                "stance": self.style.calibrate, "frames": True,
            },
            "runtime": {
                "llama_cpp_python": llama_cpp.__version__, "n_threads": self.n_threads,
                "reuse_prefix": self.reuse_prefix,
                "calibration_factors": [dict(v) for v in self._calibration.values()],
            },
        }

