"""Charts: byte-identical reruns, no timestamps in the files, provenance captions, Okabe–Ito colours."""
from __future__ import annotations

import re
import struct
import warnings
import xml.etree.ElementTree as ET

import matplotlib.image
import pandas as pd
import pytest

from analysis.report import charts, narrative, report_page
from analysis.report.tables import NARRATOR_LABEL
from analysis.schema import Sidecar
from tests.scored_sample import PROVENANCE, scored_statements

BUILDERS = {
    "voice_share": lambda df, p: charts.voice_share_figure(df, p),
    "stance_by_actor": lambda df, p: charts.stance_by_voice_figure(df, p),
    "stance_by_speaker": lambda df, p: charts.stance_by_voice_figure(df, p, by="speaker"),
    "stance_along_article": lambda df, p: charts.stance_along_figure(df, p),
    "frames_by_actor": lambda df, p: charts.frames_by_voice_figure(df, p),
    "frames_author_vs_quoted": lambda df, p: charts.author_vs_quoted_figure(df, p),
    "report": lambda df, p: report_page.report_figure(df, p, "Kremlin defends WhatsApp restrictions",
                                                 narrative.report_facts(df, Sidecar(), p)),
}


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return scored_statements()


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        chunks.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_second_render_is_byte_identical(name, statements, tmp_path):
    first = charts.save_figure(BUILDERS[name](statements, PROVENANCE), tmp_path / "a", name)
    second = charts.save_figure(BUILDERS[name](statements, PROVENANCE), tmp_path / "b", name)
    assert first.png.read_bytes() == second.png.read_bytes()
    assert first.svg.read_bytes() == second.svg.read_bytes()
    assert first.png.stat().st_size > 10_000 and first.svg.stat().st_size > 10_000


def test_files_carry_no_dates_or_software_versions(statements, tmp_path):
    saved = charts.save_figure(BUILDERS["stance_by_actor"](statements, PROVENANCE), tmp_path, "s")
    kinds = {kind for kind, _ in png_chunks(saved.png.read_bytes())}
    assert b"tIME" not in kinds
    assert all(b"Software" not in body for kind, body in png_chunks(saved.png.read_bytes())
               if kind in (b"tEXt", b"iTXt", b"zTXt"))
    svg = saved.svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_caption_names_backend_model_hash_target_article_date_and_version():
    text = charts.caption(PROVENANCE)
    for part in ("llm", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "(01234567)",
                 "the blocking of WhatsApp in Russia", "000_3e76e6e75a2eff3d.txt", "2025-08-14", "0.1.0"):
        assert part in text
    assert "0123456789" not in text  # the hash is shortened
    assert "undated" in charts.caption({**PROVENANCE, "article_date": None})


def test_caption_and_titles_are_drawn_into_the_svg(statements, tmp_path):
    saved = charts.save_figure(BUILDERS["stance_along_article"](statements, PROVENANCE), tmp_path, "a")
    svg = saved.svg.read_text(encoding="utf-8")  # glyphs are paths; matplotlib keeps the text as comments
    assert "along the article" in svg
    assert "2025-08-14" in svg and "01234567" in svg


@pytest.mark.parametrize("name", ["voice_share", "stance_by_actor", "stance_along_article", "frames_author_vs_quoted"])
def test_data_colours_come_from_the_okabe_ito_palette(name, statements, tmp_path):
    saved = charts.save_figure(BUILDERS[name](statements, PROVENANCE), tmp_path, name)
    used = {c.upper() for c in re.findall(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})", saved.svg.read_text())}
    allowed = {c.upper() for c in charts.OKABE_ITO.values()} | {charts.GREY, "#FFFFFF", "#000000",
                                                                 "#222222", "#444444", "#666666"}
    assert used - allowed == set()
    assert used & {c.upper() for c in charts.OKABE_ITO.values()}


