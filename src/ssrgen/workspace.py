"""Finding, creating and loading a workspace.

A workspace is a folder with ``ssrgen.yaml``::

    ssrgen.yaml            agency, systems, agreements, catalogs in scope
    implementation/*.yaml  status and narrative per control (and per system)
    evidence/*.yaml        evidence items; the files anywhere in the workspace
    cap/findings.yaml      safeguard review findings and corrective actions
    registers/*.yaml       training, inspections, contractors, incidents, ..., the POA&M
    inspections/*.yaml     internal inspections: who checked what, and what was found
    ssr/sections.yaml      the agency's narrative of the SSR's prose sections
    ssr/irs-comments.yaml  IRS's comments on the SSR it returned, by control
    templates/             the agency's own templates (override the bundled ones)
    journal/               what each workbook import changed
    submissions/           snapshots of what was reported
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ssrgen import ids
from ssrgen.catalog import CatalogEntry, Catalogs, read_catalogs
from ssrgen.errors import InputError, Problem, ValidationFailed, WorkspaceError
from ssrgen.fti_scan import CleanTexts, problems_in_text, problems_in_values
from ssrgen.model.findings import FindingsFile
from ssrgen.model.inspections import NO_SELF_CERTIFICATION, Inspection
from ssrgen.model.records import AGENCY_WIDE, Answer, Evidence, Implementation
from ssrgen.model.registers import REGISTER_FILES, Registers
from ssrgen.model.ssr import IRS_COMMENTS_FILE, SECTION_TEXT_KEYS, SECTIONS_FILE
from ssrgen.model.workspace import WorkspaceConfig
from ssrgen.paths import example_workspace, templates_dir
from ssrgen.placeholders import placeholder_problems
from ssrgen.scope import Scope, check_scope, out_of_scope_answers, scope_of
from ssrgen.yamlio import (
    Locations,
    YamlDocument,
    display_path,
    gc_paused,
    load_yaml,
    prepare_yaml,
    pydantic_problems,
    validate_leniently,
)

CONFIG = "ssrgen.yaml"
FINDINGS = Path("cap") / "findings.yaml"
INSPECTIONS = Path("inspections")
ENV_VAR = "SSRGEN_WORKSPACE"



def state_codes() -> frozenset[str]:
    """Every state and territory code of Pub 1075 Table 4 (§2.E.4.4)."""
    from ssrgen.deadlines import load_schedules

    return frozenset(load_schedules().jurisdictions.codes)


@dataclass
class Workspace:
    """A loaded workspace: configuration, records, evidence, findings, registers."""

    root: Path
    config: WorkspaceConfig
    catalogs: Catalogs
    implementation: dict[str, Implementation] = field(default_factory=dict)
    implementation_files: dict[str, Path] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    evidence_files: dict[str, Path] = field(default_factory=dict)
    findings: FindingsFile = field(default_factory=FindingsFile)
    registers: Registers = field(default_factory=Registers)
    inspections: list[Inspection] = field(default_factory=list)
    inspection_files: dict[str, Path] = field(default_factory=dict)
    ssr_sections: dict[str, str] = field(default_factory=dict)  # section key -> the agency's text
    irs_comments: dict[str, str] = field(default_factory=dict)  # control id -> IRS's comment
    bundled: bool = False
    where: Locations = field(default_factory=Locations)
    # the register files as read, so a flag on a record can say its line without reading them again
    register_docs: dict[str, YamlDocument] = field(default_factory=dict, repr=False, compare=False)
    # size and modification time of each evidence file, as loading found them
    evidence_stats: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    _evidence_index: tuple[tuple[int, int], dict[str, list[Evidence]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _scope: tuple[tuple[object, ...], Scope] | None = field(default=None, init=False, repr=False, compare=False)

    # ------------------------------------------------------------ lookups
    @property
    def name(self) -> str:
        return self.config.agency.name

    @property
    def out(self) -> Path:
        """Default output folder: inside the workspace, or ./out for the bundled example."""
        return Path("out") if self.bundled else self.root / "out"

    @property
    def system_ids(self) -> list[str]:
        return [s.id for s in self.config.systems]

    @property
    def scope(self) -> Scope:
        """What applies to the agency: its authorities, its agreements' catalogs, the entries in scope."""
        config = self.config
        # worked out again when ssrgen.yaml's model changes (a test or an import may edit it)
        key = (id(config), id(self.catalogs), tuple(config.catalogs), tuple(config.authorities),
               tuple((a.id, a.catalog, a.authority) for a in config.agreements))
        if self._scope is None or self._scope[0] != key:
            self._scope = (key, scope_of(config, self.catalogs))
        return self._scope[1]

    def in_scope(self, enhancements: bool = True) -> Iterator[CatalogEntry]:
        """Catalog entries in scope (catalogs, and the requirements of the agency's authorities),
        in catalog order."""
        return self.scope.entries(self.catalogs, enhancements=enhancements)

    def answer(self, control_id: str, system: str = AGENCY_WIDE) -> Answer | None:
        record = self.implementation.get(control_id)
        if record is None:
            return None
        if system == AGENCY_WIDE:
            return record
        return record.systems.get(system)

    def evidence_for(self, control_id: str, system: str | None = None) -> list[Evidence]:
        items = self._evidence_by_control().get(control_id, [])
        return [e for e in items if system is None or (e.system or AGENCY_WIDE) == system]

    def _evidence_by_control(self) -> dict[str, list[Evidence]]:
        # indexed once (not a scan of every item per control); rebuilt when the list changes
        key = (id(self.evidence), len(self.evidence))
        if self._evidence_index is None or self._evidence_index[0] != key:
            index: dict[str, list[Evidence]] = {}
            for item in self.evidence:
                index.setdefault(item.control, []).append(item)
            self._evidence_index = (key, index)
        return self._evidence_index[1]

    def template(self, name: str) -> Path:
        """The workspace's own template if it has one, else the bundled one."""
        own = self.root / "templates" / name
        return own if own.exists() else templates_dir() / name

    def path_of(self, location: str) -> Path:
        return self.root / location


