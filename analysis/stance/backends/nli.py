"""Zero-shot stance and frames with an NLI cross-encoder (the "nli" backend).

Method (Yin, Hay & Roth 2019, "Benchmarking Zero-shot Text Classification", as implemented by
the transformers ``zero-shot-classification`` pipeline): each label becomes a hypothesis, the
statement is the premise, and the model's entailment score ranks the hypotheses.

Stance. A label definition (``labels["favor"] = "supports or defends <target>"``) fills the
``{}`` of several paraphrased templates ("The speaker {}.", ...), giving one hypothesis per
(template, label). Per template, a 3-way head (entailment/neutral/contradiction) gives
``softmax`` over the three labels of the entailment logits, exactly like the pipeline with
``multi_label=False``; a 2-way head (entailment/not_entailment) gives each hypothesis its
entailment probability, normalised over the three labels. The row's probabilities are the
mean over templates; its ``uncertainty`` is the spread across templates (the largest, over
the three labels, standard deviation of a label's probability across templates; 0 with one
template). Paraphrase ensembles follow Schick & Schütze 2021 (PET) and Laurer et al. 2023
("Building efficient universal classifiers with natural language inference").

Frames. One hypothesis per frame, "This text is about {description}.", scored independently
(multi-label): ``softmax([contradiction, entailment])`` for 3-way heads, the entailment
probability for 2-way heads, as the pipeline does with ``multi_label=True``.

Long premises are never truncated. The premise is tokenised once; if it is longer than the
model window leaves room for (max length minus special tokens minus the longest hypothesis),
it is split into windows of that many tokens overlapping by a quarter, every window is scored
against every hypothesis, and the windows are aggregated: stance probabilities as the mean
over windows weighted by each window's token count (so a short last window counts less),
frame probabilities as the maximum over windows (a frame present anywhere in the statement is
present). The row's ``n_windows`` says how many windows it took.

All (window, hypothesis) pairs of all statements go through the model together, sorted by
token length and padded per batch (dynamic padding), so the order of the input does not
change the result and little compute is spent on padding.
"""
from __future__ import annotations

import hashlib
import json
import os
import string
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.schema import STANCES
from analysis.stance.backends.nli_model import DEFAULT_MODEL, LoadedNLI, load_nli, model_ref, model_weights_sha256, nli_head
from analysis.stance.base import StanceResult, softmax

__all__ = ["DEFAULT_MODEL", "DEFAULT_TEMPLATES", "LoadedNLI", "NLIBackend", "check_templates", "load_nli", "nli_head"]
#: Paraphrases of "<who> <label definition>."; the label definition fills ``{}``.
DEFAULT_TEMPLATES: tuple[str, ...] = (
    "The speaker {}.",
    "The author of this text {}.",
    "This statement {}.",
    "The person making this statement {}.",
)
DEFAULT_FRAME_TEMPLATE = "This text is about {}."
STANCE_ORDER = STANCES
WINDOW_OVERLAP = 4  # windows overlap by budget // WINDOW_OVERLAP tokens
CALIBRATION = "none: raw zero-shot probabilities averaged over templates"


def check_templates(templates: Any, what: str = "templates") -> tuple[str, ...]:
    """The templates as a tuple; ValueError unless each has exactly one ``{}`` placeholder.

    Literal braces must be doubled (``{{`` and ``}}``), as in ``str.format``.
    """
    if isinstance(templates, str) or not isinstance(templates, Sequence) or not templates:
        raise InputError(f"{what} must be a non-empty list of strings, got {templates!r}")
    out = []
    for t in templates:
        if not isinstance(t, str) or not t.strip():
            raise InputError(f"{what}: each template must be a non-empty string, got {t!r}")
        try:
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(t) if name is not None]
        except ValueError as e:
            raise InputError(f"{what}: template {t!r} is malformed ({e}); write literal braces as {{{{ }}}}") from None
        if len(fields) != 1 or fields[0] != ("", "", None):
            raise InputError(
                f"{what}: template {t!r} must contain exactly one '{{}}' placeholder (where the label "
                f"definition goes) and no other fields, found {len(fields)}: {[f[0] for f in fields]}"
            )
        out.append(t)
    if len(set(out)) != len(out):
        raise InputError(f"{what}: duplicate templates in {out!r}")
    return tuple(out)


