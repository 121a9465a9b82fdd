"""The HTML pages in a real browser: Debian's chromium, headless, driven by Selenium and chromium-driver.

Checks the corpus index (loads without console errors, sorting by a column works both ways, each
title links to its article view) and an article view (loads without console errors; hovering a
statement shows a tooltip, read from the computed style of its ``::after`` box, that names the
speaker and the probabilities, and hides it again when the pointer leaves; keyboard focus shows it too).
Screenshots of the sorted index and of a hovered statement are written to the test's tmp folder,
and to ``figures/corpus_index.png`` and ``figures/article_hover.png`` (made from the project's own
synthetic articles, no third-party text) when ``ANALYSIS_UPDATE_SCREENSHOT=1``.

Skipped when chromium or chromedriver is missing (``.ci/run`` installs both on Debian).
"""
from __future__ import annotations

import os

import pytest

from analysis.corpus.analyse import ScoreOptions
from analysis.corpus.runner import run_corpus
from analysis.corpus.store import open_corpus
from analysis.report.corpus_index import write_corpus_index
from tests.support import BROWSER_MARKS, ROOT, headless_chrome, synthetic_corpus

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]
SCREENSHOT = ROOT / "figures" / "corpus_index.png"
HOVER_SCREENSHOT = ROOT / "figures" / "article_hover.png"


@pytest.fixture(scope="module")
def browser():
    driver = headless_chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, tiny_models):
    root = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_CACHE_DIR", str(root / "cache"))
        synthetic_corpus(root / "corpus", 6, seed=11, stories=True)
        run_corpus(root / "corpus", root / "run", ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False),
                   processes=False, workers=1, progress=False, name_pattern="outlet_date")
    return write_corpus_index(open_corpus(root / "run"), root / "site")


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def column(driver, index):
    cells = driver.find_elements("css selector", f"#articles tbody tr td:nth-child({index})")
    return [c.get_attribute("data-value") for c in cells]


def test_index_loads_sorts_and_links(browser, site, tmp_path):
    browser.get(site.as_uri())
    assert browser.title.startswith("Corpus") and not console_errors(browser)
    rows = browser.find_elements("css selector", "#articles tbody tr")
    assert len(rows) == 6
    header = browser.find_element("css selector", 'th[data-key="statements"]')
    header.find_element("tag name", "button").click()
    values = [float(v) for v in column(browser, 5)]
    assert values == sorted(values) and header.get_attribute("aria-sort") == "ascending"
    header.find_element("tag name", "button").click()
    assert [float(v) for v in column(browser, 5)] == sorted(values, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    browser.find_element("css selector", 'th[data-key="outlet"] button').click()
    outlets = column(browser, 2)
    assert outlets == sorted(outlets)
    assert not console_errors(browser)
    shot = SCREENSHOT if os.environ.get("ANALYSIS_UPDATE_SCREENSHOT") == "1" else tmp_path / SCREENSHOT.name
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    link = browser.find_element("css selector", "#articles tbody tr a")
    expected_title = link.text
    link.click()
    assert browser.current_url.endswith(".html") and "/articles/" in browser.current_url
    assert browser.find_element("tag name", "title").get_attribute("textContent") == expected_title


def _tooltip(driver, element) -> str:
    """What the mark's ``::after`` tooltip box shows now ('' when it shows nothing), its CSS string
    value decoded (``\\A`` is a line break, a backslash escapes the next character)."""
    import re

    value = driver.execute_script(
        "var s = getComputedStyle(arguments[0], '::after');"
        "return (s.content === 'none' || s.display === 'none' || s.visibility === 'hidden') ? '' : s.content;", element)
    if not value:
        return ""
    assert value[0] == value[-1] == '"', value
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)", lambda m: chr(int(m[1], 16)) if m[1] else m[2], value[1:-1])


