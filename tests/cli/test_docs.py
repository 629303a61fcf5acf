"""``ssrgen docs``: the guides listed with their titles and files, one found by its
topic, opened on request; and the guides go into the wheel with the catalogs."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from ssrgen.paths import docs_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_guides_are_installed_with_ssrgen() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["docs"] == "ssrgen/_data/docs"
    assert (docs_dir() / "workspace.md").is_file()


def test_list_gives_every_guide_with_title_and_file(run) -> None:
    result = run("docs")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    guides = sorted(ROOT.joinpath("docs").glob("*.md"))
    assert len(lines) == 2 * len(guides)
    assert lines[0].split(maxsplit=1) == ["workspace", "The workspace"]
    assert lines[1].strip() == str(docs_dir() / "workspace.md")
    for guide in guides:
        title = next(line[2:].strip() for line in guide.read_text(encoding="utf-8").splitlines()
                     if line.startswith("# "))
        assert f"{guide.stem}  " in result.stdout and title in result.stdout
        assert str(docs_dir() / guide.name) in result.stdout
    assert "ssrgen docs TOPIC --open" in result.stderr


@pytest.mark.parametrize("typed", ["cap", "CAP", "cap.md", "docs/cap.md"])
def test_a_topic_prints_its_file(run, typed: str) -> None:
    result = run("docs", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{docs_dir() / 'cap.md'}\n"


def test_open_launches_the_guide(run, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("webbrowser.open", lambda target, **_: opened.append(target) is None)
    result = run("docs", "ssr-template", "--open")
    assert result.exit_code == 0, result.output
    assert opened == [(docs_dir() / "ssr-template.md").as_uri()]


def test_open_without_a_browser_says_where_the_page_is(run, monkeypatch: pytest.MonkeyPatch) -> None:
    page = docs_dir() / "cap.md"
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("webbrowser.open", lambda target, **_: False)  # no browser took it
    result = run("docs", "cap", "--open")
    assert result.exit_code == 1
    assert result.stdout == f"{page}\n"
    assert result.stderr == f"Error: could not open a browser here; the page is at {page}\n"
    # a Linux session without a display (SSH, a server): not even tried
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setattr("webbrowser.open", lambda target, **_: pytest.fail("a browser was tried"))
    result = run("docs", "cap", "--open")
    assert result.exit_code == 1
    assert result.stderr == f"Error: could not open a browser here; the page is at {page}\n"


def test_open_without_a_topic_is_a_usage_error(run) -> None:
    result = run("docs", "--open")
    assert result.exit_code == 2
    assert "--open needs the guide to open, e.g. 'ssrgen docs workspace --open'." in result.output


def test_an_unknown_topic_lists_the_topics(run) -> None:
    result = run("docs", "passwords")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: there is no guide called 'passwords'. Use one of: workspace, "
                                    "catalogs, evidence, registers, inspections, cap, ssr-template, site")
    assert result.stderr.endswith(" (or run 'ssrgen docs' to see them with their titles).\n")
    for guide in ROOT.joinpath("docs").glob("*.md"):
        assert guide.stem in result.stderr


# A path into the source tree's docs/ folder means nothing to an installed user.
DOCS_PATH = re.compile(r"\bdocs/[\w.-]+\.md\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and its functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_message_help_or_written_file_points_at_docs_paths() -> None:
    """Messages, --help (the docstrings of the commands) and the files ssrgen writes name a
    guide as 'ssrgen docs TOPIC'; docstrings of the library and comments may cite docs/."""
    package = ROOT / "src" / "ssrgen"
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        internal = set() if path.parent.name == "cli" else _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in internal
                    and DOCS_PATH.search(node.value)):
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []


def test_messages_name_the_guide_by_its_topic(run) -> None:
    result = run("ssr", "--help")
    assert "'ssrgen docs ssr-template' explains the template." in " ".join(result.stdout.split())


def test_the_workspace_guide_documents_every_field_of_ssrgen_yaml() -> None:
    from ssrgen.model.workspace import WorkspaceConfig

    table = [line for line in (ROOT / "docs" / "workspace.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]
    documented = {line.split("`")[1].split(".")[0] for line in table}
    assert set(WorkspaceConfig.model_fields) <= documented
