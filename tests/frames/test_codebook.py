"""analysis.frames.codebook: the Policy Frames Codebook defaults and a sidecar's own frames."""
from __future__ import annotations

import json

import pytest

from analysis.errors import ArticleError
from analysis.frames.codebook import POLICY_FRAMES, Frame, frame_column, frames_for, merge_frames, parse_frames
from analysis.schema import Sidecar
from tests.support import ROOT

META = Sidecar.from_dict(json.loads((ROOT / "seeds" / "000_3e76e6e75a2eff3d.json").read_text()))

CODEBOOK_NAMES = [
    "economic", "capacity and resources", "morality", "fairness and equality",
    "legality, constitutionality and jurisprudence", "policy prescription and evaluation",
    "crime and punishment", "security and defense", "health and safety", "quality of life",
    "cultural identity", "public opinion", "political", "external regulation and reputation", "other",
]


def test_codebook_has_the_15_dimensions_in_order():
    assert [f.name for f in POLICY_FRAMES] == CODEBOOK_NAMES
    assert all(f.source.startswith("Policy Frames Codebook") for f in POLICY_FRAMES)
    assert len({f.description for f in POLICY_FRAMES}) == 15


def test_frames_for_adds_the_sidecar_frames():
    frames = frames_for(META)
    assert [f.name for f in frames] == CODEBOOK_NAMES + ["privacy and surveillance", "digital sovereignty"]
    assert frames[-1] == Frame("digital sovereignty",
                               "national control over the internet, domestic platforms replacing foreign ones", "sidecar")


def test_replace_keeps_only_sidecar_and_argument_frames():
    extra = [{"name": "technology", "description": "messaging apps, VPNs and internet infrastructure"}]
    frames = frames_for(META, extra, replace=True)
    assert [f.name for f in frames] == ["privacy and surveillance", "digital sovereignty", "technology"]
    assert [f.source for f in frames] == ["sidecar", "sidecar", "argument"]


def test_same_name_replaces_the_description_in_place():
    mine = Frame("Security and Defense", "surveillance of citizens by the state")
    frames = frames_for(Sidecar(), [mine])
    assert len(frames) == 15 and frames[7] == mine


def test_no_meta_and_no_frames_is_the_codebook():
    assert frames_for() == list(POLICY_FRAMES)
    assert frames_for(Sidecar.from_dict({"title": "no frames key"})) == list(POLICY_FRAMES)


@pytest.mark.parametrize("frames, message", [
    ([{"name": "x"}], "exactly the keys"),
    ([{"name": "x", "description": "d", "weight": 2}], "exactly the keys"),
    ([{"name": "", "description": "d"}], "non-empty"),
    ([{"name": "x", "description": "  "}], "non-empty"),
    ([{"name": "x", "description": "two\nlines"}], "one line"),
    ([{"name": " x", "description": "d"}], "one line"),
    ([{"name": "x", "description": "d"}, {"name": "X", "description": "e"}], "appears twice"),
    (["economic"], "must be a Frame"),
    ({"name": "x", "description": "d"}, "must be a list"),
])
def test_malformed_frames_are_refused(frames, message):
    with pytest.raises(ValueError, match=message):
        parse_frames(frames)


def test_malformed_sidecar_frames_are_refused():
    with pytest.raises(ArticleError, match="'frames' must be a list"):
        Sidecar.from_dict({"frames": {"name": "x", "description": "d"}})
    with pytest.raises(ArticleError, match="exactly the keys"):
        Sidecar.from_dict({"frames": [{"title": "x"}]})
    with pytest.raises(ArticleError, match="appears twice"):
        Sidecar.from_dict({"frames": [{"name": "x", "description": "d"}, {"name": "X", "description": "e"}]})


def test_replace_with_nothing_is_an_error():
    with pytest.raises(ValueError, match="no frames to score"):
        frames_for(Sidecar(), replace=True)


def test_merge_and_column_names():
    a, b = Frame("a", "first"), Frame("b", "second")
    assert merge_frames([a], [b, Frame("A", "again")]) == [Frame("A", "again"), b]
    assert frame_column("digital sovereignty") == "frame:digital sovereignty" == Frame("digital sovereignty", "d").column