# ------------------------------------------------------------------ finding

def locate_workspace(explicit: Path | None, *, read_only: bool) -> tuple[Path, bool]:
    """Where the workspace is: ``-w``, else $SSRGEN_WORKSPACE, else the nearest
    ``ssrgen.yaml`` upward; read-only commands fall back to the bundled example.

    Returns the folder and whether it is the bundled example.
    """
    if explicit is not None:
        return _checked(explicit, "the folder given with -w/--workspace"), False
    env = os.environ.get(ENV_VAR)
    if env:
        return _checked(Path(env), f"the folder in ${ENV_VAR}"), False
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder, False
    if read_only:
        return example_workspace(), True
    raise WorkspaceError(
        f"no workspace found (no {CONFIG} in {here} or any folder above it)",
        fix="Run the command inside a workspace, pass -w DIR, or create one with 'ssrgen init DIR'.",
    )


def _checked(path: Path, described: str) -> Path:
    if not (path / CONFIG).is_file():
        raise WorkspaceError(
            f"{described} is not a workspace (it has no {CONFIG})",
            where=str(path),
            fix="Pass the folder that holds ssrgen.yaml, or create one with 'ssrgen init DIR'.",
        )
    return path.resolve()


# ------------------------------------------------------------------ loading

def open_workspace(root: Path, catalogs: Catalogs | None = None, bundled: bool = False) -> Workspace:
    """Load a workspace, raising :class:`ValidationFailed` if any input is wrong."""
    workspace, problems = read_workspace(root, catalogs, bundled)
    errors = [p for p in problems if p.is_error]
    if errors or workspace is None:
        raise ValidationFailed(errors or problems)
    return workspace


def read_workspace(
    root: Path, catalogs: Catalogs | None = None, bundled: bool = False
) -> tuple[Workspace | None, list[Problem]]:
    """Load what can be loaded; return it with every problem (errors and warnings)."""
    with gc_paused():
        return _read_workspace(root, catalogs, bundled)