def test_voice_styles_are_distinct_and_the_author_is_grey():
    voices = [f"actor {i}" for i in range(9)] + [NARRATOR_LABEL]
    styles = charts.voice_styles(voices)
    assert styles[NARRATOR_LABEL] == (charts.GREY, "o")
    quoted = [styles[v] for v in voices[:-1]]
    assert len(set(quoted)) == len(quoted)
    coloured = [c for c, _ in quoted[:len(charts.ACTOR_CYCLE)]]
    assert coloured == list(charts.ACTOR_CYCLE)  # one distinct colour each, as far as the palette goes
    assert {c for c, _ in quoted[len(charts.ACTOR_CYCLE):]} == {charts.OTHER_GREY}  # then grey, never a repeat


def test_saved_figure_shows_as_png_in_jupyter(statements, tmp_path):
    saved = charts.save_figure(BUILDERS["voice_share"](statements, PROVENANCE), tmp_path, "v")
    assert saved._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    assert saved.paths == [tmp_path / "v.png", tmp_path / "v.svg"]


@pytest.mark.slow
def test_charts_handle_an_unknown_actor_and_no_narrator_rows(statements, tmp_path):
    quoted = statements[statements["kind"] != "narrator"].copy()
    quoted.loc[quoted.index[0], "actor"] = ""  # a speaker outside the sidecar's actor groups
    quoted["statement_id"] = range(len(quoted))
    for name in ("voice_share", "stance_by_actor", "stance_along_article", "frames_by_actor", "report"):
        saved = charts.save_figure(BUILDERS[name](quoted, PROVENANCE), tmp_path, name)
        image = matplotlib.image.imread(saved.png)
        assert min(image.shape[:2]) > 200 and image[..., :3].std() > 0.01  # a drawn chart, not a blank page
        assert ET.parse(saved.svg).getroot().tag.endswith("svg")
    svg = (tmp_path / "voice_share.svg").read_text(encoding="utf-8")
    speaker = quoted.loc[quoted.index[0], "speaker"]  # a voice without a group is shown under its own name
    assert f"<!-- {speaker} -->" in svg and f"<!-- {NARRATOR_LABEL} -->" not in svg


def test_caption_says_whether_stance_is_zero_shot_or_few_shot():
    assert charts.caption(PROVENANCE).endswith("stance: zero-shot")
    few = charts.caption({**PROVENANCE, "backend": "few-shot", "mode": "few-shot, 34 examples"})
    assert few.endswith("stance: few-shot, 34 examples") and "few-shot backend" in few


def test_hollow_means_top_probability_below_one_half(statements):
    from analysis.report import tables

    probs = statements[["p_favor", "p_against", "p_neutral"]].max(axis=1)
    assert (tables.uncertain_mask(statements) == (probs < tables.UNCERTAIN_BELOW)).all()
    assert "0.5" in tables.UNCERTAIN_NOTE


CYRILLIC = {"Dmitry Peskov": "Дмитрий Песков", "Pavel Durov": "Павел Дуров", "Kremlin": "Кремль",
            "Roskomnadzor": "Роскомнадзор", "Telegram": "Телеграм"}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_cyrillic_names_render_with_every_glyph(name, statements, tmp_path):
    """A Russian article's speakers, actors and sections are drawn, not boxes: the bundled DejaVu Sans
    has Cyrillic, and matplotlib warns of any glyph it lacks (made an error here)."""
    russian = statements.copy()
    for column in ("speaker", "actor", "speaker_mention"):
        russian[column] = russian[column].replace(CYRILLIC)
    russian["section"] = russian["section"].where(russian["section"] == "", "Ответ компании и обвинения")
    assert set(russian["speaker"]) & set(CYRILLIC.values())
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        saved = charts.save_figure(BUILDERS[name](russian, PROVENANCE), tmp_path, name)
    svg = saved.svg.read_text(encoding="utf-8")
    if name != "frames_author_vs_quoted":  # the one chart that names no voice (author vs quoted)
        assert re.search("[\u0400-\u04ff]", svg), "no Cyrillic text was drawn"
