"""The labelling page in real chromium (headless, Selenium and Debian's chromium-driver), against
the real server started as the command line starts it (``python -m analysis label``, port 0 on
127.0.0.1): label 20 statements by key, kill the server, start it again, see the 20, undo one,
label it again and finish. Every step is bounded in time; loopback only.

Skipped when chromium or chromedriver is missing (``.ci/run`` installs both on Debian).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from analysis.stance.labels_file import read_labels_csv
from tests.support import BROWSER_MARKS, HEADS, ROOT, build_tiny_model, headless_chrome, seed_sentences, words

pytestmark = [*BROWSER_MARKS, pytest.mark.slow]
TARGET = "The blocking of WhatsApp in Russia is justified."
STARTUP_S = 120


def pool_texts() -> list[str]:
    """The seed's sentences and 40 made of its words: more statements than the test labels."""
    return seed_sentences() + [words(12, seed=i).capitalize() + "." for i in range(40)]


@pytest.fixture(scope="module")
def browser():
    driver = headless_chrome()
    yield driver
    driver.quit()


class Server:
    """``python -m analysis label ... --port 0`` in a subprocess; the URL read from its stderr."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "analysis", "label", *args, "--port", "0"], cwd=ROOT,
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.url: str | None = None
        found = threading.Event()

        def read() -> None:
            assert self.proc.stderr is not None
            for line in self.proc.stderr:
                self.lines.append(line)
                m = re.search(r"labelling page: (http://127\.0\.0\.1:\d+/)", line)
                if m:
                    self.url = m.group(1)
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(STARTUP_S):
            self.proc.kill()
            pytest.fail("the labelling server did not start: " + "".join(self.lines[-20:]))


def wait_for(browser, css, text, timeout=20.0):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(browser, timeout).until(lambda d: d.find_element("css selector", css).text == text)
    except TimeoutException:
        got = browser.find_element("css selector", css).text
        error = browser.find_element("css selector", "#error").text
        pytest.fail(f"{css} shows {got!r}, not {text!r}, after {timeout} s (page error: {error!r})")


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def test_labels_survive_a_killed_server_and_the_page_resumes(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    enc = build_tiny_model(tmp_path / "enc", HEADS["3way"])
    pool = tmp_path / "pool.csv"
    pd.DataFrame({"text": pool_texts()}).to_csv(pool, index=False)
    labels = tmp_path / "labels.csv"
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    args = [str(pool), "--target", TARGET, "--labels", str(labels), "--model", str(enc)]

    first = Server(args, env)
    try:
        browser.get(first.url)
        wait_for(browser, "#count", "0")
        keys = "fanfanfanfanfanfanfa"  # 20 labels, three classes; the 12th refits the head
        for i, key in enumerate(keys, start=1):
            if i == 3:  # tick a frame on this card
                browser.find_element("css selector", '#frames input[value="economic"]').click()
            ActionChains(browser).send_keys(key).perform()
            wait_for(browser, "#count", str(i))
        assert browser.find_element("css selector", "#estimate").text not in ("", "after 12 labels")
        assert browser.find_element("css selector", "#pace").text.startswith("Your pace: 20 labels")
        assert not console_errors(browser)
    finally:
        first.proc.kill()  # no goodbye: whatever was answered must be on disk
        first.proc.wait(10)
    rows = read_labels_csv(labels).rows
    assert len(rows) == 20 and [r.stance[0] for r in rows] == list(keys)
    assert rows[2].frames == ("economic",) and {r.target for r in rows} == {TARGET}

    second = Server([str(pool), "--labels", str(labels), "--model", str(enc)], env)  # target from the file
    try:
        browser.get(second.url)
        wait_for(browser, "#count", "20")
        assert browser.find_element("css selector", "#target").text == TARGET
        shown = browser.find_element("css selector", "#text").text
        assert shown not in {r.text for r in rows}  # resumes with a statement not labelled yet
        ActionChains(browser).send_keys("s").perform()
        wait_for(browser, "#skipped", "1")
        ActionChains(browser).send_keys("u").perform()
        wait_for(browser, "#skipped", "0")
        assert browser.find_element("css selector", "#text").text == shown
        ActionChains(browser).send_keys("n").perform()
        wait_for(browser, "#count", "21")
        browser.find_element("css selector", "#finish").click()
        wait_for(browser, "#done p", f"Finished: 21 labels in {labels}.")
        assert second.proc.wait(30) == 0
    finally:
        if second.proc.poll() is None:
            second.proc.kill()
    assert len(read_labels_csv(labels).rows) == 21
    assert any("21 labels in" in line for line in second.lines)
    assert any(line.startswith("pace: 21 labels in ") for line in second.lines)  # the undone skip is gone
    time.sleep(0)