def _read_workspace(
    root: Path, catalogs: Catalogs | None, bundled: bool
) -> tuple[Workspace | None, list[Problem]]:
    problems: list[Problem] = []
    if catalogs is None:
        catalogs, problems = read_catalogs()
    config_doc = _load(root / CONFIG, root, problems)
    if config_doc is None:
        return None, problems
    config, config_problems = validate_leniently(
        WorkspaceConfig, config_doc.data if config_doc.data is not None else {}, config_doc
    )
    problems.extend(config_problems)
    if config is None:
        return None, problems
    ws = Workspace(root=root, config=config, catalogs=catalogs, bundled=bundled)
    _check_config(ws, config_doc, problems)
    prepare_yaml([*_yaml_files(root / "implementation"), *_yaml_files(root / "evidence"), root / FINDINGS,
                  *(root / "registers" / filename for filename in REGISTER_FILES.values()),
                  *_yaml_files(root / INSPECTIONS), root / SECTIONS_FILE, root / IRS_COMMENTS_FILE])
    _load_implementation(ws, problems)
    problems.extend(out_of_scope_answers(ws.scope, catalogs, ws.implementation, ws.where))
    _load_evidence(ws, problems)
    _load_findings(ws, problems)
    _load_registers(ws, problems)
    _load_inspections(ws, problems)
    _load_ssr_texts(ws, problems)
    problems.extend(_fti_problems(ws, [config_doc, *_LOADED[1:]]))
    return ws, problems


# the documents read by the load under way (one at a time: loading is not threaded)
_LOADED: list[YamlDocument] = []


def _load(path: Path, root: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        doc = load_yaml(path, root)
    except InputError as exc:
        problems.append(Problem(exc.where, exc.what, exc.fix))
        return None
    if path.name == CONFIG and path.parent == root:
        _LOADED.clear()
    _LOADED.append(doc)
    return doc


# folders of a workspace that hold no YAML of its records
_NOT_RECORDS = {"out", "site", ".ssrgen", ".git", "files", "templates", "attachments"}


def _fti_problems(ws: Workspace, docs: list[YamlDocument]) -> list[Problem]:
    """FTI-shaped text in any YAML file of the workspace: an error with its file and line."""
    allow = ws.config.fti_allowlist
    problems: list[Problem] = []
    read = set()
    clean = CleanTexts(allow)
    for doc in docs:
        read.add(doc.path.resolve())
        if clean.known(doc.text):
            continue
        found = problems_in_text(doc.name, doc.text, allow)
        if "\\" in doc.text:  # a double-quoted text may spell characters as escapes
            found += problems_in_values(_strings(doc, doc.data, []), allow)
        if not found:
            clean.add(doc.text)
        problems += found
    clean.save()
    if ws.bundled:
        return problems
    for path in _workspace_yaml(ws.root):
        if path.resolve() in read:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        problems += problems_in_text(display_path(path, ws.root), text, allow)
    return list(dict.fromkeys(problems))


def _workspace_yaml(folder: Path, depth: int = 0) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if depth < 4 and entry.name not in _NOT_RECORDS:
                yield from _workspace_yaml(Path(entry.path), depth + 1)
        elif entry.name.endswith((".yaml", ".yml")):
            yield Path(entry.path)


def _strings(doc: YamlDocument, value: object, loc: list[str | int]) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield doc.where(loc), value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(doc, item, [*loc, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(doc, item, [*loc, index])


def _check_config(ws: Workspace, doc: YamlDocument, problems: list[Problem]) -> None:
    config = ws.config
    if config.agency.state and config.agency.state not in state_codes():
        problems.append(Problem(
            doc.where(["agency", "state"]),
            f"'{config.agency.state}' is not a state or territory code in Pub 1075 Table 4",
            "Use a two-letter code in capitals, e.g. TX, CA, DC, PR, GU.",
        ))
    problems.extend(check_scope(config, doc, ws.catalogs))
    problems.extend(placeholder_problems(doc))
    seen: set[str] = set()
    for index, system in enumerate(config.systems):
        if system.id in seen:
            problems.append(Problem(doc.where(["systems", index, "id"]),
                                    f"duplicate system id '{system.id}'", "Give each system its own id."))
        seen.add(system.id)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _load_implementation(ws: Workspace, problems: list[Problem]) -> None:
    system_ids = set(ws.system_ids)
    for path in _yaml_files(ws.root / "implementation"):
        doc = _load(path, ws.root, problems)
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.where(), "expected a mapping of control ids to answers",
                                    "Start each entry with the control id, e.g. 'AC-2:'."))
            continue
        for key, value in doc.data.items():
            key_text = str(key)
            control = ids.normalize(key_text)
            if control not in ws.catalogs.by_id:
                problems.append(Problem(doc.where([key_text]), f"'{key_text}' is not a control in any catalog",
                                        ws.catalogs.suggest(key_text)))
                continue
            try:
                record = Implementation.model_validate(value if value is not None else {})
            except ValidationError as exc:
                problems.extend(pydantic_problems(doc, exc, [key_text]))
                continue
            if control in ws.implementation:
                problems.append(Problem(doc.where([key_text]),
                                        f"'{control}' is answered twice (also at {ws.where[control]})",
                                        "Keep one answer per control; per-system answers go under 'systems:'."))
                continue
            for system in record.systems:
                if system not in system_ids:
                    problems.append(Problem(
                        doc.where([key_text, "systems", system]), f"unknown system '{system}'",
                        f"Use a system id from ssrgen.yaml: {', '.join(ws.system_ids) or '(none defined)'}.",
                    ))
            ws.implementation[control] = record
            ws.implementation_files[control] = path
            ws.where.defer(control, doc, [key_text])


def _load_evidence(ws: Workspace, problems: list[Problem]) -> None:
    system_ids = set(ws.system_ids)
    files = _FileCheck(ws.root, ws.evidence_stats)
    for path in _yaml_files(ws.root / "evidence"):
        doc = _load(path, ws.root, problems)
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, list):
            problems.append(Problem(doc.where(), "expected a list of evidence items",
                                    "Start each item with '- id: ...'."))
            continue
        for index, raw in enumerate(doc.data):
            try:
                item = Evidence.model_validate(raw)
            except ValidationError as exc:
                problems.extend(pydantic_problems(doc, exc, [index]))
                continue
            if item.id in ws.evidence_files:
                problems.append(Problem(doc.where([index]), f"duplicate evidence id '{item.id}'",
                                        "Give each evidence item its own id."))
                continue
            control = ids.normalize(item.control)
            if control not in ws.catalogs.by_id:
                problems.append(Problem(doc.where([index, "control"]),
                                        f"evidence '{item.id}' names an unknown control '{item.control}'",
                                        ws.catalogs.suggest(item.control)))
            elif control != item.control:
                item = item.model_copy(update={"control": control})
            if item.system and item.system not in system_ids:
                problems.append(Problem(doc.where([index, "system"]), f"unknown system '{item.system}'",
                                        f"Use a system id from ssrgen.yaml: {', '.join(ws.system_ids)}."))
            if not item.is_url:
                inside, exists = files.check(item.location)
                if not inside:
                    problems.append(Problem(doc.where([index, "location"]),
                                            f"evidence '{item.id}' points outside the workspace",
                                            "Copy the file into the workspace (e.g. evidence/files/) and use that path."))
                elif not exists:
                    problems.append(Problem(doc.where([index, "location"]),
                                            f"the file of evidence '{item.id}' is missing: {item.location}",
                                            "Restore the file, or correct 'location'.", "warning"))
            ws.evidence.append(item)
            ws.evidence_files[item.id] = path
            ws.where.defer(f"evidence:{item.id}", doc, [index])


