"""Loading the control catalogs and looking entries up.

A catalog is a folder under ``controls/``: ``catalog.yaml`` says what it is and
every other ``*.yaml`` holds a group (family, chapter) of entries. Loading
collects every problem (syntax, fields, duplicate ids, dangling cross-references)
instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ssrgen import ids
from ssrgen.errors import InputError, Problem, ValidationFailed
from ssrgen.model.catalog import Cadence, CatalogInfo, Entry, Group
from ssrgen.paths import controls_dir
from ssrgen.yamlio import YamlDocument, load_yaml, pydantic_problems

DEFAULT_CADENCE = Cadence(value=1, unit="years", basis="default")
# the order a reader expects; catalogs not listed follow alphabetically
CATALOG_ORDER = ("pub1075", "pub1075-req", "mou", "authorities")


@dataclass(frozen=True)
class CatalogEntry:
    """An entry with what it belongs to: its catalog, group and parent."""

    entry: Entry
    catalog: str
    group: str
    group_title: str
    parent: str | None
    where: str

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def title(self) -> str:
        return self.entry.title


@dataclass
class Catalogs:
    """Every catalog, indexed by entry id (enhancements included)."""

    infos: dict[str, CatalogInfo] = field(default_factory=dict)
    groups: dict[str, list[Group]] = field(default_factory=dict)
    by_id: dict[str, CatalogEntry] = field(default_factory=dict)
    version: str = ""
    root: Path | None = None

    def __contains__(self, entry_id: str) -> bool:
        return self.find(entry_id) is not None

    def find(self, entry_id: str) -> CatalogEntry | None:
        # the keys are normalized ids, and an id read from a workspace usually is one already
        found = self.by_id.get(entry_id)
        return found if found is not None else self.by_id.get(ids.normalize(entry_id))

    def get(self, entry_id: str) -> CatalogEntry:
        """The entry for an id as a user typed it, or an error that suggests ids."""
        found = self.find(entry_id)
        if found is None:
            raise InputError(
                f"no catalog entry has the id '{entry_id}'",
                fix=self.suggest(entry_id),
            )
        return found

    def suggest(self, entry_id: str) -> str:
        wanted = ids.normalize(entry_id)
        family = ids.family_of(wanted)
        close = [i for i in self.by_id if family and ids.family_of(i) == family][:8]
        if close:
            return f"Known ids in that family include {', '.join(close)}; see 'ssrgen controls list'."
        return "Use an id such as AC-2, AC-2(3), P1075-2.B.2 or MOU-9.A.5; see 'ssrgen controls list'."

    def entries(
        self,
        catalog: str | None = None,
        family: str | None = None,
        enhancements: bool = True,
        catalogs: list[str] | None = None,
    ) -> Iterator[CatalogEntry]:
        """Entries in catalog order, each base entry followed by its enhancements."""
        family = family.upper() if family else None
        for entry in self.by_id.values():
            if catalog and entry.catalog != catalog:
                continue
            if catalogs is not None and entry.catalog not in catalogs:
                continue
            if family and entry.group.upper() != family:
                continue
            if entry.parent and not enhancements:
                continue
            yield entry

    def cadence(self, entry_id: str) -> Cadence:
        """How often evidence for the entry goes stale: its own, its parent's, or annual."""
        found = self.get(entry_id)
        if found.entry.review_cadence:
            return found.entry.review_cadence
        if found.parent:
            parent = self.by_id[found.parent].entry
            if parent.review_cadence:
                return parent.review_cadence
        return DEFAULT_CADENCE

    def expected_artifacts(self, entry_id: str) -> list[str]:
        return list(self.get(entry_id).entry.expected_artifacts)


def load_catalogs(root: Path | None = None) -> Catalogs:
    """Load every catalog under ``root`` (the bundled ``controls/`` by default).

    Raises :class:`ValidationFailed` listing every problem found.
    """
    catalogs, problems = read_catalogs(root)
    if problems:
        raise ValidationFailed(problems, what=f"the control catalogs have {len(problems)} problem(s)")
    return catalogs


