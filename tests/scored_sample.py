"""A scored statements table for the seed article, made by hand, for chart and view tests.

The statements are real spans of seeds/000_3e76e6e75a2eff3d.txt (located with str.find,
so the offsets are exact); speakers, kinds and probabilities are set by hand so the chart
and HTML tests neither depend on the attribution heuristics nor run a model.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.article import Article, read_article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_3e76e6e75a2eff3d.txt"
FRAMES = ("legality, constitutionality and jurisprudence", "security and defense",
          "privacy and surveillance", "digital sovereignty")

PRESENT_AT = 0.5  # frames_present: the frames at or above this probability
# (kind, speaker, actor, content, cue, p_favor, p_against, p_neutral, frame probabilities)
ROWS = [
    ("narrator", "", "", "Moscow has justified its restriction of WhatsApp services", "",
     0.30, 0.10, 0.60, (0.5, 0.2, 0.1, 0.6)),
    ("mixed", "WhatsApp", "WhatsApp", 'attempting to force over 100 million users onto a "state-owned surveillance app,"',
     "accused", 0.02, 0.93, 0.05, (0.1, 0.2, 0.9, 0.5)),
    ("direct", "Dmitry Peskov", "Kremlin", '"Regarding the blocking of WhatsApp, indeed, a statement was made by our '
     "relevant authorities that, in connection with the Meta corporation's unwillingness to follow the norm and "
     'letter of Russian law, such a decision was made and implemented,"', "told", 0.88, 0.04, 0.08, (0.9, 0.3, 0.1, 0.4)),
    ("mixed", "Dmitry Peskov", "Kremlin", 'the national messenger Max as "an accessible alternative to foreign messengers,"',
     "promoted", 0.55, 0.05, 0.40, (0.1, 0.1, 0.1, 0.9)),
    ("indirect", "Dmitry Peskov", "Kremlin", "restrictions could be rescinded should WhatsApp comply with Russian legislation",
     "indicated", 0.40, 0.20, 0.40, (0.8, 0.1, 0.1, 0.3)),
    ("mixed", "WhatsApp", "WhatsApp", 'attempting to "fully block" the platform "in an effort to drive people to a '
     'state-owned surveillance app."', "accusing", 0.03, 0.90, 0.07, (0.1, 0.2, 0.95, 0.5)),
    ("mixed", "Pavel Durov", "Telegram", 'the state is restricting access "in an attempt to force its people to use '
     'its own app for surveillance and political censorship."', "alleging", 0.05, 0.85, 0.10, (0.1, 0.2, 0.9, 0.6)),
    ("indirect", "Roskomnadzor", "Roskomnadzor", "the messenger facilitates terrorist activities and fraud",
     "claiming", 0.70, 0.10, 0.20, (0.4, 0.9, 0.1, 0.2)),
    ("narrator", "", "", "Despite official promotion, Max messenger faces significant limitations as a substitute.",
     "", 0.15, 0.35, 0.50, (0.1, 0.1, 0.2, 0.7)),
    ("narrator", "", "", "WhatsApp maintains approximately 100 million users in Russia, underscoring the scale of "
     "the contested communications landscape.", "", 0.10, 0.20, 0.70, (0.1, 0.1, 0.3, 0.4)),
]


def seed_article() -> Article:
    return read_article(SEED)


def scored_statements(article: Article | None = None) -> pd.DataFrame:
    """The hand-scored statements of the seed, in article order, with the contract's columns."""
    article = article or seed_article()
    text = article.text
    records = []
    for kind, speaker, actor, content, cue, pf, pa, pn, frames in ROWS:
        start = text.find(content)
        assert start >= 0, content
        end = start + len(content)
        para = next(p for p in article.paragraphs if p.start <= start < p.end)
        cue_start = text.rfind(cue, para.start, start) if cue else -1
        probs = np.array([pf, pa, pn])
        records.append({
            "kind": kind, "content": content, "content_start": start, "content_end": end,
            "sentence_start": para.start, "sentence_end": para.end, "speaker": speaker,
            "speaker_mention": speaker, "speaker_start": -1, "speaker_end": -1, "cue": cue,
            "cue_start": cue_start, "cue_end": cue_start + len(cue) if cue else -1, "actor": actor,
            "paragraph": para.index, "section": para.section, "statement_flags": "",
            "p_favor": pf, "p_against": pa, "p_neutral": pn,
            "stance": ("favor", "against", "neutral")[int(probs.argmax())],
            "uncertainty": float(1 - probs.max()), "n_windows": 1,
            **{f"frame:{name}": p for name, p in zip(FRAMES, frames)},
            "top_frame": FRAMES[int(np.argmax(frames))],
            "frames_present": ";".join(name for name, p in zip(FRAMES, frames) if p >= PRESENT_AT),
        })
    df = pd.DataFrame(records).sort_values("content_start", kind="stable").reset_index(drop=True)
    df.insert(0, "statement_id", range(len(df)))
    return df


PROVENANCE = {
    "article": SEED.name, "article_date": "2025-08-14", "target": "the blocking of WhatsApp in Russia",
    "backend": "llm", "model": "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    "model_hash": "0123456789abcdef0123456789abcdef", "version": "0.1.0",
}
