"""ssrgen init: the agency's kind, its authorities and agreements, the placeholders it
leaves, and the bundled examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from ssrgen.catalog import load_catalogs
from ssrgen.paths import EXAMPLES, example_workspace
from ssrgen.workspace import open_workspace

Run = Callable[..., Result]
KNOWN = ("IRC-6103(c), IRC-6103(d), IRC-6103(h)(2), IRC-6103(h)(5), IRC-6103(i), IRC-6103(i)(1), "
         "IRC-6103(i)(2), IRC-6103(i)(3), IRC-6103(i)(5), IRC-6103(i)(7), IRC-6103(j), IRC-6103(j)(1), "
         "IRC-6103(j)(2), IRC-6103(j)(5), IRC-6103(k)(8), IRC-6103(k)(10), IRC-6103(k)(11), IRC-6103(k)(13), "
         "IRC-6103(k)(14), IRC-6103(l)(1), IRC-6103(l)(2), IRC-6103(l)(3), IRC-6103(l)(5), IRC-6103(l)(6), "
         "IRC-6103(l)(7), IRC-6103(l)(8), IRC-6103(l)(9), IRC-6103(l)(10), IRC-6103(l)(11), IRC-6103(l)(12), "
         "IRC-6103(l)(12)(C), IRC-6103(l)(13), IRC-6103(l)(14), IRC-6103(l)(15), IRC-6103(l)(16), "
         "IRC-6103(l)(17), IRC-6103(l)(18), IRC-6103(l)(19), IRC-6103(l)(20), IRC-6103(l)(21), "
         "IRC-6103(l)(22), IRC-6103(m)(2), IRC-6103(m)(4), IRC-6103(m)(4)(B), IRC-6103(m)(5), IRC-6103(m)(6), "
         "IRC-6103(m)(7), IRC-6103(n), IRC-6103(o)(1)(A), IRC-6103(o)(3), IRC-6103(p)(2)(B)")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("spelling", ["IRC 6103(d)", "6103(d)", "IRC-6103(d)"])
def test_authority_in_the_forms_analysts_write(run: Run, tmp_path: Path, spelling: str) -> None:
    target = tmp_path / "dor"
    result = run("init", str(target), "--state", "OH", "--authority", spelling)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "ssrgen.yaml").read_text(encoding="utf-8"))
    assert config["authorities"] == ["IRC-6103(d)"]
    assert config["agency"]["type"] == "state" and config["agency"]["state"] == "OH"
    ws = open_workspace(target, load_catalogs())
    assert ws.scope.authorities == ("IRC-6103(d)",)
    assert not ws.scope.mou
    assert "mou" not in ws.scope.catalogs


def test_a_provision_pub_1075_only_names_as_a_basis_is_accepted(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "t"
    result = run("init", str(target), "--state", "OH", "--authority", "6103(k)(10)")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((target / "ssrgen.yaml").read_text(encoding="utf-8"))["authorities"] == ["IRC-6103(k)(10)"]
    assert open_workspace(target, load_catalogs()).scope.authorities == ("IRC-6103(k)(10)",)


def test_unknown_authority_is_refused_with_the_known_ones(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--state", "OH", "--authority", "6103(q)")
    assert result.exit_code == 1
    assert result.stderr == f"Error: '6103(q)' is not a disclosure authority ssrgen knows. Use one of: {KNOWN}.\n"
    assert not (tmp_path / "x").exists()


def test_a_provision_no_agency_receives_fti_under_is_refused(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--federal", "--authority", "IRC 6103(p)(4)")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: IRC-6103(p)(4) (Safeguards required of agencies receiving returns "
                                    "and return information) is not a provision an agency receives FTI under. "
                                    "Use one of: IRC-6103(c), IRC-6103(d),")


def test_the_kind_of_agency_must_be_given(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--authority", "6103(d)")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: say what kind of agency this is: it decides the SSR and CAP due dates (Pub 1075 Table 4). "
        "Give --state XX (the two-letter code) for a state, territory or local agency, or --federal for a "
        "federal agency.\n")
    assert not (tmp_path / "x").exists()


def test_the_mou_is_taken_on_only_when_asked(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ice"
    result = run("init", str(target), "--federal", "--agreement", "mou")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "ssrgen.yaml").read_text(encoding="utf-8"))
    [agreement] = config["agreements"]
    assert agreement["catalog"] == "mou" and agreement["id"] == "irs-ice-mou"
    assert agreement["authority"] == "IRC-6103(i)(2)"
    assert "Nontax Criminal Enforcement" in agreement["name"]
    assert config["catalogs"] == ["pub1075", "pub1075-req"]
    ws = open_workspace(target, load_catalogs())
    assert ws.scope.mou and ws.scope.authorities == ("IRC-6103(i)(2)",)
    assert any(e.catalog == "mou" for e in ws.in_scope())
    bad = run("init", str(tmp_path / "y"), "--federal", "--agreement", "treaty")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: 'treaty' is not an agreement ssrgen has a catalog for. "
                                 "Use one of: mou (irs-ice-mou).")


def test_placeholders_are_warnings_with_their_line_until_replaced(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert run("init", str(target), "--state", "TX", "--agency", "Department of Revenue").exit_code == 0
    config = target / "ssrgen.yaml"
    result = run("validate", "-w", str(target))
    assert result.exit_code == 0, result.output
    err = result.stderr
    authority_line = line_of(config, "  - To be completed")
    assert (f"Warning: ssrgen.yaml:{authority_line}: 'authorities[0]' is still the placeholder 'To be completed' "
            "that 'ssrgen init' wrote. Write the IRC § 6103 provision the agency receives FTI under") in err
    for field, text in [("agency.address", "  address: To be completed"),
                        ("head_of_agency.name", "  name: To be completed"),
                        ("safeguards_contact.email", "  email: To be completed"),
                        ("systems[0].name", "    name: To be completed")]:
        assert f"Warning: ssrgen.yaml:{line_of(config, text)}: '{field}' is still the placeholder" in err
    assert "OK: catalogs and workspace are valid (9 warning(s))." in result.stdout
    assert run("validate", "-w", str(target), "--strict").exit_code == 1
    built = run("build", "-w", str(target), "-o", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert ("9 placeholder(s) 'To be completed' written by 'ssrgen init' remain in ssrgen.yaml" in built.stderr)
    # filled in, the warnings go
    text = config.read_text(encoding="utf-8").replace("  - To be completed", "  - IRC-6103(d)")
    config.write_text(text, encoding="utf-8")
    assert "'authorities[0]' is still the placeholder" not in run("validate", "-w", str(target)).stderr


@pytest.mark.parametrize(("args", "name", "marker"), [
    (["--example"], "freo", "Federal Records Enforcement Office (fictional)"),
    (["--example", "freo"], "freo", "Federal Records Enforcement Office (fictional)"),
    (["--example", "state"], "state", "Department of Revenue and Child Support (fictional)"),
])
def test_examples(run: Run, tmp_path: Path, args: list[str], name: str, marker: str) -> None:
    target = tmp_path / "copy"
    result = run("init", str(target), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Copied the example workspace '{name}' to {target}\n"
    assert marker in (target / "ssrgen.yaml").read_text(encoding="utf-8")
    assert run("validate", "-w", str(target)).exit_code == 0


def test_every_example_ships_in_the_wheel() -> None:
    # pyproject force-includes the whole examples/ folder as ssrgen/_data/examples
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"examples" = "ssrgen/_data/examples"' in pyproject
    for name in EXAMPLES:
        assert (example_workspace(name) / "ssrgen.yaml").is_file()
        assert example_workspace(name).parent.name == "examples"


def test_workspace_before_init_is_refused(run: Run, tmp_path: Path) -> None:
    # init creates the folder it is given; a -w before it would be ignored silently
    result = run("-w", str(tmp_path / "my-copy"), "init", str(tmp_path / "zz"), "--state", "TX")
    assert result.exit_code == 2
    assert (f"Error: -w/--workspace ({tmp_path / 'my-copy'}) does not apply to init: init creates the folder "
            f"given as its DIRECTORY argument. Leave out -w, e.g. 'ssrgen init {tmp_path / 'my-copy'} "
            "--state XX'.") in " ".join(result.stderr.split())
    assert not (tmp_path / "zz").exists() and not (tmp_path / "my-copy").exists()


def test_an_example_takes_no_options_of_a_new_workspace(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "t9"), "--example", "state", "--state", "TX")
    assert result.exit_code == 2
    assert ("Error: --example copies a whole workspace, so --state cannot apply to it; give either --example or "
            "the options of a new workspace.") in result.stderr
    assert not (tmp_path / "t9").exists()