def read_catalogs(root: Path | None = None) -> tuple[Catalogs, list[Problem]]:
    """Load what can be loaded and return it with every problem found."""
    root = root or controls_dir()
    catalogs = Catalogs(root=root)
    problems: list[Problem] = []
    digest = hashlib.sha256()
    if not root.is_dir():
        return catalogs, [Problem(str(root), "the catalog folder does not exist",
                                  "Reinstall ssrgen, or point to a folder of catalogs.")]
    folders = [p for p in root.iterdir() if p.is_dir()]
    folders.sort(key=lambda p: (CATALOG_ORDER.index(p.name) if p.name in CATALOG_ORDER else 99, p.name))
    for folder in folders:
        info_path = folder / "catalog.yaml"
        if not info_path.exists():
            continue
        info = _read_info(info_path, root, problems, digest)
        if info is None:
            continue
        catalogs.infos[info.id] = info
        catalogs.groups[info.id] = []
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "catalog.yaml":
                continue
            _read_group(path, root, info.id, catalogs, problems, digest)
    catalogs.version = digest.hexdigest()[:12]
    problems.extend(_dangling_references(catalogs))
    return catalogs, problems


def _read_info(path: Path, root: Path, problems: list[Problem], digest: hashlib._Hash) -> CatalogInfo | None:
    try:
        doc = load_yaml(path, root.parent)
    except InputError as exc:
        problems.append(Problem(exc.where, exc.what, exc.fix))
        return None
    digest.update(doc.text.encode())
    try:
        return CatalogInfo.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(doc, exc))
        return None


def _read_group(
    path: Path, root: Path, catalog_id: str, catalogs: Catalogs,
    problems: list[Problem], digest: hashlib._Hash,
) -> None:
    try:
        doc = load_yaml(path, root.parent)
    except InputError as exc:
        problems.append(Problem(exc.where, exc.what, exc.fix))
        return
    digest.update(doc.text.encode())
    try:
        group = Group.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(doc, exc))
        return
    if group.catalog != catalog_id:
        problems.append(Problem(
            doc.where(["catalog"]),
            f"the file says catalog '{group.catalog}' but sits in the folder of '{catalog_id}'",
            f"Set 'catalog: {catalog_id}' or move the file.",
        ))
    catalogs.groups[catalog_id].append(group)
    for index, entry in enumerate(group.entries):
        _index(catalogs, doc, group, catalog_id, entry, None, ["entries", index], problems)


def _index(
    catalogs: Catalogs, doc: YamlDocument, group: Group, catalog_id: str,
    entry: Entry, parent: str | None, loc: list[str | int], problems: list[Problem],
) -> None:
    where = doc.where([*loc, "id"])
    canonical = ids.normalize(entry.id)
    if canonical != entry.id:
        problems.append(Problem(where, f"the id '{entry.id}' is not written in its standard form",
                                f"Write it as '{canonical}'."))
    if entry.id in catalogs.by_id:
        first = catalogs.by_id[entry.id].where
        problems.append(Problem(where, f"duplicate id '{entry.id}' (first defined at {first})",
                                "Give each entry its own id, or remove the copy."))
    else:
        catalogs.by_id[entry.id] = CatalogEntry(
            entry, catalog_id, group.group, group.title, parent, where
        )
    for index, child in enumerate(entry.enhancements):
        _index(catalogs, doc, group, catalog_id, child, entry.id,
               [*loc, "enhancements", index], problems)


def _dangling_references(catalogs: Catalogs) -> list[Problem]:
    problems = []
    for entry in catalogs.by_id.values():
        for ref in entry.entry.related:
            if ref not in catalogs.by_id:
                problems.append(Problem(
                    entry.where, f"'{entry.id}' refers to '{ref}', which no catalog defines",
                    "Correct the id in 'related' (ids are case-sensitive: AC-2, P1075-2.B.2, MOU-9.A.5).",
                ))
    return problems
