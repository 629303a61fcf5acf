"""What every OSCAL document ssrgen writes shares: UUIDs, metadata, properties, JSON.

**Stable UUIDs.** Every UUID is a version-5 UUID of :data:`NAMESPACE` and the
ids of what it names (``uuid5(NAMESPACE, "ssp|FREO-0001|component|case-tracker")``):
the same workspace gives the same UUIDs on every run, and a control, system,
evidence item or finding keeps its UUID from one export to the next, as OSCAL
asks of per-subject identifiers. A catalog or profile names its catalog version
too, so a changed catalog is a new instance.

**Last modified.** A document's ``last-modified`` is the newest modification time
of the files it is drawn from (the workspace's records, the catalogs), in UTC to
the second: exporting an unchanged workspace again gives byte-identical files, and
an edit moves the date.

**Properties** ssrgen adds (Pub 1075 flags, review cadences, finding numbers)
carry the namespace :data:`NS`; OSCAL's own (``label``, ``sort-id``) carry none.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ssrgen import __version__

OSCAL_VERSION = "1.2.1"
# the namespace of every UUID ssrgen makes (itself a version-5 UUID of ssrgen's name)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ssrgen:oscal")
# the namespace of the properties and part names ssrgen adds to OSCAL's
NS = "urn:ssrgen:oscal"
NIST_CATALOG = ("https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/"
                "NIST_SP-800-53_rev5_catalog.json")
PUB1075_URL = "https://www.irs.gov/pub/irs-pdf/p1075.pdf"
RFC4122 = "https://ietf.org/rfc/rfc4122"

JSON = dict[str, Any]


def stable_uuid(*names: object) -> str:
    """A version-5 UUID of ssrgen's namespace and ``names`` (the same names, the same UUID)."""
    return str(uuid.uuid5(NAMESPACE, "|".join(str(n) for n in names)))


def prop(name: str, value: object, *, ours: bool = True, cls: str | None = None,
         remarks: str | None = None) -> JSON:
    """A property; ssrgen's own carry :data:`NS`."""
    out: JSON = {"name": name}
    if ours:
        out["ns"] = NS
    out["value"] = " ".join(str(value).split())
    if cls:
        out["class"] = cls
    if remarks:
        out["remarks"] = remarks
    return out


def props_of(props: Iterable[JSON]) -> list[JSON]:
    """The properties with a value (OSCAL refuses an empty one)."""
    return [p for p in props if p.get("value")]


def timestamp(moment: dt.datetime) -> str:
    """``2026-03-02T14:03:11Z``: OSCAL wants a time zone; seconds are enough."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def newest_change(paths: Iterable[Path]) -> dt.datetime:
    """The newest modification time among ``paths`` (files, or folders walked), in UTC."""
    newest = 0.0
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and not child.name.startswith("."):
                    newest = max(newest, child.stat().st_mtime)
        elif path.is_file():
            newest = max(newest, path.stat().st_mtime)
    return dt.datetime.fromtimestamp(int(newest), dt.UTC)


def metadata(title: str, version: str, last_modified: dt.datetime, *, parties: list[JSON] | None = None,
             roles: list[JSON] | None = None, responsible: list[JSON] | None = None,
             props: list[JSON] | None = None, links: list[JSON] | None = None,
             remarks: str | None = None) -> JSON:
    """OSCAL metadata: title, last-modified, version, oscal-version, and what else is given."""
    out: JSON = {
        "title": title,
        "last-modified": timestamp(last_modified),
        "version": version,
        "oscal-version": OSCAL_VERSION,
    }
    if props:
        out["props"] = props
    if links:
        out["links"] = links
    if roles:
        out["roles"] = roles
    if parties:
        out["parties"] = parties
    if responsible:
        out["responsible-parties"] = responsible
    if remarks:
        out["remarks"] = remarks
    return out


def tool_prop() -> JSON:
    """Which program wrote the document."""
    return prop("generator", f"ssrgen {__version__}")


def dumps(document: JSON) -> str:
    """The JSON text of a document: two-space indent, keys in the order built, UTF-8 as is."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
