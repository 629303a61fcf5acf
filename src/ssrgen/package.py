"""The encrypted submission package (Pub 1075 §2.E.3).

A .zip encrypted with AES-256 (WinZip AE-2, which WinZip and SecureZIP open)
holding exactly this submission:

* the SSR of the current reporting period, the latest CAP workbook and CAP
  document, and the internal inspection reports of the period, as the output
  folder's manifest lists them (:mod:`ssrgen.output`: what the deliverable
  commands wrote there, with each file's SHA-256); a listed file that changed
  since it was written is refused, and a file the manifest does not list (a CAP
  of an earlier day, a copy) never goes in;
* the SSR's attachments under the names the report lists
  (:mod:`ssrgen.ssr.attachments`, Pub 1075 §2.E.2), each inside the workspace
  (a symbolic link out of it is refused).

Every file's text is scanned for taxpayer identifiers before the package is
written (the output door); an attachment whose text ssrgen cannot read is
refused by name unless ``unscanned_attachments:`` in ``ssrgen.yaml`` names it.
The passphrase is generated (or given) by the caller and never written
anywhere; §2.E.3 asks that it travel separately from the package.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyzipper

from ssrgen.deadlines import ssr_schedule
from ssrgen.errors import DeliverableError, InputError
from ssrgen.file_text import Unreadable, text_of
from ssrgen.fti_scan import check_no_fti, masked
from ssrgen.output import MANIFEST, delivering, read_manifest, sha256_file
from ssrgen.ssr import agency_slug
from ssrgen.ssr.attachments import ssr_attachments
from ssrgen.workspace import Workspace

MIN_PASSPHRASE = 12
# no look-alike characters (0/O, 1/l/I): the passphrase is read out over the phone
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# kinds of deliverable a submission holds, and how many of each (None: every one of the period)
_LATEST = ("cap-workbook", "cap-document")


@dataclass(frozen=True)
class PackageContents:
    path: Path
    files: list[str]


def generate_passphrase(groups: int = 5, size: int = 5) -> str:
    """A random passphrase of ``groups`` groups (about 29 bits each), e.g. ``k7Rfa-...``."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(f"the passphrase is too short ({len(passphrase)} characters)",
                         fix=f"Use at least {MIN_PASSPHRASE} characters, or let ssrgen generate one "
                         "(omit --passphrase-prompt).")


def deliverables(out_dir: Path, period: str) -> list[tuple[str, Path]]:
    """(name, file) of the deliverables of this submission, as the manifest of ``out_dir`` lists them."""
    manifest = read_manifest(out_dir)
    ssr = [n for n, e in manifest.items() if e.get("kind") == "ssr" and e.get("period") == period]
    if not ssr:
        raise DeliverableError(
            f"there is no SSR to package in {out_dir} (none of the period {period} written by ssrgen)",
            fix="Write it first with 'ssrgen ssr' (or 'ssrgen build'), then run 'ssrgen package' again.",
        )
    chosen = [_newest(manifest, ssr)]
    for kind in _LATEST:
        names = [n for n, e in manifest.items() if e.get("kind") == kind]
        if names:
            chosen.append(_newest(manifest, names))
    chosen += sorted(n for n, e in manifest.items() if e.get("kind") == "inspection-report"
                     and e.get("period") == period)
    files = []
    for name in chosen:
        if not _plain_name(name, out_dir):
            raise DeliverableError(
                f"the manifest of {out_dir} lists '{name}', which is not a file name in that folder",
                where=str(out_dir / MANIFEST),
                fix="ssrgen lists only the files it writes into that folder: write the deliverables again "
                "('ssrgen build'), which rewrites the manifest, then run 'ssrgen package' again.")
        path = out_dir / name
        entry = manifest[name]
        if not path.is_file() or path.is_symlink():
            raise DeliverableError(f"{name} is listed as written by ssrgen but is not in {out_dir} any more",
                                   fix="Write it again ('ssrgen build'), then run 'ssrgen package'.")
        if sha256_file(path) != entry.get("sha256"):
            raise DeliverableError(
                f"{name} changed since ssrgen wrote it ({str(entry.get('written', '?'))[:16]})", where=str(path),
                fix="A submission holds only what ssrgen wrote and checked: write it again ('ssrgen build', or "
                "'ssrgen ssr' / 'ssrgen cap export'); to send an edited document, put it in attachments/.",
            )
        files.append((name, path))
    return files


