"""The encrypted submission package (Pub 1075 §2.E.3).

A .zip encrypted with AES-256 (WinZip AE-2, which WinZip and SecureZIP open)
holding the latest SSR in the output folder, the CAP files there (``CAP*``)
when present, and the SSR's attachments under the names the report lists
(:mod:`ssrgen.ssr.attachments`, Pub 1075 §2.E.2). The passphrase is generated
(or given) by the caller and never written anywhere; §2.E.3 asks that it
travel separately from the package.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyzipper

from ssrgen.deadlines import ssr_schedule
from ssrgen.errors import DeliverableError, InputError
from ssrgen.ssr import agency_slug, ssr_filename
from ssrgen.ssr.attachments import ssr_attachments
from ssrgen.workspace import Workspace
from ssrgen.yamlio import atomic_write_bytes

MIN_PASSPHRASE = 12
# no look-alike characters (0/O, 1/l/I): the passphrase is read out over the phone
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


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


def latest_ssr(ws: Workspace, out_dir: Path, today: dt.date) -> Path:
    """The SSR of the current period in ``out_dir``, else the newest SSR there."""
    current = out_dir / ssr_filename(ws, ssr_schedule(ws.config.agency, today))
    if current.is_file():
        return current
    found = sorted(out_dir.glob(f"SSR-{agency_slug(ws)}-*.docx"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise DeliverableError(f"there is no SSR to package in {out_dir}",
                               fix="Write it first with 'ssrgen ssr', then run 'ssrgen package' again.")
    return found[-1]


def package_files(ws: Workspace, out_dir: Path, today: dt.date) -> list[tuple[str, Path]]:
    """(name in the package, file) for everything that goes in."""
    files = [(p.name, p) for p in [latest_ssr(ws, out_dir, today)]]
    files += [(p.name, p) for p in sorted(out_dir.glob("CAP*")) if p.is_file() and p.suffix in (".docx", ".xlsx", ".pdf")]
    files += [(a.name, a.path) for a in ssr_attachments(ws)]
    return files


def default_package_name(ws: Workspace, today: dt.date) -> str:
    return f"Safeguards-{agency_slug(ws)}-{ssr_schedule(ws.config.agency, today).label}.zip"


def write_package(ws: Workspace, passphrase: str, output: Path | None = None,
                  out_dir: Path | None = None, today: dt.date | None = None) -> PackageContents:
    """Write the AES-256 encrypted package; nothing is written on any error."""
    check_passphrase(passphrase)
    today = today or dt.date.today()
    out_dir = out_dir or ws.out
    files = package_files(ws, out_dir, today)
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, path in files:
            archive.writestr(name, path.read_bytes())
    target = output or out_dir / default_package_name(ws, today)
    atomic_write_bytes(target, buffer.getvalue())
    return PackageContents(target, [name for name, _ in files])
