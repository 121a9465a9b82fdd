"""benchmarks/fewshot_aux.py (the measured, unshipped auxiliary-data lever): loaders, retrieval, alignment."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from benchmarks import fewshot_aux as aux


@pytest.fixture()
def train_dir(tmp_path: Path) -> Path:
    (tmp_path / "perspectrum").mkdir()
    (tmp_path / "perspectrum" / "perspective_pool_v1.0.json").write_text(json.dumps(
        [{"pId": 1, "text": "Seas are rising fast."}, {"pId": 2, "text": "Models overstate warming."}]))
    (tmp_path / "perspectrum" / "perspectrum_with_answers_v1.0.json").write_text(json.dumps([
        {"cId": 1, "text": "Climate change is a threat", "perspectives": [
            {"pids": [1], "stance_label_3": "SUPPORT"}, {"pids": [2], "stance_label_3": "UNDERMINE"}]}]))
    (tmp_path / "vaccinelies").mkdir()
    pd.DataFrame({"target": ["Vaccines are unsafe"] * 4, "text": ["a", "b", "c", "d"], "label": [0, 1, 2, 3]}).to_csv(
        tmp_path / "vaccinelies" / "preprocessed.csv", index=False)
    return tmp_path


def test_the_directory_is_configurable_and_its_absence_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv(aux.ENV, raising=False)
    with pytest.raises(InputError, match=aux.ENV):
        aux.stance_train_dir()
    with pytest.raises(InputError, match="does not exist"):
        aux.stance_train_dir(tmp_path / "missing")
    monkeypatch.setenv(aux.ENV, str(tmp_path))
    assert aux.stance_train_dir() == tmp_path


def test_loaders_map_each_source_to_favor_against_neutral(train_dir):
    pool = aux.load_pool(train_dir)
    persp = pool[pool["source"] == "perspectrum"].set_index("text")["stance"].to_dict()
    assert persp == {"Seas are rising fast.": "favor", "Models overstate warming.": "against"}
    vac = pool[pool["source"] == "vaccinelies"].set_index("text")["stance"].to_dict()
    assert vac == {"a": "neutral", "b": "neutral", "c": "favor", "d": "against"}


class _Enc:
    """Embeds a text by the words it shares with a fixed vocabulary (enough for retrieval)."""

    vocab = ("climate", "vaccines", "threat", "unsafe")

    def encode(self, texts, progress=False):
        X = np.array([[w in t.lower() for w in self.vocab] for t in texts], dtype=float) + 1e-3
        return X / np.linalg.norm(X, axis=1, keepdims=True)


def test_retrieve_takes_the_nearest_targets(train_dir):
    got = aux.retrieve(_Enc(), "Is climate change a threat?", aux.load_pool(train_dir), n_targets=1)
    assert set(got["target"]) == {"Climate change is a threat"} and got["sim"].iloc[0] > 0.9


def test_align_keeps_swaps_or_drops_each_target():
    df = pd.DataFrame({"target": ["same", "same", "opposite", "opposite", "unclear", "unclear"],
                       "stance": ["favor", "against"] * 3})
    fav, ag, neu = [0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]
    probs = np.array([fav, ag, ag, fav, neu, neu])
    out = aux.align(probs, df)
    assert out[out["target"] == "same"]["stance"].tolist() == ["favor", "against"]
    assert out[out["target"] == "opposite"]["stance"].tolist() == ["against", "favor"]
    assert "unclear" not in set(out["target"])
    by_claim = aux.align_by_claim({"same": np.array(fav), "opposite": np.array(ag), "unclear": np.array(neu)}, df)
    assert by_claim[by_claim["target"] == "opposite"]["stance"].tolist() == ["against", "favor"]
    assert "unclear" not in set(by_claim["target"])