def _plain_name(name: str, folder: Path) -> bool:
    """``name`` names a file right inside ``folder``: no folder part, no '..', nothing that leads out."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        return False
    return (folder / name).resolve().parent == folder.resolve()


def _newest(manifest: dict[str, dict[str, Any]], names: list[str]) -> str:
    return max(names, key=lambda n: (str(manifest[n].get("written", "")), n))


def attachments(ws: Workspace) -> list[tuple[str, Path]]:
    """(name in the package, file) of every attachment, each inside the workspace."""
    root = ws.root.resolve()
    found, outside = [], []
    for item in ssr_attachments(ws):
        if item.path.is_symlink() or not item.path.resolve().is_relative_to(root):
            outside.append(item.source)
            continue
        found.append((item.name, item.path))
    folder = ws.root / "attachments"
    if folder.is_dir():  # a linked folder: its files would be taken from wherever it points
        outside += sorted(p.relative_to(ws.root).as_posix() for p in folder.rglob("*") if p.is_symlink() and p.is_dir())
    if outside:
        raise InputError(
            f"{len(outside)} attachment(s) point outside the workspace (a symbolic link): {', '.join(outside)}",
            fix="Copy the file (or folder) itself into attachments/ (not a link to it), then run the command again.",
        )
    return found


def unreadable(ws: Workspace, files: list[tuple[str, Path, bytes]]) -> list[str]:
    """The attachments whose text ssrgen cannot read and ``ssrgen.yaml`` does not let through."""
    allowed = set(ws.config.unscanned_attachments)
    refused = []
    for name, path, data in files:
        source = path.relative_to(ws.root).as_posix() if path.is_relative_to(ws.root) else path.name
        if source in allowed or path.name in allowed:
            continue
        try:
            for _ in text_of(name, data):
                pass
        except Unreadable:
            refused.append(source)
    return refused


def default_package_name(ws: Workspace, today: dt.date) -> str:
    return f"Safeguards-{agency_slug(ws)}-{ssr_schedule(ws.config.agency, today).label}.zip"


def write_package(ws: Workspace, passphrase: str, output: Path | None = None,
                  out_dir: Path | None = None, today: dt.date | None = None) -> PackageContents:
    """Write the AES-256 encrypted package; nothing is written on any error."""
    check_passphrase(passphrase)
    today = today or dt.date.today()
    out_dir = out_dir or ws.out
    period = ssr_schedule(ws.config.agency, today).label
    files = [(name, path, path.read_bytes()) for name, path in deliverables(out_dir, period)]
    extra = [(name, path, path.read_bytes()) for name, path in attachments(ws)]
    # a member's name is not encrypted in the zip: an identifier in a file's name is refused like one in its text
    # ('_' and '.' read as spaces, as a reader of 'SSN_123-45-6789.txt' sees them)
    check_no_fti([(f"the name of {masked(path.relative_to(ws.root).as_posix().replace('_', ' '))}",
                   path.name.replace("_", " ")) for _, path, _ in extra], ws.config.fti_allowlist)
    refused = unreadable(ws, extra)
    if refused:
        raise InputError(
            f"ssrgen cannot read the text of {len(refused)} attachment(s), so it cannot check them for "
            f"taxpayer identifiers: {', '.join(refused)}",
            fix="Attach them as .pdf, .docx, .xlsx or text, or, once someone has checked each by hand, list "
            "them under 'unscanned_attachments:' in ssrgen.yaml.",
        )
    allowed = {name for name, path, _ in extra
               if path.relative_to(ws.root).as_posix() in ws.config.unscanned_attachments
               or path.name in ws.config.unscanned_attachments}
    members = [(name, data) for name, _, data in [*files, *extra]]
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in members:
            archive.writestr(name, data)
    target = output or out_dir / default_package_name(ws, today)
    with delivering(ws) as delivery:
        delivery.write_sealed(target, buffer.getvalue(), [(n, d) for n, d in members if n not in allowed],
                              kind="package", period=period)
    return PackageContents(target, [name for name, _ in members])
