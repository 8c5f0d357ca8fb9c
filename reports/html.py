"""The HTML every medcorpus page shares: escaping, the stylesheet, inline SVG charts, tables,
the page skeleton, and writing a page with its JSON beside it.

Pages are self-contained: the CSS is inlined and charts are SVG, so nothing is loaded from
anywhere. Table cells are HTML as given; pass every value that comes from data through
``escape`` first.
"""

from __future__ import annotations

import html
import json
import os
import re
import uuid
from typing import Any, Container


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#57606a}
.ctx{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap}
mark{background:#ffe58f;padding:0 .15rem;border-radius:2px}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:1rem}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem}
pre{background:#f6f8fa;padding:.5rem;border-radius:6px;overflow-x:auto}
nav.toc{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;background:#f6f8fa;columns:2}nav.toc ol{margin:.3rem 0}
.signoff{border:2px solid #0969da;border-radius:6px;padding:.8rem 1rem}.signoff label{display:block;margin:.4rem 0 .1rem;font-weight:600}
.signoff input[type=text],.signoff input[type=date],.signoff textarea{width:100%;box-sizing:border-box;font:inherit;padding:.25rem}
.signoff textarea{min-height:5rem}.headline{font-size:1.3rem;font-weight:600}
@media print{nav.toc{display:none}body{margin:0}.signoff{break-inside:avoid}}
"""


def escape(value: Any) -> str:
    """``str(value)`` safe as HTML text and as a quoted attribute value."""
    return html.escape(str(value), quote=True)


def bar_chart(counts: dict[str, int], width: int = 640) -> str:
    """Horizontal bars, largest first, each labelled with its name and count."""
    if not counts:
        return '<p class="muted">none</p>'
    top = max(counts.values())
    row = 20
    height = row * len(counts) + 10
    bars = []
    for i, (label, n) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1])):
        w = max(1, int((width - 260) * n / top))
        y = 5 + i * row
        bars.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label)}</text>'
                    f'<rect x="200" y="{y + 3}" width="{w}" height="14" fill="#0969da"/>'
                    f'<text x="{205 + w}" y="{y + 14}" font-size="12">{n}</text>')
    return f'<svg role="img" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'


def column_chart(bins: list[tuple[str, int]], width: int = 640, height: int = 160) -> str:
    """Vertical bars in the order given (a distribution), each with its count above and its
    bin's label below; the tallest bar is ``height - 40`` pixels."""
    if not bins:
        return '<p class="muted">none</p>'
    top = max(n for _, n in bins) or 1
    bw = width / len(bins)
    cols = []
    for i, (label, n) in enumerate(bins):
        h = (height - 40) * n / top
        x = i * bw
        cols.append(f'<rect x="{x + 2:.1f}" y="{height - 20 - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" '
                    f'fill="#0969da"><title>{escape(label)}: {n}</title></rect>'
                    f'<text x="{x + bw / 2:.1f}" y="{height - 24 - h:.1f}" font-size="11" '
                    f'text-anchor="middle">{n}</text>'
                    f'<text x="{x + bw / 2:.1f}" y="{height - 5}" font-size="11" text-anchor="middle">'
                    f"{escape(label)}</text>")
    return f'<svg role="img" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(cols)}</svg>'


def histogram(counts: list[int], label: str) -> str:
    """A titled card with one bar per count, the counts being equal bins of [0, 1]."""
    width, height = 240, 90
    top = max(counts) or 1
    bw = width / len(counts)
    edges = [i / len(counts) for i in range(len(counts) + 1)]
    bars = "".join(
        f'<rect x="{i * bw + 1:.1f}" y="{height - 20 - (height - 30) * n / top:.1f}" width="{bw - 2:.1f}" '
        f'height="{(height - 30) * n / top:.1f}" fill="#8250df"><title>{edges[i]:.1f}-{edges[i + 1]:.1f}: {n}'
        f'</title></rect>' for i, n in enumerate(counts))
    axis = f'<text x="0" y="{height - 5}" font-size="10">0</text><text x="{width - 20}" y="{height - 5}" ' \
           f'font-size="10">1.0</text>'
    return (f'<div class="card"><b>{escape(label)}</b><br><svg role="img" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{bars}{axis}</svg></div>')


def table(headers: list[str], rows: list[list[Any]], numeric: Container[int] = frozenset()) -> str:
    """Headers are escaped; cells are HTML as given. Columns in ``numeric`` align right."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="{"n" if i in numeric else ""}">{c}</td>' for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, parts: list[str]) -> str:
    """The whole document: escaped title, inline CSS, the non-empty parts one per line."""
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(p for p in parts if p) + "</body></html>")


def with_contents(parts: list[str]) -> list[str]:
    """Give every ``<h2>`` an anchor and put a linked contents list before the first one."""
    entries: list[tuple[str, str]] = []

    def anchor(m: re.Match) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).lower()).strip("-")
        slug = slug or "section"
        if any(slug == s for s, _ in entries):
            slug = f"{slug}-{len(entries)}"
        entries.append((slug, m.group(1)))
        return f'<h2 id="{slug}">{m.group(1)}</h2>'

    out = [re.sub(r"<h2>(.*?)</h2>", anchor, p, flags=re.S) for p in parts]
    if not entries:
        return out
    first = next(i for i, p in enumerate(out) if "<h2 id=" in p)
    nav = ('<nav class="toc"><b>Contents</b><ol>' + "".join(f'<li><a href="#{slug}">{title}</a></li>'
                                                             for slug, title in entries) + "</ol></nav>")
    return out[:first] + [nav] + out[first:]


def join(root: str, *parts: str) -> str:
    """Beam's ``FileSystems.join``, without importing Beam for a local path (where Beam joins with
    ``os.path.join``): the gate's background process never needs Beam for a local table."""
    if "://" in root:
        from apache_beam.io.filesystems import FileSystems

        return FileSystems.join(root, *parts)
    return os.path.join(root, *parts)


def write_atomic(path: str, body: bytes) -> None:
    """Readers see the old file or the whole new one: a local file is written beside its
    target and renamed over it; on an object store one object PUT is already atomic."""
    if "://" in path:
        from apache_beam.io.filesystems import FileSystems

        with FileSystems.create(path) as f:
            f.write(body)
        return
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json_and_html(data: dict[str, Any], page_html: str, out_dir: str, stem: str) -> tuple[str, str]:
    """``<stem>.json`` and ``<stem>.html`` in ``out_dir`` (local or an object store)."""
    paths = []
    for name, body in ((f"{stem}.json", json.dumps(data, ensure_ascii=False, indent=1)), (f"{stem}.html", page_html)):
        path = join(out_dir, name)
        write_atomic(path, body.encode("utf-8"))
        paths.append(path)
    return paths[0], paths[1]
