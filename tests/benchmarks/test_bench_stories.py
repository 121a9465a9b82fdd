"""benchmarks/bench_stories.py: the held-out Emergent claims are built from FNC-1's own claim structure."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.bench_stories import FNC1, emergent_claims


def fnc_folder(tmp_path: Path) -> Path:
    bodies = {1: "Tesla has chosen Nevada for its Gigafactory.", 2: "Nevada wins the Tesla battery plant.",
              3: "A Tesla rep confirmed the Reno site.", 4: "ISIS released a video of a beheading.",
              5: "The video of the beheading was released on Tuesday.", 6: "Apple Watch ships in March."}
    stances = [("Tesla picks Nevada", 1, "discuss"), ("Tesla picks Nevada", 2, "agree"),
               ("Gigafactory to Reno", 3, "agree"), ("Gigafactory to Reno", 2, "discuss"),
               ("ISIS beheading video", 4, "agree"), ("ISIS beheading video", 5, "disagree"),
               ("ISIS beheading video", 1, "unrelated"), ("Tesla picks Nevada", 6, "unrelated")]
    pd.DataFrame({"Body ID": list(bodies), "articleBody": list(bodies.values())}).to_csv(
        tmp_path / "competition_test_bodies.csv", index=False)
    pd.DataFrame(stances, columns=["Headline", "Body ID", "Stance"]).to_csv(
        tmp_path / "competition_test_stances.csv", index=False)
    return tmp_path


def test_bodies_joined_by_related_headlines_are_one_claim_and_unrelated_pairs_join_nothing(tmp_path):
    articles, gold = emergent_claims(fnc_folder(tmp_path), per_claim=5)
    assert gold["fnc-0001"] == gold["fnc-0002"] == gold["fnc-0003"] == "claim-1"  # through two headlines
    assert gold["fnc-0004"] == gold["fnc-0005"] != gold["fnc-0001"]
    assert gold["fnc-0006"] == "claim-6"  # only unrelated pairs: a story of its own
    assert list(articles["article_id"]) == sorted(gold) and articles["date"].isna().all()


def test_per_claim_keeps_the_first_bodies_of_each_claim(tmp_path):
    articles, gold = emergent_claims(fnc_folder(tmp_path), per_claim=2)
    assert sorted(gold) == ["fnc-0001", "fnc-0002", "fnc-0004", "fnc-0005", "fnc-0006"]


@pytest.mark.skipif(not FNC1.is_dir(), reason="needs ../shared/stance-train/fnc1")
def test_the_real_test_set_has_110_claims_over_904_bodies():
    articles, gold = emergent_claims(per_claim=10_000)
    assert len(articles) == 904 and len(set(gold.values())) == 110
    assert len(emergent_claims(per_claim=5)[0]) == 457