def _template_version(templates: Sequence[str], frame_template: str, max_length: int | None) -> str:
    blob = json.dumps([list(templates), frame_template, max_length])
    return "nli-" + hashlib.sha256(blob.encode()).hexdigest()[:12]


class NLIBackend:
    """The "nli" scoring backend (see the module docstring for the method)."""

    name = "nli"

    def __init__(
        self,
        model: str | os.PathLike | None = None,
        batch_size: int = 32,
        device: str = "cpu",
        templates: Sequence[str] | None = None,
        frame_template: str = DEFAULT_FRAME_TEMPLATE,
        max_length: int | None = None,
    ) -> None:
        self.templates = check_templates(DEFAULT_TEMPLATES if templates is None else templates)
        self.frame_template = check_templates([frame_template], "frame_template")[0]
        if not isinstance(batch_size, int) or batch_size < 1:
            raise InputError(f"batch_size must be a positive int, got {batch_size!r}")
        self.batch_size = batch_size
        self.device = device
        self.nli = load_nli(model_ref(model), device)
        self._max_length_arg = max_length
        self.max_length = self.nli.max_length if max_length is None else min(int(max_length), self.nli.max_length)
        self.pairs_scored = 0  # (window, hypothesis) pairs run through the model, for tests and benchmarks
        self._backend = self._plain_tokenizer()

    # ------------------------------------------------------------------ public protocol

    @classmethod
    def identity(cls, model: str | os.PathLike | None = None, templates: Sequence[str] | None = None,
                 frame_template: str = DEFAULT_FRAME_TEMPLATE, max_length: int | None = None) -> dict:
        """What decides the scores, found without loading the model: the reference, the weights'
        sha256 (cached beside them) and the templates."""
        ref = model_ref(model)
        templates = check_templates(DEFAULT_TEMPLATES if templates is None else templates)
        frame_template = check_templates([frame_template], "frame_template")[0]
        return {"backend": cls.name, "model": ref, "model_sha256": model_weights_sha256(ref),
                "prompt_version": _template_version(templates, frame_template, max_length),
                "templates": list(templates), "frame_template": frame_template}

    def provenance(self) -> dict:
        return {
            **self.nli.provenance,
            **self.identity(self.nli.ref, self.templates, self.frame_template, self._max_length_arg),
            "max_length": self.max_length,
            "template_version": _template_version(self.templates, self.frame_template, self._max_length_arg),
            "aggregation": "templates: mean (uncertainty = max label std across templates); "
                           "windows: token-weighted mean for stance, max for frames",
            "window_overlap": f"budget // {WINDOW_OVERLAP}",
            "calibration": CALIBRATION,
            "runtime": {"device": self.device, "batch_size": self.batch_size},
        }

    def stance(self, premises: list[str], target: str, labels: Mapping[str, str]):
        """StanceResult for ``premises``; ``labels`` maps favor/against/neutral to definitions."""
        missing = [k for k in STANCE_ORDER if not isinstance(labels.get(k), str)]
        if missing:
            raise InputError(f"labels lacks definitions for {missing}")
        hyps = [t.format(labels[k]) for t in self.templates for k in STANCE_ORDER]
        per_window, n_windows, weights = self._entailment(premises, hyps)
        n_t, n_l = len(self.templates), len(STANCE_ORDER)
        probs = np.zeros((len(premises), 3))
        unc = np.zeros(len(premises))
        for i, (ent, other) in enumerate(per_window):  # each (n_windows, n_hyps)
            if self.nli.head == "3-way":
                z = ent.reshape(-1, n_t, n_l)
                p = softmax(z, axis=-1)  # softmax over labels of entailment logits, per template
            else:
                p_ent = softmax(np.stack([other, ent], -1), axis=-1)[..., 1].reshape(-1, n_t, n_l)
                p = p_ent / p_ent.sum(-1, keepdims=True)
            per_template = np.tensordot(weights[i], p, axes=(0, 0))  # (n_t, n_l), windows aggregated
            probs[i] = per_template.mean(0)
            unc[i] = per_template.std(0).max()
        return StanceResult(probs, unc, n_windows)

    def frames(self, premises: list[str], frames) -> np.ndarray:
        """(n, k) probability that each premise is about each frame (multi-label)."""
        hyps = [self.frame_template.format(f.description) for f in frames]
        per_window, _, _ = self._entailment(premises, hyps)
        out = np.zeros((len(premises), len(hyps)))
        for i, (ent, other) in enumerate(per_window):
            p = softmax(np.stack([other, ent], -1), axis=-1)[..., 1]  # (n_windows, k)
            out[i] = p.max(0)
        return out

    def count_windows(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        """How many windows each premise needs next to the longest of ``hypotheses``."""
        budget, _ = self._budget(hypotheses)
        return np.array([len(w) for w in self._windows(premises, budget)], dtype=int)

    # ------------------------------------------------------------------ internals

    def _plain_tokenizer(self):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_str(self.nli.tokenizer.backend_tokenizer.to_str())
        tok.no_truncation()
        tok.no_padding()
        return tok

    def _budget(self, hyps: list[str]):
        hyp_encs = self._backend.encode_batch(hyps, add_special_tokens=False)
        longest = max(len(e.ids) for e in hyp_encs)
        budget = self.max_length - self._backend.num_special_tokens_to_add(True) - longest
        if budget < 8:
            raise InputError(
                f"hypotheses of up to {longest} tokens leave only {budget} tokens of the {self.max_length}-token "
                f"window for the premise; shorten the templates or label definitions"
            )
        return budget, hyp_encs

    def _windows(self, premises: list[str], budget: int) -> list[list[Any]]:
        """Token windows of each premise: one if it fits, else overlapping windows covering all tokens."""
        out = []
        for enc in self._backend.encode_batch(premises, add_special_tokens=False):
            if len(enc.ids) <= budget:
                out.append([enc])
            else:
                enc.truncate(budget, stride=budget // WINDOW_OVERLAP)
                out.append([enc, *enc.overflowing])
        return out

    def _entailment(self, premises: list[str], hyps: list[str]):
        """Per premise: (entailment logits, other logits), each (n_windows, n_hyps); n_windows; weights."""
        budget, hyp_encs = self._budget(hyps)
        windows = self._windows(premises, budget)
        post = self._backend.post_processor
        pairs: list[tuple[list[int], list[int]]] = []
        index: dict[tuple, int] = {}  # identical pairs (repeated windows or premises) run once
        slots = []  # per premise, per window, per hypothesis: row in `pairs`
        for wins in windows:
            rows = []
            for win in wins:
                wkey = tuple(win.ids)
                row = []
                for j, h in enumerate(hyp_encs):
                    key = (wkey, j)
                    if key not in index:
                        enc = post.process(win, h, add_special_tokens=True)
                        if len(enc.ids) > self.max_length:  # cannot happen: the budget leaves room
                            raise AssertionError(f"pair of {len(enc.ids)} tokens exceeds {self.max_length}")
                        index[key] = len(pairs)
                        pairs.append((enc.ids, enc.type_ids))
                    row.append(index[key])
                rows.append(row)
            slots.append(np.array(rows, dtype=int))
        logits = self._run(pairs)
        e, o = self.nli.entail_id, self.nli.other_id
        per_window = [(logits[s, e], logits[s, o]) for s in slots]
        n_windows = np.array([len(w) for w in windows], dtype=int)
        weights = []
        for wins in windows:
            w = np.array([max(len(x.ids), 1) for x in wins], dtype=float)
            weights.append(w / w.sum())
        return per_window, n_windows, weights

    def _run(self, pairs: list[tuple[list[int], list[int]]]) -> np.ndarray:
        """Logits (n_pairs, n_classes), batches of similar length, longest first."""
        import torch

        order = sorted(range(len(pairs)), key=lambda k: -len(pairs[k][0]))
        n_classes = len(self.nli.model.config.id2label)
        out = np.zeros((len(pairs), n_classes), dtype=np.float64)
        pad = self.nli.tokenizer.pad_token_id
        use_types = "token_type_ids" in getattr(self.nli.tokenizer, "model_input_names", ())
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                width = len(pairs[batch[0]][0])
                ids = np.full((len(batch), width), pad, dtype=np.int64)
                types = np.zeros((len(batch), width), dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=np.int64)
                for r, k in enumerate(batch):
                    n = len(pairs[k][0])
                    ids[r, :n], types[r, :n], mask[r, :n] = pairs[k][0], pairs[k][1], 1
                inputs = {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}
                if use_types:
                    inputs["token_type_ids"] = torch.from_numpy(types)
                inputs = {k: v.to(self.device) for k, v in inputs.items()}
                logits = self.nli.model(**inputs).logits
                out[batch] = logits.float().cpu().numpy()
        self.pairs_scored += len(pairs)
        return out
