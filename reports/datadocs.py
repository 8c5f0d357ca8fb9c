"""Make great-expectations Data Docs work offline, scripts included.

GE's pages load Bootstrap 4.3.1, bootstrap-table 1.19.1 (with its filter-control extension),
jQuery 3.7.1, popper.js, bootstrap-datepicker and Font Awesome from CDNs, Vega from
jsDelivr and the logo from S3. ``make_self_contained`` rewrites every page in a Data Docs
folder:

- the vendored copies in ``reports/assets/`` (see its README: versions, licences, origin)
  are copied to ``static/medcorpus/`` in the folder, and each CDN ``<link>``/``<script>``
  is pointed at its copy by a relative link, so the inline scripts keep working ("Failed
  only", "Show more info", the sortable, filterable index tables);
- CDN tags with no vendored copy (Vega, only drawn for profiling suites; a dark theme) are
  removed;
- the S3 logo becomes the copy GE ships under ``static/images``; links to external sites
  keep their text and lose their address; ``url(http...)`` in GE's CSS is dropped;
- "0% unexpected", GE's observed value when nothing failed, reads "0 unexpected rows".

Afterwards no page, stylesheet or script in the folder names an http(s) URL in a src,
href or url().
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from medcorpus.reports.html import write_atomic

ASSETS = Path(__file__).resolve().parent / "assets"
ASSETS_IN_DOCS = "static/medcorpus"  # where the vendored files go inside a Data Docs folder

# CDN address (without scheme) -> the vendored file under ASSETS that replaces it
_VENDORED = {
    "maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap-4.3.1/bootstrap.min.css",
    "stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap-4.3.1/bootstrap.min.js",
    "unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table-1.19.1/bootstrap-table.min.css",
    "unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table-1.19.1/bootstrap-table.min.js",
    "unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.css",
    "unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.css",
    "unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table-1.19.1/bootstrap-table-filter-control.min.js",
    "code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    "cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.js-1.12.9/popper.min.js",
    "cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.css",
    "cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.js",
    "cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome-free-6.6.0/css/all.min.css",
}

# the newsletter banner links to GE's site only; an offline note says where the scripts come from
_OFFLINE_CSS = "footer,#ge-cta-footer{display:none!important}" \
               ".medcorpus-offline{font-size:12px;color:#6c757d;padding:.3rem 1rem;border-bottom:1px solid #dee2e6}"

_URL = r"""((?:https?:)?//([^"'\s>)]+))"""  # group 1: the whole address, group 2: without scheme
_LINK_TAG = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']" + _URL + r"[\"'][^>]*>", re.I)
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']" + _URL + r"[\"'][^>]*>\s*</script>", re.I | re.S)
_EXTERNAL_HREF = re.compile(r"\s(href)\s*=\s*([\"'])(?:https?:)?//[^\"'\s>)]+\2", re.I)
_EXTERNAL_IMG = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*)([\"'])(?:https?:)?//[^\"'\s>)]+\2", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", re.I)
_STATIC_LINK = re.compile(r"""(\b(?:src|href)\s*=\s*["'])(?:\.\./)*static/""", re.I)
_CORS_ATTRS = re.compile(r"""\s(?:integrity|crossorigin)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.I)
_NOTHING_UNEXPECTED = re.compile(r">(\s*)0% unexpected(\s*)<")


def make_page_offline(page: str, depth: int) -> str:
    """One page ``depth`` folders below the Data Docs root, pointed at the vendored assets."""
    root = "../" * depth

    def vendored(m: re.Match) -> str:
        local = _VENDORED.get(m.group(2))
        if local is None:
            return ""
        # crossorigin makes the fetch a CORS request, which a file:// page may not make
        return _CORS_ATTRS.sub("", m.group(0).replace(m.group(1), f"{root}{ASSETS_IN_DOCS}/{local}"))

    page = _LINK_TAG.sub(vendored, page)
    page = _SCRIPT_SRC.sub(vendored, page)
    page = _EXTERNAL_IMG.sub(lambda m: f"{m.group(1)}{m.group(2)}{root}static/images/logo-long.png{m.group(2)}", page)
    page = _EXTERNAL_HREF.sub("", page)
    page = _STATIC_LINK.sub(lambda m: f"{m.group(1)}{root}static/", page)  # GE's favicon link is one level short
    page = _CSS_URL.sub("none", page)
    page = _NOTHING_UNEXPECTED.sub(r">\g<1>0 unexpected rows\g<2><", page)
    banner = ('<div class="medcorpus-offline">Great Expectations Data Docs, rewritten by medcorpus to work '
              f'offline: scripts and styles are local copies in {ASSETS_IN_DOCS}/.</div>')
    page = re.sub(r"</head>", lambda _: f"<style>{_OFFLINE_CSS}</style></head>", page, count=1, flags=re.I)
    return re.sub(r"<body\b[^>]*>", lambda m: m.group(0) + banner, page, count=1, flags=re.I)


def make_self_contained(folder: str) -> list[str]:
    """Rewrite every .html and .css under ``folder`` and copy the vendored assets into it;
    returns the pages rewritten."""
    pages = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(".html"):
                rel = os.path.relpath(root, folder)
                depth = 0 if rel == "." else rel.count(os.sep) + 1
                with open(path, encoding="utf-8") as f:
                    page = f.read()
                write_atomic(path, make_page_offline(page, depth).encode("utf-8"))
                pages.append(path)
            elif name.endswith(".css"):
                with open(path, encoding="utf-8") as f:
                    css = f.read()
                write_atomic(path, _CSS_URL.sub("none", css).encode("utf-8"))
    shutil.copytree(ASSETS, os.path.join(folder, ASSETS_IN_DOCS), dirs_exist_ok=True)  # licences travel too
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
