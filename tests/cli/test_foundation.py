"""The foundation commands as an analyst runs them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ssrgen.paths import example_workspace


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("ssrgen, version ")


def test_usage_error_exits_2(run) -> None:
    result = run("controls", "show")
    assert result.exit_code == 2
    assert "Missing argument 'ID'" in result.output


def test_controls_show_ac7_prints_irs_values(run) -> None:
    result = run("controls", "show", "ac-7")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("AC-7  Unsuccessful Logon Attempts")
    assert "IRS parameter values:" in out
    assert "120 minutes" in out
    assert "15 minutes" in out
    assert ": 3 attempts" in out


def test_an_authority_says_what_it_is_and_has_no_review_cadence(run) -> None:
    shown = run("controls", "show", "IRC-6103(k)(10)").stdout.splitlines()
    assert shown[1:4] == ["Catalog: Disclosure authorities",
                          "Source: Pub 1075 Rev. 11-2021 Exhibit 2, Exhibit 4, Exhibit 1",
                          "Authority: a basis for receiving FTI; only named in the sources (no text says what "
                          "it authorizes)"]
    described = run("controls", "show", "IRC-6103(d)").stdout
    assert "Authority: a basis for receiving FTI\n" in described
    assert "Review cadence" not in described
    assert "Review cadence: every year" in run("controls", "show", "ac-7").stdout


def test_controls_list_marks_the_authorities_only_named(run) -> None:
    rows = run("controls", "list", "--catalog", "authorities").stdout.splitlines()
    assert next(r for r in rows if r.startswith("IRC-6103(k)(10) ")).endswith("  [only named]")
    assert not next(r for r in rows if r.startswith("IRC-6103(d) ")).endswith("[only named]")
    listed = {r["id"]: r for r in json.loads(run("controls", "list", "--catalog", "authorities", "--format", "json").stdout)}
    assert listed["IRC-6103(k)(10)"]["described"] is False and listed["IRC-6103(k)(10)"]["basis"] is True
    assert listed["IRC-6103(p)(4)"]["basis"] is False


def test_controls_show_unknown_id_says_how_to_fix(run) -> None:
    result = run("controls", "show", "AC-99")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no catalog entry has the id 'AC-99'. Known ids in that family include AC-1")


def test_controls_list_json_has_enhancements_with_parent(run) -> None:
    result = run("controls", "list", "--family", "AC", "--format", "json")
    rows = json.loads(result.stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["AC-2"]["parent"] is None
    assert by_id["AC-2(3)"]["parent"] == "AC-2"
    assert {"id", "title", "catalog", "family"} <= set(rows[0])
    assert all(r["family"] == "AC" and r["catalog"] == "pub1075" for r in rows)
    assert sum(1 for r in rows if r["parent"] is None) == 18


def test_controls_list_csv_and_unknown_catalog(run) -> None:
    result = run("controls", "list", "--catalog", "mou", "--format", "csv")
    assert result.stdout.splitlines()[0] == "id,title,catalog,family,parent,nist_title,source"
    assert any(line.startswith("MOU-9.A.5,") for line in result.stdout.splitlines())
    bad = run("controls", "list", "--catalog", "nist")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: unknown catalog 'nist'. Use one of: ")


def test_validate_bundled_example_is_clean_and_says_so(run) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert f"Using the bundled example workspace ({example_workspace()})." in result.stderr
    assert result.stdout.startswith("OK: catalogs and workspace are valid")


def test_validate_broken_example_names_every_problem_with_its_line(run, example: Path) -> None:
    config = example / "ssrgen.yaml"
    text = config.read_text()
    text = text.replace("  type: federal\n", "  type: state\n  state: XX\n")
    text = text.replace("  phone: 202-555-0143\n", "  phone: 202-555-0143\n  fax: 202-555-0199\n")
    text = text.replace("authority: IRC-6103(i)(2)", "authority: IRC-9999")
    config.write_text(text)
    ac = example / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text().replace("AC-17:\n  status: implemented", "AC-17:\n  status: done"))
    (example / "implementation" / "zz.yaml").write_text("AC-1:\n  status: planned\nAC-999:\n  status: planned\n")
    (example / "evidence" / "broken.yaml").write_text("- id: EV-100\n  control: AC-2\n  title: [unclosed\n")

    result = run("validate", "-w", str(example))
    assert result.exit_code == 1
    err = result.stderr
    lines = config.read_text().splitlines()
    state_line = lines.index("  state: XX") + 1
    fax_line = lines.index("  fax: 202-555-0199") + 1
    auth_line = next(i for i, line in enumerate(lines, 1) if "authority: IRC-9999" in line)
    ac_lines = ac.read_text().splitlines()
    status_line = ac_lines.index("  status: done") + 1
    assert f"Error: ssrgen.yaml:{state_line}: 'XX' is not a state or territory code in Pub 1075 Table 4" in err
    assert f"Error: ssrgen.yaml:{fax_line}: unknown field 'fax'" in err
    assert f"Error: ssrgen.yaml:{auth_line}: 'IRC-9999' is not a disclosure authority ssrgen knows" in err
    assert f"Error: implementation/ac.yaml:{status_line}: 'status' is 'done'" in err
    assert "Use one of: 'implemented', 'partially-implemented'" in err
    assert "Error: implementation/zz.yaml:1: 'AC-1' is answered twice (also at implementation/ac.yaml:3)" in err
    assert "Error: implementation/zz.yaml:3: 'AC-999' is not a control in any catalog" in err
    assert "Error: evidence/broken.yaml:3: the file is not valid YAML" in err
    assert err.rstrip().endswith("Fix each one listed above, then run 'ssrgen validate' again.")


def test_workspace_from_environment_and_missing_workspace(run, example: Path, monkeypatch) -> None:
    monkeypatch.setenv("SSRGEN_WORKSPACE", str(example))
    assert run("validate").exit_code == 0
    monkeypatch.setenv("SSRGEN_WORKSPACE", str(example / "nowhere"))
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the folder in $SSRGEN_WORKSPACE is not a workspace (it has no ssrgen.yaml)")


def test_init_creates_a_valid_workspace_and_refuses_to_overwrite(run, tmp_path: Path) -> None:
    target = tmp_path / "dor"
    result = run("init", str(target), "--agency", "Department of Revenue", "--state", "tx",
                 "--authority", "IRC 6103(d)")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "ssrgen.yaml").read_text())
    assert config["agency"] == {"name": "Department of Revenue", "type": "state", "state": "TX",
                                "address": "To be completed"}
    assert config["authorities"] == ["IRC-6103(d)"]
    assert run("validate", "-w", str(target)).exit_code == 0
    before = (target / "ssrgen.yaml").read_bytes()
    again = run("init", str(target), "--federal")
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: a workspace already exists here, in ")
    assert (target / "ssrgen.yaml").read_bytes() == before


def test_init_rejects_unknown_state(run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--state", "ZZ")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 'ZZ' is not a state or territory code in Pub 1075 Table 4")
    assert not (tmp_path / "x").exists()


def test_build_on_the_example_writes_the_checklist(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = (out / "checklist.csv").read_text().splitlines()
    assert rows[0] == "id,title,catalog,family,parent,status,owner,last_reviewed"
    ac7 = next(r for r in rows if r.startswith("AC-7,"))
    assert ",implemented,Infrastructure Operations,2025-06-30" in ac7


def test_debug_shows_traceback_otherwise_never(run, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ssrgen.cli import cli

    plain = CliRunner().invoke(cli, ["validate", "-w", str(tmp_path / "missing")])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    debug = CliRunner().invoke(cli, ["--debug", "validate", "-w", str(tmp_path / "missing")])
    assert debug.exception is not None and type(debug.exception).__name__ == "WorkspaceError"


def test_compare_oscal_reports_differences(run, tmp_path: Path) -> None:
    oscal = {"catalog": {"uuid": "x", "metadata": {"title": "t"}, "groups": [{"id": "ac", "title": "Access Control", "controls": [
        {"id": "ac-2", "title": "Account Management", "controls": [{"id": "ac-2.3", "title": "Disable Accounts"}]},
        {"id": "ac-7", "title": "Unsuccessful Logon Tries"},
        {"id": "ac-99", "title": "Imaginary Control"},
    ]}]}}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(oscal))
    result = run("catalog", "compare-oscal", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "AC-7: title differs: ours 'Unsuccessful Logon Attempts', OSCAL 'Unsuccessful Logon Tries'" in lines
    assert "AC-99: in the OSCAL file ('Imaginary Control') but not in our catalog" in lines
    assert "AC-1: in our catalog ('Policy and Procedures') but not in the OSCAL file" in lines
    assert not any(line.startswith(("AC-2:", "AC-2(3):")) for line in lines)


def test_compare_oscal_rejects_non_oscal(run, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"not": "oscal"}')
    result = run("catalog", "compare-oscal", str(bad))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert f"in {bad}" in result.stderr


def test_every_command_is_found_in_the_module_named_for_it() -> None:
    import importlib
    import subprocess
    import sys

    from ssrgen.cli.app import COMMAND_MODULES, cli

    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"ssrgen.cli.{module}")
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        assert cli.commands[name].callback.__module__ == f"ssrgen.cli.{module}", name
    # a command that reads YAML only does not load the Word, Excel or site libraries
    probe = ("import sys; from ssrgen.cli import cli\n"
             "try: cli(['validate', '--help'], prog_name='ssrgen')\n"
             "except SystemExit: pass\n"
             "print(sorted(m for m in ('openpyxl', 'docx', 'docxtpl', 'mkdocs', 'pyzipper') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "[]"
