"""The shared HTML helpers: values from data are escaped, charts and tables say what they count."""

from __future__ import annotations

import json
import re

from medcorpus.reports.html import (
    bar_chart, column_chart, escape, histogram, page, table, with_contents, write_json_and_html,
)

HOSTILE = '<script>alert("x")</script>'


def test_escape_makes_markup_and_quotes_inert():
    assert escape(HOSTILE) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert escape("it's a & b") == "it&#x27;s a &amp; b"
    assert escape(3) == "3" and escape(None) == "None"


def test_no_raw_script_from_data_anywhere():
    parts = [bar_chart({HOSTILE: 2, "NAME": 1}), histogram([1, 2], HOSTILE),
             table([HOSTILE, "n"], [[escape(HOSTILE), 1]])]
    html = page(HOSTILE, parts)
    assert "<script" not in html.lower()
    assert html.count("&lt;script&gt;") == 5  # title, bar label, histogram label, header, escaped cell


def test_table_marks_numeric_columns_and_keeps_cells_as_given():
    out = table(["label", "spans"], [["<b>NAME</b>", 12], ["DATE", 3]], {1})
    assert out.startswith("<table><thead><tr><th>label</th><th>spans</th></tr></thead><tbody>")
    rows = re.findall(r"<tr>(.*?)</tr>", out)[1:]
    assert rows == ['<td class=""><b>NAME</b></td><td class="n">12</td>',
                    '<td class="">DATE</td><td class="n">3</td>']
    assert table(["a"], []).endswith("<tbody></tbody></table>")


def test_bar_chart_orders_by_count_and_scales_to_the_largest():
    svg = bar_chart({"small": 1, "big": 4, "mid": 2}, width=660)
    assert re.findall(r'font-size="12">([a-z]+)</text>', svg) == ["big", "mid", "small"]
    # the largest bar spans width - 260 pixels; the others in proportion
    assert re.findall(r'<rect x="200" y="\d+" width="(\d+)"', svg) == ["400", "200", "100"]
    assert 'height="70"' in svg  # 20 px per bar + 10
    assert bar_chart({}) == '<p class="muted">none</p>'


def test_histogram_titles_each_bin_of_the_unit_interval():
    card = histogram([0, 5, 10, 0, 0, 0, 0, 0, 0, 1], "score")
    titles = re.findall(r"<title>(.*?)</title>", card)
    assert titles[0] == "0.0-0.1: 0" and titles[2] == "0.2-0.3: 10" and titles[9] == "0.9-1.0: 1"
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', card)]
    assert heights[2] == 60.0 and heights[1] == 30.0 and heights[0] == 0.0
    assert "<b>score</b>" in card
    assert "<title>" in histogram([0, 0], "empty")  # all zero: no division by zero


def test_page_is_self_contained_and_skips_empty_parts():
    html = page("Report", ["<h1>one</h1>", "", "<p>two</p>"])
    assert html.startswith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report</title><style>')
    assert "<h1>one</h1>\n<p>two</p></body></html>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|<link|url\(""", html)


def test_write_json_and_html_replaces_both_files_and_leaves_no_temporaries(tmp_path):
    out = tmp_path / "run"
    json_path, html_path = write_json_and_html({"n": 1, "name": "é"}, "<p>first</p>", str(out), "card")
    assert (json_path, html_path) == (str(out / "card.json"), str(out / "card.html"))
    write_json_and_html({"n": 2}, "<p>second</p>", str(out), "card")
    assert json.loads((out / "card.json").read_text(encoding="utf-8")) == {"n": 2}
    assert (out / "card.html").read_text(encoding="utf-8") == "<p>second</p>"
    assert sorted(p.name for p in out.iterdir()) == ["card.html", "card.json"]


def test_column_chart_keeps_bin_order_and_scales_to_the_tallest():
    svg = column_chart([("0-99", 2), ("100-999", 8), (HOSTILE, 4)], width=300, height=140)
    assert re.findall(r"<title>(.*?): \d+</title>", svg) == ["0-99", "100-999", escape(HOSTILE)]
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill', svg)]
    assert heights == [25.0, 100.0, 50.0]  # the tallest is height - 40
    assert "<script" not in svg and column_chart([]) == '<p class="muted">none</p>'
    assert "<title>" in column_chart([("empty", 0)])  # all zero: no division by zero


def test_with_contents_anchors_every_section_and_lists_it_before_the_first():
    parts = with_contents(["<h1>T</h1>", "<h2>Summary</h2><p>x</p>", "<h2>A &amp; B</h2>", "<h2>Summary</h2>"])
    assert parts[1].startswith('<nav class="toc">') and parts[0] == "<h1>T</h1>"
    assert re.findall(r'href="#([^"]+)">(.*?)</a>', parts[1]) == [("summary", "Summary"), ("a-b", "A &amp; B"),
                                                                  ("summary-2", "Summary")]
    assert parts[2] == '<h2 id="summary">Summary</h2><p>x</p>' and parts[4] == '<h2 id="summary-2">Summary</h2>'
    assert with_contents(["<p>no sections</p>"]) == ["<p>no sections</p>"]
