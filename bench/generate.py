"""Generate a synthetic workspace of a large agency, for the benchmark.

    python bench/generate.py OUT_DIR --scale 1

Scale 1 (the reference size) is 12 systems with every catalog entry in scope
answered agency-wide and per system, 25,000 evidence items (real files of a
few KB each, so hashing is real work), 400 findings from several safeguard
reviews with their CAP history, 3,000 training records and the other
registers in proportion. Everything grows linearly with ``--scale`` (systems
included). The output is deterministic for a given scale and seed.

Records are built as the workspace models (``ssrgen.model``) and dumped from
them, so the generated workspace stays valid when the models change; the text
never contains anything shaped like a taxpayer identifier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ssrgen.catalog import CatalogEntry, load_catalogs
from ssrgen.model.findings import CapCycle, Finding, FindingsFile, Review
from ssrgen.model.records import Answer, Evidence, Implementation
from ssrgen.model.registers import (
    REGISTER_FILES,
    AiUseRecord,
    ContractorRecord,
    IncidentRecord,
    InspectionRecord,
    NotificationRecord,
    TrainingRecord,
)
from ssrgen.model.workspace import Agency, Agreement, Person, System, WorkspaceConfig
from ssrgen.scope import scope_of

# the reference size (scale 1)
SYSTEMS = 12
EVIDENCE = 25_000
FINDINGS = 400
TRAINING = 3_000
INSPECTIONS = 60
CONTRACTORS = 40
INCIDENTS = 80
NOTIFICATIONS = 40
AI_USES = 12
REVIEWS = 6

# every date is drawn around this day, so the output does not depend on the clock
ANCHOR = dt.date(2026, 6, 1)

try:
    _Base: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    """Never an anchor or alias (workspace YAML holds none): a value used twice is written twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True

WORDS = (
    "access", "account", "administrator", "agency", "annual", "approved", "audit", "authorized",
    "backup", "baseline", "boundary", "change", "configuration", "contingency", "control", "data",
    "database", "decommissioned", "documented", "encrypted", "enforced", "event", "firewall",
    "group", "hardened", "identity", "incident", "information", "integrity", "inventory", "key",
    "least", "log", "logical", "maintenance", "media", "monitored", "multifactor", "network",
    "patch", "personnel", "physical", "plan", "policy", "privileged", "procedure", "protected",
    "quarterly", "record", "recovery", "remote", "report", "restricted", "review", "risk", "role",
    "scanned", "secure", "segmented", "server", "service", "session", "signed", "staff",
    "standard", "system", "technical", "tested", "token", "training", "transfer", "update", "user",
    "validated", "vendor", "verified", "vulnerability", "weekly", "workstation",
)
OFFICES = (
    "Information Security Office", "Infrastructure Operations", "Identity and Access Management",
    "Network Engineering", "Application Development", "Records Management", "Facilities Security",
    "Human Resources", "Disclosure Office", "Data Center Operations", "Help Desk", "Privacy Office",
)
FIRST = ("Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Jordan", "Kai",
         "Logan", "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler", "Taylor")
LAST = ("Adams", "Brooks", "Carter", "Diaz", "Ellis", "Foster", "Garcia", "Hughes", "Ito", "Jensen",
        "Khan", "Lopez", "Miller", "Nguyen", "Okafor", "Patel", "Reyes", "Sato", "Turner", "Walsh")
ROLES = ("Revenue Agent", "Tax Examiner", "Collections Officer", "Data Analyst", "Database Administrator",
         "System Administrator", "Auditor", "Help Desk Technician", "Developer", "Supervisor")
STATUS_WEIGHTS = {
    "implemented": 70, "partially-implemented": 10, "planned": 8,
    "alternative": 3, "not-applicable": 5, "not-implemented": 4,
}
KIND_OF_ARTIFACT = ("policy", "procedure", "screenshot", "configuration", "log sample", "report",
                    "attestation", "other")


@dataclass(frozen=True)
class Sizes:
    """How many of each record a scale means."""

    systems: int
    evidence: int
    findings: int
    training: int
    inspections: int
    contractors: int
    incidents: int
    notifications: int
    ai_uses: int
    reviews: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def n(reference: int) -> int:
            return max(1, round(reference * scale))

        return cls(
            systems=n(SYSTEMS), evidence=n(EVIDENCE), findings=n(FINDINGS), training=n(TRAINING),
            inspections=n(INSPECTIONS), contractors=n(CONTRACTORS), incidents=n(INCIDENTS),
            notifications=n(NOTIFICATIONS), ai_uses=n(AI_USES), reviews=min(REVIEWS, n(REVIEWS)),
        )