class _FileCheck:
    """Is an evidence file inside the workspace (symbolic links followed), and does it exist?

    Resolves each folder once rather than every path in full: with tens of
    thousands of evidence files, resolving each one dominated loading.
    """

    def __init__(self, root: Path, stats: dict[str, tuple[int, int]]) -> None:
        self.root = os.path.realpath(root)
        self.folders: dict[str, str] = {}
        self.stats = stats  # location -> (size, modification time) of each regular file found

    def check(self, location: str) -> tuple[bool, bool]:
        folder, name = os.path.split(os.path.join(self.root, location))
        real_folder = self.folders.get(folder)
        if real_folder is None:
            real_folder = self.folders[folder] = os.path.realpath(folder)
        target = os.path.join(real_folder, name)
        if name in ("", ".", ".."):
            target = os.path.realpath(target)
        try:
            info: os.stat_result | None = os.lstat(target)
        except OSError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(target)
            info = os.stat(target) if os.path.exists(target) else None
        inside = target == self.root or target.startswith(self.root.rstrip(os.sep) + os.sep)
        regular = info is not None and stat.S_ISREG(info.st_mode)
        if regular and info is not None:
            self.stats[location] = (info.st_size, info.st_mtime_ns)
        return inside, regular


def _load_findings(ws: Workspace, problems: list[Problem]) -> None:
    path = ws.root / FINDINGS
    if not path.exists():
        return
    doc = _load(path, ws.root, problems)
    if doc is None or doc.data is None:
        return
    try:
        ws.findings = FindingsFile.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(doc, exc))
        return
    reviews = {r.id for r in ws.findings.reviews}
    evidence_ids = {e.id for e in ws.evidence}
    seen: set[str] = set()
    for index, finding in enumerate(ws.findings.findings):
        ws.where.defer(f"finding:{finding.number}", doc, ["findings", index])
        if finding.number in seen:
            problems.append(Problem(doc.where(["findings", index]), f"duplicate finding number '{finding.number}'",
                                    "Each IRS finding number appears once."))
        seen.add(finding.number)
        if finding.review not in reviews:
            problems.append(Problem(doc.where(["findings", index, "review"]),
                                    f"finding {finding.number} names an unknown review '{finding.review}'",
                                    f"Use a review id listed under 'reviews:': {', '.join(sorted(reviews)) or '(none)'}."))
        for c_index, control in enumerate(finding.controls):
            if control not in ws.catalogs:
                problems.append(Problem(doc.where(["findings", index, "controls", c_index]),
                                        f"finding {finding.number} names an unknown control '{control}'",
                                        ws.catalogs.suggest(control)))
        for e_index, evidence_id in enumerate(finding.closure_evidence):
            if evidence_id not in evidence_ids:
                problems.append(Problem(doc.where(["findings", index, "closure_evidence", e_index]),
                                        f"finding {finding.number} names unknown evidence '{evidence_id}'",
                                        "Use the id of an evidence item (see 'ssrgen evidence list')."))


