"""The dataset card: built from a committed version, self-contained, renders offline."""

from __future__ import annotations

import json
import re

from medcorpus.reports.dataset_card import card_data, card_for_version
from medcorpus.pipelines import datasets as ds
from tests.dataset_helpers import commit, docs
from tests.test_validation import chromium_dom


def test_card_from_a_committed_version(tmp_path):
    table = tmp_path / "docs"
    commit(table, docs("a", range(4)), run_id="r0")
    records = docs("a", range(6)) + docs("b", range(2))
    for i, r in enumerate(records):
        r["quality"] = {"score": i / 10, "signals": {}}
        r["dedup"] = {"exact_hash": "h", "cluster_id": r["doc_id"], "cluster_size": 1 + (i == 0)}
    records[0]["lang"] = "zh"
    commit(table, records, run_id="r1", status="failed", failed=["documents/phi.ssn"])
    ds.set_tag(str(table), "candidate", 1)
    card = card_data(str(table), 1)
    assert card["version"] == 1 and card["tags"] == ["candidate"]
    assert card["languages"] == {"en": 7, "zh": 1}
    assert card["lineage"]["parent_version"] == 0 and card["lineage"]["parent_run_id"] == "r0"
    assert card["conservation"]["by_source"]["b"]["kept"] == 2
    assert card["validation"]["status"] == "failed"
    # stages absent or disabled in this summary: the card says so instead of drawing empty charts
    json_path, html_path = card_for_version(str(table), 1)
    assert html_path.endswith("_medcorpus/runs/r1/dataset-card.html")
    assert json.loads(open(json_path).read())["run_id"] == "r1"
    page = open(html_path, encoding="utf-8").read()
    assert "quality stage was disabled" in page and "dedup stage was disabled" in page
    assert "langid stage was disabled" in page
    assert "documents/phi.ssn" in page and "allow_invalid=True" in page
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert card_data(str(table), 0)["lineage"]["parent_version"] is None


def test_card_with_active_stages_draws_charts_and_renders(tmp_path):
    table = tmp_path / "docs"
    records = docs("a", range(30))
    for i, r in enumerate(records):
        r["quality"] = {"score": (i % 10) / 10 + 0.05, "signals": {}}
        r["dedup"] = {"exact_hash": "h", "cluster_id": r["doc_id"], "cluster_size": 1 + i % 3}
        r["deid"] = {"mode": "surrogate", "num_spans": 1, "categories": ["NAME"], "spans": []}
    commit(table, records, run_id="r0")
    from deltalake import DeltaTable

    # pretend the stages ran: rewrite the stored summary the card reads
    card = card_data(str(table), 0)
    card["stages"] = {"langid": "active", "quality": "active", "dedup": "active", "deid": "active"}
    card["quality"]["active"] = card["dedup"]["active"] = card["deid"]["active"] = True
    card["deid"]["report"] = "deid-report.html"
    from medcorpus.reports.dataset_card import write_card

    _, html_path = write_card(card, str(tmp_path / "card"))
    page = open(html_path, encoding="utf-8").read()
    assert page.count("<svg") >= 4 and 'href="deid-report.html"' in page
    assert sum(card["quality"]["histogram"]) == 30
    assert card["dedup"]["cluster_sizes"] == {"1": 10, "2": 10, "3": 10}
    dom = chromium_dom(tmp_path / "card" / "dataset-card.html", tmp_path / "card.png")
    assert "Dataset card" in dom and "Lineage" in dom and dom.count("<svg") >= 4
    assert (tmp_path / "card.png").stat().st_size > 20_000
    assert DeltaTable(str(table)).version() == 0
