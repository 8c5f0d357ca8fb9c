"""Make great-expectations Data Docs readable offline.

GE's pages load Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from CDNs, its
logo from S3, and fill the index tables from JavaScript. Offline that renders an unstyled
page with empty index tables. ``make_self_contained`` rewrites every page in a Data Docs
folder:

- external ``<link>`` and ``<script src>`` tags are removed, and so are the inline scripts
  that only drive those libraries (table widgets, tabs, the newsletter banner);
- the index tables that bootstrap-table would build from inline data are rendered as
  static HTML from that same data;
- a small local stylesheet (the subset of Bootstrap these pages use, plus text glyphs for
  the Font Awesome status icons) is inlined; collapsed sections and tab panes are shown;
- the S3 logo becomes the copy GE ships under ``static/images``; links to external sites
  keep their text and lose their address; ``url(http...)`` in the local CSS is dropped.

Afterwards no page or stylesheet in the folder names an http(s) URL in a src, href or url().
"""

from __future__ import annotations

import ast
import os
import re

from medcorpus.reports.html import write_atomic

_OFFLINE_CSS = """
*,*::before,*::after{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0;background:#fff}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
.container-fluid{width:100%;padding:0 15px}.row{display:flex;flex-wrap:wrap;margin:0 -15px}
[class*="col-"]{position:relative;width:100%;padding:0 15px}
@media(min-width:768px){.col-md-2{flex:0 0 16.66%;max-width:16.66%}.col-md-10{flex:0 0 83.33%;max-width:83.33%}
.col-md-6{flex:0 0 50%;max-width:50%}.col-md-4{flex:0 0 33.3%;max-width:33.3%}.col-md-8{flex:0 0 66.6%;max-width:66.6%}}
.col-12{flex:0 0 100%;max-width:100%}
.navbar{display:flex;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #dee2e6;background:#fff}
.sticky-top{position:sticky;top:0;z-index:10}
table,.table{width:100%;border-collapse:collapse;margin-bottom:1rem}
.table th,.table td{padding:.45rem;border-top:1px solid #dee2e6;vertical-align:top;text-align:left}
.table-sm th,.table-sm td{padding:.25rem}.table-bordered th,.table-bordered td{border:1px solid #dee2e6}
.table thead th{border-bottom:2px solid #dee2e6;background:#f8f9fa}.table-responsive{overflow-x:auto}
.alert{padding:.6rem 1rem;margin-bottom:1rem;border:1px solid transparent;border-radius:.25rem}
.alert-secondary{background:#e2e3e5;border-color:#d6d8db}
.card{border:1px solid rgba(0,0,0,.125);border-radius:.25rem;margin-bottom:1rem}
.card-header{padding:.5rem 1rem;background:#f7f7f7;border-bottom:1px solid rgba(0,0,0,.125)}.card-body{padding:1rem}
.badge{display:inline-block;padding:.2em .45em;font-size:80%;font-weight:600;border-radius:.25rem}
.badge-secondary{background:#6c757d;color:#fff}.badge-info{background:#17a2b8;color:#fff}
.text-danger{color:#c82333}.text-success{color:#1e7e34}.text-muted{color:#6c757d}
.bg-light{background:#f8f9fa}.rounded{border-radius:.25rem}
.btn{display:inline-block;padding:.3rem .7rem;border:1px solid #6c757d;border-radius:.25rem;background:#f8f9fa}
.nav{display:flex;flex-wrap:wrap;list-style:none;padding:0;margin:0}.nav-tabs{border-bottom:1px solid #dee2e6}
.nav-link{display:block;padding:.4rem .8rem}.d-flex{display:flex}.d-none{display:none}
.breadcrumb{display:flex;list-style:none;padding:.5rem 1rem;background:#e9ecef;border-radius:.25rem}
.breadcrumb-item+.breadcrumb-item::before{content:"/";padding:0 .5rem;color:#6c757d}
.collapse,.collapse:not(.show),.tab-pane,.fade{display:block!important;opacity:1!important}
.invisible,#ge-cta-footer,.ge-cta-footer,footer,button[onclick]{display:none!important}
.m-0{margin:0}.mb-0{margin-bottom:0}.mb-1{margin-bottom:.25rem}.mb-4{margin-bottom:1.5rem}.mt-3{margin-top:1rem}
.p-0{padding:0}.px-0{padding-left:0;padding-right:0}.pl-5{padding-left:3rem}.pr-5{padding-right:3rem}
.pt-4{padding-top:1.5rem}.pb-4{padding-bottom:1.5rem}.ml-2{margin-left:.5rem}.mr-2{margin-right:.5rem}
.fas::before,.fa::before{font-style:normal;font-weight:700}
.fa-check-circle::before{content:"\\2714"}.fa-times::before,.fa-times-circle::before{content:"\\2716"}
.fa-question-circle::before{content:"?"}.fa-exclamation-triangle::before{content:"\\26A0"}
.fa-info-circle::before{content:"\\2139"}
.cooltip .top{display:none}
.medcorpus-offline{font-size:12px;color:#6c757d;padding:.3rem 1rem;border-bottom:1px solid #dee2e6}
"""