def _load_registers(ws: Workspace, problems: list[Problem]) -> None:
    values: dict[str, object] = {}
    docs: dict[str, YamlDocument] = {}
    for name, filename in REGISTER_FILES.items():
        path = ws.root / "registers" / filename
        if not path.exists():
            continue
        doc = _load(path, ws.root, problems)
        if doc is None or doc.data is None:
            continue
        values[name] = doc.data
        docs[name] = doc
    try:
        ws.registers = Registers.model_validate(values)
    except ValidationError as exc:
        for item in exc.errors():
            register, *rest = item["loc"]
            problems.extend(pydantic_problems(docs[str(register)], _Single(dict(item), rest)))
    for name, doc in docs.items():
        ws.where[f"register:{name}"] = doc.name
    ws.register_docs = docs


def _load_inspections(ws: Workspace, problems: list[Problem]) -> None:
    """``inspections/*.yaml``: one internal inspection per file, named by its id, of a facility of
    the inspections register; and the systems the register names at each facility."""
    system_ids = set(ws.system_ids)
    register_doc = ws.register_docs.get("inspections")
    for index, record in enumerate(ws.registers.inspections):
        for s_index, system in enumerate(record.systems):
            if system not in system_ids and register_doc is not None:
                problems.append(Problem(register_doc.where([index, "systems", s_index]), f"unknown system '{system}'",
                                        f"Use a system id from ssrgen.yaml: {', '.join(ws.system_ids) or '(none defined)'}."))
    facilities = {(r.facility.strip(), r.kind) for r in ws.registers.inspections}
    for path in _yaml_files(ws.root / INSPECTIONS):
        doc = _load(path, ws.root, problems)
        if doc is None or doc.data is None:
            continue
        try:
            inspection = Inspection.model_validate(doc.data)
        except ValidationError as exc:
            problems.extend(pydantic_problems(doc, exc))
            continue
        if inspection.id in ws.inspection_files:
            problems.append(Problem(doc.where(["id"]), f"inspection '{inspection.id}' is recorded twice (also in "
                                    f"{display_path(ws.inspection_files[inspection.id], ws.root)})",
                                    "Keep one file per inspection; give the other its own report number."))
            continue
        if path.stem != inspection.id:
            problems.append(Problem(doc.where(["id"]), f"the file of inspection '{inspection.id}' is named {path.name}",
                                    f"Rename the file to {inspection.id}.yaml (ssrgen finds an inspection by its id)."))
        if (inspection.facility.strip(), inspection.kind) not in facilities:
            problems.append(Problem(doc.where(["facility"]), f"inspection '{inspection.id}' names a facility that is "
                                    f"not in registers/inspections.yaml ('{inspection.facility}', {inspection.kind})",
                                    "Add the facility to the inspections register, or correct the facility and kind."))
        problems.extend(_self_certification_problems(inspection, doc))
        seen: set[str] = set()
        for r_index, result in enumerate(inspection.results):
            if result.item in seen:
                problems.append(Problem(doc.where(["results", r_index, "item"]),
                                        f"item {result.item} has two results in inspection '{inspection.id}'",
                                        "Keep one result per checklist item."))
            seen.add(result.item)
        for s_index, system in enumerate(inspection.systems):
            if system not in system_ids:
                problems.append(Problem(doc.where(["systems", s_index]), f"unknown system '{system}'",
                                        f"Use a system id from ssrgen.yaml: {', '.join(ws.system_ids) or '(none defined)'}."))
        ws.inspections.append(inspection)
        ws.inspection_files[inspection.id] = path
        ws.where.defer(f"inspection:{inspection.id}", doc, [])
    ws.inspections.sort(key=lambda i: (i.date, i.id))


