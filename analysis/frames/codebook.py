"""Frame dimensions: the Policy Frames Codebook plus an article's own frames.

The 15 default dimensions and their one-line descriptions follow the Policy Frames Codebook
(Boydstun, Card, Gross, Resnik & Smith 2014, "Tracking the Development of Media Frames
within and across Policy Issues"), as used for the Media Frames Corpus (Card et al. 2015).
A description is what a backend reads: the NLI backend turns it into the hypothesis
"This text is about {description}.", the LLM backend shows it in its prompt.

An article sidecar may carry a ``"frames"`` list of ``{"name", "description"}`` objects
(see seeds/*.json); :func:`frames_for` adds them to the codebook, or replaces the codebook
with them when asked. A frame whose name (case-insensitively) equals an existing one
replaces that frame's description in place, so a sidecar can sharpen a codebook frame
for its topic without duplicating it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from analysis.errors import InputError
from analysis.schema import FRAME_PREFIX, Frame, Sidecar, frame_column

__all__ = ["FRAME_PREFIX", "POLICY_FRAMES", "Frame", "frame_column", "frames_for", "merge_frames", "parse_frames"]

_CODEBOOK = "Policy Frames Codebook (Boydstun et al. 2014)"

POLICY_FRAMES: tuple[Frame, ...] = tuple(
    Frame(name, description, _CODEBOOK)
    for name, description in (
        ("economic", "costs, benefits, money, markets, jobs or other economic consequences"),
        ("capacity and resources", "the availability or lack of time, staff, equipment, infrastructure or other resources"),
        ("morality", "religious or ethical duties, values and what is right or wrong"),
        ("fairness and equality", "equal or unequal treatment, rights and the fair distribution of burdens and benefits"),
        ("legality, constitutionality and jurisprudence",
         "laws, courts, legal requirements, constitutional rights and the authority of government bodies"),
        ("policy prescription and evaluation", "specific policies, whether they work, and what should be done about a problem"),
        ("crime and punishment", "breaking the law, enforcement, sanctions, penalties and punishment"),
        ("security and defense", "threats to national or public security, defense, terrorism and protecting the state"),
        ("health and safety", "health care, illness, injury, disaster and the physical safety of people"),
        ("quality of life", "effects on people's daily lives, wellbeing, convenience and communities"),
        ("cultural identity", "traditions, customs, language and the identity of a nation or social group"),
        ("public opinion", "what the public thinks, polls, protests and popular attitudes"),
        ("political", "politicians, parties, elections, political strategy and power struggles between political actors"),
        ("external regulation and reputation",
         "relations between countries, international pressure, sanctions and a country's reputation abroad"),
        ("other", "something that fits none of the usual policy framing categories"),
    )
)


def parse_frames(frames: Iterable[Frame | Mapping[str, Any]], source: str = "custom") -> list[Frame]:
    """Frames from Frame records or ``{"name", "description"}`` mappings; ValueError if malformed."""
    if isinstance(frames, (str, bytes, Mapping)):
        raise InputError(f"frames must be a list of Frame records or {{name, description}} objects, got {type(frames).__name__}")
    out: list[Frame] = []
    for i, item in enumerate(frames):
        if isinstance(item, Frame):
            out.append(item)
        elif isinstance(item, Mapping):
            extra = set(item) - {"name", "description"}
            if "name" not in item or "description" not in item or extra:
                raise InputError(
                    f"frame #{i} must have exactly the keys 'name' and 'description', got {sorted(item)}"
                )
            out.append(Frame(item["name"], item["description"], source))
        else:
            raise InputError(f"frame #{i} must be a Frame or a {{name, description}} object, got {item!r}")
    seen: set[str] = set()
    for f in out:
        key = f.name.casefold()
        if key in seen:
            raise InputError(f"frame name {f.name!r} appears twice")
        seen.add(key)
    return out


def merge_frames(base: Iterable[Frame], extra: Iterable[Frame]) -> list[Frame]:
    """``base`` then ``extra``; an extra frame with a base frame's name replaces it in place."""
    merged = list(base)
    index = {f.name.casefold(): i for i, f in enumerate(merged)}
    for f in extra:
        key = f.name.casefold()
        if key in index:
            merged[index[key]] = f
        else:
            index[key] = len(merged)
            merged.append(f)
    return merged


def frames_for(
    sidecar: Sidecar | None = None,
    frames: Iterable[Frame | Mapping[str, Any]] | None = None,
    replace: bool = False,
) -> list[Frame]:
    """The frames to score for an article.

    The codebook's 15 frames, plus the sidecar's ``frames``, plus ``frames``
    (later ones replace earlier ones of the same name). With ``replace=True`` the codebook
    is left out and only the sidecar's and the argument's frames are used; that must leave
    at least one frame.
    """
    own = list(sidecar.frames) if sidecar is not None else []
    given = parse_frames(frames, source="argument") if frames is not None else []
    out = merge_frames([] if replace else POLICY_FRAMES, own)
    out = merge_frames(out, given)
    if not out:
        raise InputError("no frames to score: replace=True needs frames from the sidecar or the argument")
    return out