def dump(model: BaseModel) -> dict[str, Any]:
    """A record as the user would write it: only the fields that differ from the defaults."""
    return model.model_dump(mode="python", exclude_defaults=True)


def write_yaml(path: Path, data: Any, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + text, encoding="utf-8")


class Writer:
    """Draws the records of one workspace from a seeded random generator."""

    def __init__(self, root: Path, scale: float, seed: int) -> None:
        self.root = root
        self.sizes = Sizes.at(scale)
        self.rng = random.Random(seed)
        self.catalogs = load_catalogs()
        self.config = self._config()
        self.entries: list[CatalogEntry] = list(scope_of(self.config, self.catalogs).entries(self.catalogs))
        # a pool of paragraphs the evidence files are assembled from (fast, and still unique per file)
        self.paragraphs = [self.sentences(6, 10) for _ in range(300)]

    # ---------------------------------------------------------------- text
    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(low, high)))

    def sentence(self) -> str:
        text = self.words(8, 18)
        return text[0].upper() + text[1:] + "."

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def day(self, back: int, ahead: int = 0) -> dt.date:
        """A day between ``back`` days before and ``ahead`` days after the anchor."""
        return ANCHOR + dt.timedelta(days=self.rng.randint(-back, ahead))

    def status(self) -> str:
        return self.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]

    # ---------------------------------------------------------------- workspace
    def _config(self) -> WorkspaceConfig:
        systems = []
        hostings = ("on-premises", "cloud", "hybrid", "state-data-center", "contractor")
        for index in range(self.sizes.systems):
            hosting = hostings[index % len(hostings)]
            systems.append(System(
                id=f"sys-{index + 1:03d}",
                name=f"{self.rng.choice(('Tax', 'Revenue', 'Collections', 'Audit', 'Refund'))} "
                     f"{self.rng.choice(('Processing', 'Data Warehouse', 'Case Management', 'Exchange'))} "
                     f"System {index + 1}",
                description=self.sentences(1, 2),
                hosting=hosting,
                cloud_provider="FedRAMP Moderate authorized IaaS (synthetic)" if hosting == "cloud" else None,
                technologies=["Red Hat Enterprise Linux 9", "PostgreSQL 15"],
                fti_functions=["receive", "process", "store"],
                fti_paper=index % 4 == 0,
                location=f"Data center {index % 3 + 1}",
            ))
        return WorkspaceConfig(
            agency=Agency(name="Department of Revenue (synthetic benchmark agency)", code="BENCH-0001",
                          type="state", state="TX", address="1 Benchmark Way, Austin, TX"),
            head_of_agency=Person(name="Jordan Adams", title="Commissioner"),
            safeguards_contact=Person(name="Casey Brooks", title="Safeguards Coordinator",
                                      email="safeguards@revenue.example", phone="512-555-0100"),
            systems=systems,
            agreements=[Agreement(id="ssa-6103-d", name="Safeguards agreement for state tax administration",
                                  authority="IRC-6103(d)", signed=dt.date(2024, 1, 15))],
        )

    def write(self) -> dict[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        write_yaml(self.root / "ssrgen.yaml", dump(self.config),
                   "# Synthetic workspace generated by bench/generate.py; every name is invented.\n")
        answers = self._implementation()
        evidence = self._evidence()
        findings = self._findings([e.id for e in evidence])
        registers = self._registers()
        return {"entries": len(self.entries), "answers": answers, "evidence": len(evidence),
                "findings": findings, **registers}

    def _answer(self, owner: str) -> dict[str, Any]:
        status = self.status()
        answer = Answer(
            status=status,  # type: ignore[arg-type]
            narrative=self.sentences(2, 5),
            owner=owner,
            last_reviewed=self.day(500) if status != "planned" else None,
            notes=self.sentence() if self.rng.random() < 0.1 else None,
        )
        return dump(answer)

    def _implementation(self) -> int:
        by_group: dict[str, dict[str, Any]] = {}
        count = 0
        for entry in self.entries:
            owner = self.rng.choice(OFFICES)
            record = self._answer(owner)
            systems = {s.id: self._answer(owner) for s in self.config.systems}
            record["systems"] = systems
            Implementation.model_validate(record)
            by_group.setdefault(f"{entry.catalog}-{entry.group}".lower(), {})[entry.id] = record
            count += 1 + len(systems)
        for name, records in by_group.items():
            write_yaml(self.root / "implementation" / f"{name}.yaml", records)
        return count

    def _evidence(self) -> list[Evidence]:
        items: list[Evidence] = []
        by_group: dict[str, list[dict[str, Any]]] = {}
        systems = [None, *self.config.systems]
        for index in range(self.sizes.evidence):
            entry = self.rng.choice(self.entries)
            system = self.rng.choice(systems)
            kind = self.rng.choice(KIND_OF_ARTIFACT)
            item_id = f"EV-{index + 1:06d}"
            location = f"evidence/files/{index // 1000:03d}/{item_id.lower()}.txt"
            title = f"{entry.title[:60]} {kind} {index + 1}"
            body = "\n\n".join(self.rng.sample(self.paragraphs, self.rng.randint(3, 8)))
            content = (f"{title}\nControl: {entry.id}\nSystem: {system.id if system else 'agency-wide'}\n"
                       f"Evidence: {item_id}\n\n{body}\n").encode()
            path = self.root / location
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            effective = self.day(900)
            artifacts = len(entry.entry.expected_artifacts)
            item = Evidence(
                id=item_id, control=entry.id, system=system.id if system else None, title=title,
                kind=kind,  # type: ignore[arg-type]
                location=location, sha256=hashlib.sha256(content).hexdigest(),
                collected_on=min(ANCHOR, effective + dt.timedelta(days=self.rng.randint(0, 20))),
                effective=effective, collected_by=self.person(),
                artifact=self.rng.randint(1, artifacts) if artifacts and self.rng.random() < 0.7 else None,
            )
            items.append(item)
            group = entry.group if entry.catalog == "pub1075" else entry.catalog
            by_group.setdefault(group.lower(), []).append(dump(item))
        for name, records in by_group.items():
            write_yaml(self.root / "evidence" / f"{name}.yaml", records,
                       "# Evidence register (synthetic): metadata only, never contents.\n")
        return items

    def _findings(self, evidence_ids: list[str]) -> int:
        reviews = []
        for index in range(self.sizes.reviews):
            closing = ANCHOR - dt.timedelta(days=365 * (self.sizes.reviews - index) // 2 + 30)
            reviews.append(Review(
                id=f"review-{closing.year}-{index + 1}",
                type="on-site" if index % 3 != 2 else "remote",
                closing_conference=closing, report_issued=closing + dt.timedelta(days=45),
            ))
        controls = [e.id for e in self.entries if e.catalog == "pub1075"]
        findings = []
        for index in range(self.sizes.findings):
            review = reviews[index % len(reviews)]
            issued = review.report_issued or ANCHOR
            criticality = self.rng.choices(("critical", "significant", "moderate", "limited"),
                                           weights=(5, 25, 45, 25))[0]
            older = review is not reviews[-1]
            status = (self.rng.choices(("closed", "completed-pending-irs", "in-progress"), weights=(8, 1, 1))[0]
                      if older else self.rng.choice(("open", "in-progress", "completed-pending-irs")))
            planned = issued + dt.timedelta(days=self.rng.randint(90, 540))
            done = status in ("closed", "completed-pending-irs")
            history = []
            submitted = issued + dt.timedelta(days=60)
            while submitted < ANCHOR and len(history) < 6:
                history.append(CapCycle(submitted=submitted, status="in-progress",
                                        narrative=self.sentences(1, 2), planned_date=planned))
                submitted += dt.timedelta(days=182)
            finding = Finding(
                number=f"H.{index // 50 + 1}.{index % 50 + 1}",
                issue_codes=[f"H{self.rng.choice(('AC', 'AU', 'CM', 'IA', 'SC', 'PE'))}{self.rng.randint(1, 40)}"],
                criticality=criticality,  # type: ignore[arg-type]
                title=self.sentence()[:90],
                description=self.sentences(2, 4),
                recommendation=self.sentences(1, 3),
                controls=self.rng.sample(controls, self.rng.randint(1, 3)),
                review=review.id,
                corrective_action=self.sentences(1, 3),
                mitigation_plan=self.sentences(1, 2) if criticality == "critical" else "",
                responsible_office=self.rng.choice(OFFICES),
                planned_date=planned,
                completed_date=min(ANCHOR, planned - dt.timedelta(days=self.rng.randint(0, 60))) if done else None,
                status=status,  # type: ignore[arg-type]
                closure_evidence=self.rng.sample(evidence_ids, min(2, len(evidence_ids))) if done else [],
                history=history,
            )
            findings.append(finding)
        data = FindingsFile(reviews=reviews, findings=findings)
        write_yaml(self.root / "cap" / "findings.yaml", dump(data),
                   "# Safeguard review findings and corrective actions (synthetic).\n")
        return len(findings)

    def _registers(self) -> dict[str, int]:
        s = self.sizes
        records: dict[str, Iterable[BaseModel]] = {
            "training": [self._training(i) for i in range(s.training)],
            "inspections": [self._inspection(i) for i in range(s.inspections)],
            "contractors": [self._contractor(i) for i in range(s.contractors)],
            "incidents": [self._incident(i) for i in range(s.incidents)],
            "notifications": [self._notification(i) for i in range(s.notifications)],
            "ai_use": [AiUseRecord(system=f"Assistant pilot {i + 1}", purpose=self.sentence(),
                                   uses_fti=i % 3 == 0,
                                   disclosed_to_safeguards=self.day(400) if i % 3 == 0 and i % 2 == 0 else None)
                       for i in range(s.ai_uses)],
        }
        counts = {}
        for name, items in records.items():
            data = [dump(r) for r in items]
            counts[name] = len(data)
            write_yaml(self.root / "registers" / REGISTER_FILES[name], data,
                       f"# {name.replace('_', ' ').capitalize()} register (synthetic).\n")
        return counts

    def _training(self, index: int) -> TrainingRecord:
        initial = self.day(2000, -30)
        annual = max(initial, self.day(420))
        return TrainingRecord(
            person=f"{self.person()} ({self.rng.choice(ROLES)} {index + 1})",
            fti_access=self.rng.random() < 0.95,
            initial_training=initial,
            last_annual_training=annual,
            certification_signed=annual,
            access_granted=initial + dt.timedelta(days=self.rng.randint(1, 10)),
        )

    def _inspection(self, index: int) -> InspectionRecord:
        kind = ("headquarters", "computer-facility", "field-office", "contractor", "off-site-storage")[index % 5]
        last = self.day(700)
        return InspectionRecord(
            facility=f"{kind.replace('-', ' ').title()} {index + 1}", kind=kind,  # type: ignore[arg-type]
            last_inspection=last, next_planned=last + dt.timedelta(days=500),
            report=f"IIR-{last.year}-{index + 1:02d}", findings_count=self.rng.randint(0, 4),
        )

    def _contractor(self, index: int) -> ContractorRecord:
        return ContractorRecord(
            name=f"{self.rng.choice(LAST)} {self.rng.choice(('Services', 'Systems', 'Storage'))} {index + 1} LLC",
            services=self.sentence(), fti_access=index % 4 != 0, exhibit7_language=True,
            notification_date=self.day(1500, -60), last_onsite_assessment=self.day(600),
            certified_compliant=True,
        )

    def _incident(self, index: int) -> IncidentRecord:
        discovered = dt.datetime.combine(self.day(900), dt.time(self.rng.randint(8, 17), 0))
        delay = dt.timedelta(hours=self.rng.choice((2, 5, 20, 30)))
        return IncidentRecord(
            id=f"INC-{discovered.year}-{index + 1:03d}", summary=self.sentences(1, 3),
            discovered_at=discovered, reported_tigta_at=discovered + delay,
            reported_safeguards_at=discovered + delay, fti_involved=index % 2 == 0,
            records_affected=self.rng.randint(0, 40),
        )

    def _notification(self, index: int) -> NotificationRecord:
        submitted = self.day(1200)
        kind = ("cloud", "contractor", "subcontractor-redisclosure", "tax-modeling", "pre-production")[index % 5]
        return NotificationRecord(
            kind=kind, subject=self.sentence()[:80], submitted=submitted,  # type: ignore[arg-type]
            planned_implementation=submitted + dt.timedelta(days=self.rng.choice((30, 50, 90))),
            approval_received=submitted + dt.timedelta(days=20) if index % 2 == 0 else None,
        )


def generate(root: Path, scale: float = 1.0, seed: int = 1075) -> dict[str, int]:
    """Write a synthetic workspace into ``root`` (replaced if it exists); returns the counts."""
    if root.exists():
        if not (root / "ssrgen.yaml").is_file() and any(root.iterdir()):
            raise SystemExit(f"{root} exists and is not a workspace; choose an empty or new folder")
        shutil.rmtree(root)
    return Writer(root, scale, seed).write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the workspace into (replaced)")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the reference size (default)")
    parser.add_argument("--seed", type=int, default=1075)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    started = time.perf_counter()
    counts = generate(args.out, args.scale, args.seed)
    took = time.perf_counter() - started
    print(f"Wrote {args.out} in {took:.1f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