def _self_certification_problems(inspection: Inspection, doc: YamlDocument) -> list[Problem]:
    """Pub 1075 §2.D.3: "Contractors and sub-contractors may not conduct self-certification internal
    inspections"; "the self-certified inspection is signed by an agency employee"."""
    if inspection.method != "self-certified":
        return []
    problems = []
    if inspection.kind in NO_SELF_CERTIFICATION or inspection.inspector_employer == "contractor":
        who = {"contractor": "a contractor facility",
               "off-site-storage": "an off-site storage facility, which Pub 1075 §2.D.3 counts among \"all contractors "
               "and sub-contractors with access to FTI\""}.get(inspection.kind, "an inspector employed by a contractor")
        problems.append(Problem(doc.where(["method"]), f"inspection '{inspection.id}' is self-certified by {who}; "
                                "contractors and sub-contractors may not conduct self-certification internal "
                                "inspections (Pub 1075 §2.D.3)",
                                "Record an on-site inspection by the agency ('method: on-site') instead."))
    if not inspection.signed_by or inspection.signer_is_employee is not True:
        problems.append(Problem(doc.where(["signed_by"] if inspection.signed_by else ["method"]),
                                f"self-certified inspection '{inspection.id}' is not signed by an agency employee "
                                "(Pub 1075 §2.D.3: the agency must ensure the self-certified inspection is signed "
                                "by an agency employee)",
                                "Record who signed it ('signed_by', 'signer_title') and 'signer_is_employee: true'."))
    return problems


def _load_ssr_texts(ws: Workspace, problems: list[Problem]) -> None:
    """``ssr/sections.yaml`` (section key -> text) and ``ssr/irs-comments.yaml`` (id -> text)."""
    for name, target in ((SECTIONS_FILE, ws.ssr_sections), (IRS_COMMENTS_FILE, ws.irs_comments)):
        path = ws.root / name
        if not path.exists():
            continue
        doc = _load(path, ws.root, problems)
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.where(), "expected a mapping of " + (
                "section names to texts" if target is ws.ssr_sections else "control ids to IRS's comments"),
                "Start each entry with its name, e.g. 'disposal: |' followed by the text on the lines below."))
            continue
        for key, value in doc.data.items():
            key_text = str(key)
            if target is ws.ssr_sections and key_text not in SECTION_TEXT_KEYS:
                problems.append(Problem(doc.where([key_text]), f"'{key_text}' is not a section of the SSR with a "
                                        "text of its own", f"Use one of: {', '.join(SECTION_TEXT_KEYS)}."))
                continue
            if value is None:
                continue
            if not isinstance(value, str):
                problems.append(Problem(doc.where([key_text]), f"the text of '{key_text}' is not text",
                                        "Write it as text: 'key: |' and the text on the lines below, indented."))
                continue
            target[key_text] = value
            ws.where.defer(f"{'ssr-section' if target is ws.ssr_sections else 'irs-comment'}:{key_text}", doc,
                           [key_text])


class _Single:
    """Adapter: one pydantic error re-rooted at a register file."""

    def __init__(self, item: dict[str, object], loc: list[int | str]) -> None:
        self.item = {**item, "loc": tuple(loc)}

    def errors(self) -> list[dict[str, object]]:
        return [self.item]
