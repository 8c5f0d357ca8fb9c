"""The dataset card: built from a committed version, self-contained, renders offline."""

from __future__ import annotations

import json
import re

from medcorpus.reports.dataset_card import card_data, card_for_version, config_diff
from medcorpus.pipelines import datasets as ds
from tests.dataset_helpers import commit, docs
from tests.browser import chromium_dom


def test_card_from_a_committed_version(tmp_path):
    table = tmp_path / "docs"
    commit(table, docs("a", range(4)), run_id="r0")
    # against version 0: a4, a5 and both b documents added, a3 removed, a1 (and a0 below) changed
    records = docs("a", [0, 1, 2, 4, 5], text=lambda i: "note 1: worse." if i == 1 else f"note {i}: stable.") \
        + docs("b", range(2))
    for i, r in enumerate(records):
        r["quality"] = {"score": i / 10, "signals": []}
        r["dedup"] = {"exact_hash": "h", "cluster_id": r["doc_id"], "cluster_size": 1 + (i == 0)}
    records[0]["lang"] = "zh"
    records[0]["text"] = "患者 头痛三天"  # 6 characters, one space
    commit(table, records, run_id="r1", status="failed", failed=["documents/phi.ssn"])
    ds.set_tag(str(table), "candidate", 1)
    card = card_data(str(table), 1)
    assert card["version"] == 1 and card["tags"] == ["candidate"]
    assert card["languages"] == {"en": 6, "zh": 1}
    size = card["documents"]
    assert size["by_language"]["zh"] == {"documents": 1, "chars": 7, "tokens": 6}  # zh tokens are characters
    assert size["by_language"]["en"]["tokens"] == 6 * 3  # "note 4: stable." is 3 words
    assert size["tokens_total"] == 24 and size["chars_total"] == 7 + sum(len(r["text"]) for r in records[1:])
    assert sum(b["documents"] for b in size["length_histogram"]) == 7 and size["length_histogram"][0]["documents"] == 7
    changes = card["changes"]
    assert changes["parent_version"] == 0 and changes["config"] == []
    assert {k: changes["documents"][k] for k in ("added", "removed", "changed")} == {"added": 4, "removed": 1,
                                                                                     "changed": 2}
    assert changes["by_source"]["b"]["added"] == 2
    # version 1 failed validation: the snippets say how to open it anyway
    assert f'open_dataset("{table}", version=1, allow_invalid=True)' in card["loading"]["python"]
    assert card["loading"]["cli"].startswith(f"medcorpus pull {table} --version 1 --to ")
    assert card["loading"]["cli"].endswith("--allow-invalid")
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
    assert "4 documents added, 1 removed, 2 changed" in page and '<nav class="toc">' in page
    assert 'href="#changes-from-the-parent-version"' in page and "whitespace-separated words" in page
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    first = card_data(str(table), 0)
    assert first["lineage"]["parent_version"] is None and first["changes"] is None
    assert "allow_invalid" not in first["loading"]["python"] and "--allow-invalid" not in first["loading"]["cli"]


def test_config_diff_lists_changed_added_and_removed_keys():
    parent = {"dataset": "x", "stages": {"deid": {"mode": "mask", "score_threshold": 0.5}, "quality": {"min_words": 5}},
              "sources": [{"name": "a"}]}
    this = {"dataset": "x", "stages": {"deid": {"mode": "surrogate", "score_threshold": 0.5}},
            "sources": [{"name": "a"}, {"name": "b"}], "description": "v2"}
    assert config_diff(parent, this) == [
        {"key": "description", "parent": None, "this": "v2"},
        {"key": "sources", "parent": [{"name": "a"}], "this": [{"name": "a"}, {"name": "b"}]},
        {"key": "stages.deid.mode", "parent": "mask", "this": "surrogate"},
        {"key": "stages.quality.min_words", "parent": 5, "this": None},
    ]
    assert config_diff(this, this) == [] and config_diff(None, {"a": 1}) == [{"key": "a", "parent": None, "this": 1}]


def test_card_with_active_stages_draws_charts_and_renders(tmp_path):
    table = tmp_path / "docs"
    records = docs("a", range(30))
    for i, r in enumerate(records):
        r["quality"] = {"score": (i % 10) / 10 + 0.05, "signals": []}
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