def test_article_view_hover_shows_speaker_and_probabilities(browser, site, tmp_path):
    from selenium.webdriver import ActionChains

    page = next((site.parent / "articles").glob("*.html"))
    browser.get(page.as_uri())
    assert not console_errors(browser)
    marks = browser.find_elements("css selector", "mark[data-statement-id]")
    quoted = [m for m in marks if "narrator" not in (m.get_attribute("class") or "")]
    assert marks and quoted
    target = quoted[0]
    assert _tooltip(browser, target) == ""  # nothing shown before the pointer is there
    ActionChains(browser).move_to_element(target).perform()
    tip = _tooltip(browser, target)
    assert "favor " in tip and "against " in tip and "neutral " in tip and "stance:" in tip
    speaker = tip.splitlines()[0].split(" · ", 1)[1]
    assert speaker and speaker != "unattributed"
    assert tip == target.get_attribute("data-tip")
    shot = HOVER_SCREENSHOT if os.environ.get("ANALYSIS_UPDATE_SCREENSHOT") == "1" else tmp_path / HOVER_SCREENSHOT.name
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    ActionChains(browser).move_to_element(browser.find_element("tag name", "h1")).perform()
    assert _tooltip(browser, target) == ""  # and gone when it leaves
    browser.execute_script("arguments[0].focus()", target)  # keyboard readers get it on focus
    assert _tooltip(browser, target) == tip
    assert not console_errors(browser)


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory, tiny_models):
    """A corpus of the seed and its Russian translation (seeds/translations)."""
    import shutil

    root = tmp_path_factory.mktemp("mixed_site")
    (root / "corpus").mkdir()
    for source in (ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt", ROOT / "seeds" / "translations" / "000_3e76e6e75a2eff3d.ru.txt"):
        for path in (source, source.with_suffix(".json")):
            shutil.copy(path, root / "corpus" / path.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_CACHE_DIR", str(root / "cache"))
        run_corpus(root / "corpus", root / "run", ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False),
                   processes=False, workers=1, progress=False, stories="none")
    return write_corpus_index(open_corpus(root / "run"), root / "site")


#: Draws a text in an element's font on a canvas; a glyph the font lacks draws as the same box
#: as an unassigned private-use character.
GLYPH_CHECK = """
var el = arguments[0], family = getComputedStyle(el).fontFamily;
function draw(text) { var c = document.createElement('canvas'); c.width = 400; c.height = 60;
  var x = c.getContext('2d'); x.font = '40px ' + family; x.fillText(text, 4, 48); return c.toDataURL(); }
var tofu = draw('\\uE000\\uE000\\uE000');
return ['Жук', 'Щит', 'Юля'].every(function (t) { return draw(t) !== tofu; }) && draw('\\uE001\\uE002\\uE003') === tofu;
"""


def test_a_cyrillic_article_renders_in_the_index_and_its_view(browser, mixed_site, tmp_path):
    from selenium.webdriver import ActionChains

    browser.get(mixed_site.as_uri())
    assert not console_errors(browser)
    cell = browser.find_element("css selector", '#articles tbody td[lang="ru"]')
    assert cell.text == "Кремль защитил ограничения WhatsApp и продвигает отечественный мессенджер Max"
    assert browser.execute_script(GLYPH_CHECK, cell), "Cyrillic glyphs are drawn as boxes"
    browser.find_element("css selector", 'th[data-key="language"] button').click()
    assert column(browser, 4) == ["en", "ru"]
    cell.find_element("tag name", "a").click()
    assert browser.execute_script("return document.documentElement.lang") == "ru"
    assert browser.execute_script("return document.characterSet") == "UTF-8"
    quoted = [m for m in browser.find_elements("css selector", "mark[data-statement-id]")
              if "narrator" not in (m.get_attribute("class") or "")]
    peskov = next(m for m in quoted if "Дмитрий Песков" in m.get_attribute("data-tip"))
    assert browser.execute_script(GLYPH_CHECK, peskov)
    ActionChains(browser).move_to_element(peskov).perform()
    assert "Дмитрий Песков" in _tooltip(browser, peskov)
    assert browser.save_screenshot(str(tmp_path / "cyrillic_article.png"))
    assert not console_errors(browser)
