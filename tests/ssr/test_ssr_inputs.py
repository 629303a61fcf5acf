"""Bad inputs, custom templates, snapshots and the submission package."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import pyzipper
from click.testing import Result

from tests.ssr.readback import read_docx


def tagged_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_custom_workspace_template_is_used(run: Callable[..., Result], example: Path) -> None:
    tagged_template(example / "templates" / "ssr.docx", "Our own SSR for {{ agency.name }}",
                    "AC & <notes>: {{ families[0].controls[0].id }}")
    result = run("ssr", "-w", str(example), "-o", "own.docx")
    assert result.exit_code == 0, result.output
    assert read_docx(Path("own.docx")).paragraphs == [
        "Our own SSR for Federal Records Enforcement Office (fictional)", "AC & <notes>: AC-1"]


def test_unknown_template_variable_fails_with_where(run: Callable[..., Result], example: Path) -> None:
    tagged_template(example / "templates" / "ssr.docx", "Intro", "Agency: {{ agency.nmae }}")
    result = run("ssr", "-w", str(example), "-o", "x.docx")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: unknown template variable 'agency.nmae', in templates/ssr.docx (body, paragraph 2: "
        "\"Agency: {{ agency.nmae }}\"). Correct the spelling; 'ssrgen docs ssr-template' lists every variable "
        "a template can use")
    assert not Path("x.docx").exists()


def test_planted_ssn_stops_the_ssr(run: Callable[..., Result], example: Path) -> None:
    ac = example / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text().replace("for 15 minutes.", "for 15 minutes (user 123-45-6789)."))
    result = run("ssr", "-w", str(example), "-o", "x.docx")
    assert result.exit_code == 1
    [line, summary] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert re.fullmatch(
        r"Error: implementation/ac\.yaml:\d+: this looks like a taxpayer identifier: an SSN-shaped number "
        r"\(\*\*\*-\*\*-6789\)\. Remove the identifier .* If it is not FTI \(a phone, form or case number\), "
        r"add its exact text as an entry of 'fti_allowlist:' in ssrgen\.yaml\.", line)
    assert summary.startswith("Error: 1 problem found.")
    assert "123-45-6789" not in result.output
    assert not Path("x.docx").exists()
    config = example / "ssrgen.yaml"
    config.write_text(config.read_text() + "\nfti_allowlist: ['123-45-6789']\n")
    assert run("ssr", "-w", str(example), "-o", "x.docx").exit_code == 0


def test_template_check_bundled_passes(run: Callable[..., Result]) -> None:
    from ssrgen.paths import templates_dir

    result = run("template", "check", str(templates_dir() / "ssr.docx"))
    assert result.exit_code == 0, result.output
    assert "is a valid SSR template" in result.output


def test_template_check_broken_fixture(run: Callable[..., Result], tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Agency: {{ agency.nmae }}")
    document.add_paragraph("{{ report.peroid }} and {{ agencyy }}")
    document.add_paragraph("{ { systems }}")
    document.add_paragraph("{% if report.final %} final")
    path = tmp_path / "broken-ssr.docx"
    document.save(str(path))
    result = run("template", "check", str(path))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    shown = str(path)
    assert errors == [
        f"Error: {shown} (body, paragraph 3: \"{{ {{ systems }}}}\"): '{{ {{' looks like a tag cut apart (a space "
        "between its braces). Write tags as {{ name }} or {% ... %}, with no space between the two braces",
        f"Error: {shown} (body, paragraph 4: \"{{% if report.final %}} final\"): template tag error: Unexpected end "
        "of template. The template expects one of these tags: 'elif' or 'else' or 'endif'. The innermost block "
        "that needs to be closed is 'if'. Correct the tag in Word: tags are written {{ name }} and "
        "{% if ... %} ... {% endif %}; see 'ssrgen docs ssr-template'",
        "Error: 2 problem(s) in the template. Fix each one listed above in Word, then run 'ssrgen template "
        "check' again.",
    ]


def test_template_check_names_typos_with_suggestions(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tagged_template(tmp_path / "typo.docx", "Agency: {{ agency.nmae }}", "{{ agencyy }}")
    result = run("template", "check", str(path))
    assert result.exit_code == 1
    assert (f"Error: {path} (body, paragraph 2: \"{{{{ agencyy }}}}\"): unknown template variable 'agencyy'. "
            "Did you mean 'agency'?") in result.output
    assert (f"Error: {path} (body, paragraph 1: \"Agency: {{{{ agency.nmae }}}}\"): unknown template variable "
            "'agency.nmae'. Did you mean 'agency.name'?") in result.output


def test_final_snapshot_then_changes(run: Callable[..., Result], example: Path) -> None:
    import datetime as dt

    from ssrgen.catalog import load_catalogs
    from ssrgen.ssr import write_ssr
    from ssrgen.workspace import open_workspace

    ws = open_workspace(example, load_catalogs())
    written = write_ssr(ws, example / "out" / "first.docx", final=True, today=dt.date(2025, 11, 1))
    snapshot = example / "submissions" / "2025-01-01_2025-12-31" / "ssr-snapshot.yaml"
    assert snapshot in written and snapshot.is_file()
    ac = example / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text().replace("status: not-implemented", "status: implemented"))
    ws = open_workspace(example, load_catalogs())
    [path] = write_ssr(ws, example / "out" / "second.docx", today=dt.date(2026, 11, 22))
    text = read_docx(path).text
    assert ("Changes since the SSR for the period 2025-01-01 to 2025-12-31, finalized on November 1, 2025."
            in text)
    assert "AC-12: status changed from not implemented to implemented." in text


def test_package_round_trip(run: Callable[..., Result], example: Path) -> None:
    attachment = example / "attachments" / "delegation-of-authority.txt"
    attachment.parent.mkdir(exist_ok=True)
    attachment.write_text("Delegation of authority (fictional).")
    assert run("ssr", "-w", str(example)).exit_code == 0
    result = run("package", "-w", str(example), "--out", "submission.zip")
    assert result.exit_code == 0, result.output
    [passphrase] = re.findall(r"Passphrase \(shown once, stored nowhere\): (\S+)", result.output)
    assert len(passphrase) >= 20
    with pyzipper.AESZipFile("submission.zip") as archive:
        archive.setpassword(passphrase.encode())
        names = archive.namelist()
        assert names[0].startswith("SSR-FREO-0001-") and names[0].endswith(".docx")
        assert "SSRATT1_delegation-of-authority.txt" in names
        assert archive.read("SSRATT1_delegation-of-authority.txt") == b"Delegation of authority (fictional)."
    import zipfile

    raw = zipfile.ZipFile("submission.zip").getinfo(names[0])
    assert raw.compress_type == 99 and raw.flag_bits & 1  # WinZip AES, encrypted
    with pyzipper.AESZipFile("submission.zip") as archive:
        archive.setpassword(b"wrong passphrase")
        with pytest.raises(RuntimeError):
            archive.read(names[0])
    assert passphrase not in "".join(p.read_text(errors="ignore") for p in example.rglob("*") if p.is_file()
                                      and p.suffix in (".yaml", ".txt", ".md"))


def test_package_with_prompted_passphrase(run: Callable[..., Result], example: Path) -> None:
    assert run("ssr", "-w", str(example)).exit_code == 0
    result = run("package", "-w", str(example), "--out", "p.zip", "--passphrase-prompt",
                 input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0, result.output
    assert "Passphrase (shown once" not in result.output
    with pyzipper.AESZipFile("p.zip") as archive:
        archive.setpassword(b"correct horse battery")
        assert archive.testzip() is None


def test_package_without_an_ssr_says_what_to_do(run: Callable[..., Result], example: Path) -> None:
    result = run("package", "-w", str(example))
    assert result.exit_code == 1
    assert f"Error: there is no SSR to package in {example / 'out'} (none of the period " in result.output
    assert "written by ssrgen). Write it first with 'ssrgen ssr' (or 'ssrgen build')" in result.output