_EXTERNAL = r"""(?:https?:)?//[^"'\s>)]+"""
_LINK_TAG = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']" + _EXTERNAL + r"[\"'][^>]*>", re.I)
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']" + _EXTERNAL + r"[\"'][^>]*>\s*</script>", re.I | re.S)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.I | re.S)
_EXTERNAL_HREF = re.compile(r"\s(href)\s*=\s*([\"'])" + _EXTERNAL + r"\2", re.I)
_EXTERNAL_IMG = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*)([\"'])" + _EXTERNAL + r"\2", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", re.I)


def _literal_after(text: str, start: int) -> tuple[object, int] | None:
    """The Python/JS literal list starting at text[start] == '[', and where it ends."""
    depth, quote, i = 0, None, start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                try:
                    return ast.literal_eval(text[start:i + 1]), i + 1
                except (ValueError, SyntaxError):
                    return None
        i += 1
    return None


def _static_tables(page: str) -> str:
    """Render bootstrap-table data (columns + data in an inline script) as static tables."""
    rendered: list[tuple[str, str]] = []
    for call in re.finditer(r"columns:\s*\[", page):
        cols = _literal_after(page, call.end() - 1)
        if cols is None:
            continue
        columns, end = cols
        data_at = re.compile(r"\s*,\s*data:\s*\[").match(page, end)
        if not data_at:
            continue
        parsed = _literal_after(page, data_at.end() - 1)
        toolbar = re.compile(r"\s*,\s*toolbar:\s*'#([^']+)-toolbar'").match(page, parsed[1]) if parsed else None
        if not toolbar:
            continue
        rows = parsed[0]
        head = "".join(f"<th>{c.get('title', '')}</th>" for c in columns)
        body = []
        for row in rows:
            link = row.get("_table_row_link_path")
            cells = []
            for i, c in enumerate(columns):
                value = str(row.get(c["field"], "")).strip()
                if i == 0 and link:
                    value = f'<a href="{link}">{value or "open"} {row.get("_validation_success_text", "")}</a>'
                cells.append(f"<td>{value}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        table = f'<table class="table table-sm" data-medcorpus="static"><thead><tr>{head}</tr></thead>' \
                f'<tbody>{"".join(body)}</tbody></table>'
        rendered.append((toolbar.group(1), table))
    for table_id, table in rendered:
        table_re = re.compile(r"<table\s[^>]*\bid=\"" + re.escape(table_id) + r"\"[^>]*>.*?</table>", re.S)
        page = table_re.sub(lambda _, t=table: t, page, count=1)
    return page


def make_page_offline(page: str, depth: int) -> str:
    page = _static_tables(page)
    page = _LINK_TAG.sub("", page)
    page = _SCRIPT_SRC.sub("", page)
    page = _INLINE_SCRIPT.sub("", page)
    logo = "../" * depth + "static/images/logo-long.png"
    page = _EXTERNAL_IMG.sub(lambda m: f"{m.group(1)}{m.group(2)}{logo}{m.group(2)}", page)
    page = _EXTERNAL_HREF.sub("", page)
    page = _CSS_URL.sub("none", page)
    banner = ('<div class="medcorpus-offline">Great Expectations Data Docs, rewritten by medcorpus to render '
              'offline: no CDN, no scripts.</div>')
    page = re.sub(r"</head>", lambda _: f"<style>{_OFFLINE_CSS}</style></head>", page, count=1, flags=re.I)
    page = re.sub(r"<body\b[^>]*>", lambda m: m.group(0) + banner, page, count=1, flags=re.I)
    return page


def make_self_contained(folder: str) -> list[str]:
    """Rewrite every .html and .css under ``folder``; returns the pages rewritten."""
    pages = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".html"):
                depth = os.path.relpath(root, folder).count(os.sep) + (os.path.relpath(root, folder) != ".")
                with open(path, encoding="utf-8") as f:
                    page = f.read()
                write_atomic(path, make_page_offline(page, depth).encode("utf-8"))
                pages.append(path)
            elif name.endswith(".css"):
                with open(path, encoding="utf-8") as f:
                    css = f.read()
                write_atomic(path, _CSS_URL.sub("none", css).encode("utf-8"))
    return pages


def external_references(folder: str) -> list[str]:
    """Every http(s) URL still named in a src, href or url() under ``folder`` (for tests)."""
    found = []
    pattern = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)((?:https?:)?//[^"'\s)>]+)""", re.I)
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith((".html", ".css", ".js")):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    found += [f"{name}: {m.group(1)}" for m in pattern.finditer(f.read())]
    return found
