"""Benchmark every step of ssrgen as a user runs it, on synthetic workspaces.

    python bench/run.py                      # reference size (scale 1)
    python bench/run.py --scales 1,2,4 --json bench/results.json

For each scale it generates a workspace (bench/generate.py), then runs each
step as a separate ``python -m ssrgen ...`` process and records its wall time
and peak memory (the child's maximum resident set size, from ``os.wait4``).
The floors (bench/floors.py) run in the same session: the import against
openpyxl's read-only iteration over the same workbook, the SSR against
python-docx writing the same paragraphs and tables, the site against a plain
``mkdocs build`` of the same generated Markdown. A step whose command does not
exist in this version is reported as "not available".

Parsed YAML is cached by content (see ``ssrgen.parse_cache``); the benchmark
uses a fresh cache folder per scale, and its first step, ``validate (cold)``,
shows the cost of a run with nothing cached.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402  (bench/ is not a package)

PYTHON = sys.executable
SSRGEN = [PYTHON, "-m", "ssrgen"]

# targets of the scale issue, on a 2-core machine
TARGET_STEP_SECONDS = 60.0
TARGET_FAST_SECONDS = 5.0  # validate and status
FAST_STEPS = ("validate (cold)", "validate", "status")
TARGET_PEAK_MB = 1536.0
TARGET_EXAMPLE_BUILD = 10.0
TARGET_RATIOS = {"evidence import (dry run)": 2.0, "ssr": 2.0, "site build": 1.5}


@dataclass
class Measure:
    """One process: how long it took, how much memory it held at most, how it ended."""

    seconds: float | None = None
    peak_mb: float | None = None
    exit_code: int | None = None
    available: bool = True
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.available and self.exit_code not in (0, None)


def run_measured(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> Measure:
    """Run a process; wall time around it, peak RSS of the child from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        note = ""
        if code != 0:
            err.seek(0)
            out.seek(0)
            tail = (err.read() or out.read()).decode("utf-8", "replace").strip().splitlines()
            note = tail[-1][:200] if tail else ""
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Measure(seconds=seconds, peak_mb=peak, exit_code=code, note=note)


def best_of(repeat: int, argv: list[str], env: dict[str, str]) -> Measure:
    runs = [run_measured(argv, env) for _ in range(repeat)]
    fastest = min(runs, key=lambda m: m.seconds or 0.0)
    fastest.peak_mb = max(m.peak_mb or 0.0 for m in runs)
    return fastest


def command_exists(words: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run([*SSRGEN, *words, "--help"], env=env, capture_output=True, check=False)
    return done.returncode == 0


@dataclass
class Step:
    name: str
    command: list[str]  # the ssrgen subcommand words, for the availability check
    argv: list[str]
    before: Callable[[], None] | None = None
    repeatable: bool = True


@dataclass
class ScaleResult:
    scale: float
    counts: dict[str, int] = field(default_factory=dict)
    generate_seconds: float = 0.0
    steps: dict[str, Measure] = field(default_factory=dict)
    floors: dict[str, Measure] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)


# the facility whose checklist is exported, filled and imported (bench/generate.py names them)
INSPECTED = "Headquarters 1"
INSPECTION_ID = "BENCH-1"


def fill_checklist(source: Path, target: Path) -> None:
    """The exported checklist as an inspector returns it: the form filled in, every item met but
    two (they become POA&M findings)."""
    import datetime as dt

    from openpyxl import load_workbook

    book = load_workbook(source)
    form = book["Inspection"]
    rows = {str(form.cell(r, 1).value).removesuffix(" *"): r for r in range(1, form.max_row + 1)
            if form.cell(r, 1).value}
    for label, value in {"Inspection ID (report number)": INSPECTION_ID, "Inspection date": dt.date.today(),
                         "Inspector": "Bench Inspector", "Inspector's office or function": "Internal Review",
                         "Inspector is employed by": "agency", "Inspector is outside the function inspected": "Yes",
                         "Method": "on site"}.items():
        form.cell(rows[label], 2).value = value
    sheet = book["Checklist"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 6).value = "not met" if row in (3, 40) else "met"
            sheet.cell(row, 7).value = "Found in the benchmark." if row in (3, 40) else None
    book.save(target)


def _fresh(folder: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(folder, ignore_errors=True)
    return clear


def bench_scale(scale: float, workdir: Path, repeat: int, keep: bool) -> ScaleResult:
    result = ScaleResult(scale)
    ws = workdir / f"workspace-x{scale:g}"
    out = workdir / f"out-x{scale:g}"
    cache = workdir / f"cache-x{scale:g}"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    out.mkdir(parents=True)
    (out / "ssr").mkdir()  # an existing folder: the SSR is written into it under its own name
    print(f"\n== scale {scale:g}: generating {ws}", flush=True)
    started = time.perf_counter()
    result.counts = generate(ws, scale)
    result.generate_seconds = time.perf_counter() - started
    print(f"   {result.generate_seconds:.1f} s: " + ", ".join(f"{v} {k}" for k, v in result.counts.items()))
    env = {**os.environ, "SSRGEN_CACHE_DIR": str(cache)}
    env.pop("SSRGEN_NO_CACHE", None)
    env.pop("SSRGEN_WORKSPACE", None)
    workbook = out / "evidence-workbook.xlsx"
    copy = workdir / f"workspace-x{scale:g}-import"

    def linked_copy() -> None:
        # hard links: cheap, and the import's atomic writes replace files, so the original is untouched
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(ws, copy, copy_function=os.link)

    accepted = out / "ssr-accepted.docx"

    def accepted_ssr() -> None:
        # the SSR the "ssr" step wrote stands for last year's accepted SSR
        written = sorted((out / "ssr").glob("*.docx"))
        if written:
            shutil.copyfile(written[0], accepted)

    def blank_copy() -> None:
        # the copy with every answer emptied, for the SSP to bring back; a hard-linked file is
        # unlinked before it is written, so the generated workspace is untouched
        linked_copy()
        for path in (copy / "implementation").glob("*.yaml"):
            path.unlink()
            path.write_text("{}\n", encoding="utf-8")

    oscal = out / "oscal"
    w = ["-w", str(ws)]
    checklist, clipboard = out / "inspection-checklist.xlsx", out / "inspection-checklist.docx"
    filled = out / "inspection-checklist-filled.xlsx"
    steps = [
        Step("validate (cold)", ["validate"], [*SSRGEN, "validate", *w], before=_fresh(cache), repeatable=False),
        Step("validate", ["validate"], [*SSRGEN, "validate", *w]),
        Step("status", ["status"], [*SSRGEN, "status", *w]),
        Step("evidence export", ["evidence", "export"], [*SSRGEN, "evidence", "export", *w, "-o", str(workbook)]),
        Step("evidence import (dry run)", ["evidence", "import"],
             [*SSRGEN, "evidence", "import", str(workbook), "--dry-run", *w]),
        Step("evidence import", ["evidence", "import"],
             [*SSRGEN, "evidence", "import", str(workbook), "--by", "bench", "-w", str(copy)],
             before=linked_copy, repeatable=False),
        Step("evidence verify", ["evidence", "verify"], [*SSRGEN, "evidence", "verify", *w]),
        Step("inspection checklist", ["inspection", "checklist"],
             [*SSRGEN, "inspection", "checklist", INSPECTED, *w, "-o", str(checklist), "--docx", str(clipboard)]),
        Step("inspection import (dry run)", ["inspection", "import"],
             [*SSRGEN, "inspection", "import", str(filled), "--dry-run", *w],
             before=lambda: fill_checklist(checklist, filled)),
        Step("inspection import", ["inspection", "import"],
             [*SSRGEN, "inspection", "import", str(filled), "--by", "bench", "-w", str(copy)],
             before=linked_copy, repeatable=False),
        Step("inspection report", ["inspection", "report"],
             [*SSRGEN, "inspection", "report", INSPECTION_ID, "-w", str(copy), "-o", str(out / "inspection-report.docx")]),
        Step("ssr", ["ssr"], [*SSRGEN, "ssr", *w, "-o", str(out / "ssr")]),
        Step("ssr import (dry run)", ["ssr", "import"],
             [*SSRGEN, "ssr", "import", str(accepted), "--dry-run", *w], before=accepted_ssr),
        Step("ssr --into", ["ssr"], [*SSRGEN, "ssr", *w, "--into", str(accepted), "-o", str(out / "into")]),
        Step("cap export", ["cap", "export"],
             [*SSRGEN, "cap", "export", *w, "-o", str(out / "cap" / "CAP.xlsx"), "--docx", str(out / "cap" / "CAP.docx")]),
        Step("site build", ["site", "build"], [*SSRGEN, "site", "build", *w, "-o", str(out / "site")]),
        Step("build", ["build"], [*SSRGEN, "build", *w, "-o", str(out / "build")]),
        Step("oscal export", ["oscal", "export"], [*SSRGEN, "oscal", "export", *w, "-o", str(oscal)]),
        Step("oscal import-ssp", ["oscal", "import-ssp"],
             [*SSRGEN, "oscal", "import-ssp", str(oscal / "ssp.json"), "--by", "bench", "-w", str(copy)],
             before=blank_copy, repeatable=False),
    ]
    for step in steps:
        if not command_exists(step.command, env):
            result.steps[step.name] = Measure(available=False, note="not available")
            print(f"   {step.name:<28} not available", flush=True)
            continue
        if step.before:
            step.before()
        measure = best_of(repeat if step.repeatable else 1, step.argv, env)
        result.steps[step.name] = measure
        print(f"   {step.name:<28} {_fmt(measure)}", flush=True)
    (out / "cap").mkdir(exist_ok=True)
    _floors(result, ws, out, workbook, env, repeat)
    if not keep:
        for folder in (ws, copy, out, cache):
            shutil.rmtree(folder, ignore_errors=True)
    return result


def _floors(result: ScaleResult, ws: Path, out: Path, workbook: Path, env: dict[str, str], repeat: int) -> None:
    floors = [PYTHON, str(HERE / "floors.py")]
    if workbook.exists():
        result.floors["openpyxl read-only"] = best_of(repeat, [*floors, "xlsx-read", str(workbook)], env)
    ssr_files = sorted((out / "ssr").glob("*.docx")) if (out / "ssr").is_dir() else []
    if ssr_files:
        content = out / "ssr-content.json"
        subprocess.run([*floors, "docx-content", str(ssr_files[0]), str(content)], env=env, check=True,
                       capture_output=True)
        result.floors["python-docx direct"] = best_of(
            repeat, [*floors, "docx-write", str(content), str(out / "floor.docx")], env)
    if result.steps.get("site build", Measure(available=False)).available:
        source = out / "site-source"
        prepared = subprocess.run([*floors, "site-source", str(ws), str(source)], env=env,
                                  capture_output=True, text=True, check=False)
        if prepared.returncode == 0:
            result.floors["mkdocs build"] = best_of(
                repeat, [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(source / "mkdocs.yml")], env)
        else:
            result.floors["mkdocs build"] = Measure(available=False, note=prepared.stderr.strip()[-200:])
    pairs = {"evidence import (dry run)": "openpyxl read-only", "ssr": "python-docx direct",
             "site build": "mkdocs build"}
    for step, floor in pairs.items():
        a, b = result.steps.get(step), result.floors.get(floor)
        ok = a and b and a.available and b.available and a.seconds and b.seconds and not a.failed
        result.ratios[step] = round(a.seconds / b.seconds, 2) if ok else None  # type: ignore[operator,union-attr]
    for name, measure in result.floors.items():
        print(f"   floor: {name:<21} {_fmt(measure)}")
    for step, ratio in result.ratios.items():
        print(f"   ratio {step}: {ratio if ratio is not None else 'n/a'}")


def bench_example(workdir: Path, repeat: int) -> Measure:
    from ssrgen.paths import example_workspace

    copy = workdir / "example"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(example_workspace(), copy, ignore=shutil.ignore_patterns("out", "site"))
    env = {**os.environ, "SSRGEN_CACHE_DIR": str(workdir / "cache-example")}
    measure = best_of(repeat, [*SSRGEN, "build", "-w", str(copy), "-o", str(workdir / "example-out")], env)
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(workdir / "example-out", ignore_errors=True)
    return measure


def _fmt(m: Measure) -> str:
    if not m.available:
        return "not available"
    text = f"{m.seconds:7.2f} s {m.peak_mb:7.0f} MB"
    return text + (f"  FAILED (exit {m.exit_code}): {m.note}" if m.failed else "")


def machine() -> dict[str, str]:
    info = {"cpus": str(os.cpu_count()), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return info


def table(results: list[ScaleResult], example: Measure | None) -> str:
    names: list[str] = []
    for r in results:
        names += [n for n in [*r.steps, *(f"floor: {f}" for f in r.floors)] if n not in names]
    head = "| step | " + " | ".join(f"x{r.scale:g} s | x{r.scale:g} MB" for r in results) + " |"
    if len(results) > 1:
        head += f" growth x{results[0].scale:g}->x{results[-1].scale:g} |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name in names:
        cells = []
        measures = []
        for r in results:
            m = r.floors.get(name[7:]) if name.startswith("floor: ") else r.steps.get(name)
            measures.append(m)
            if m is None or not m.available:
                cells += ["n/a", "n/a"]
            else:
                cells += [f"{m.seconds:.2f}" + (" (failed)" if m.failed else ""), f"{m.peak_mb:.0f}"]
        row = f"| {name} | " + " | ".join(cells) + " |"
        if len(results) > 1:
            first, last = measures[0], measures[-1]
            if first and last and first.available and last.available and first.seconds and last.seconds:
                row += f" {last.seconds / first.seconds:.2f}x time for {results[-1].scale / results[0].scale:g}x data |"
            else:
                row += " n/a |"
        lines.append(row)
    for step in TARGET_RATIOS:
        cells = []
        for r in results:
            ratio = r.ratios.get(step)
            cells += [f"{ratio:.2f}" if ratio is not None else "n/a", ""]
        lines.append(f"| ratio {step} / floor | " + " | ".join(cells) + " |" + (" |" if len(results) > 1 else ""))
    if example is not None:
        lines.append("")
        lines.append(f"Bundled example, `ssrgen build`: {_fmt(example)}")
    return "\n".join(lines)


def verdicts(results: list[ScaleResult], example: Measure | None) -> list[str]:
    """Each target of the scale issue, met or not, in words."""
    out = []
    if example is not None and example.seconds is not None:
        out.append(f"{'met' if example.seconds < TARGET_EXAMPLE_BUILD else 'NOT MET'}: bundled example build "
                   f"{example.seconds:.1f} s (< {TARGET_EXAMPLE_BUILD:g} s)")
    reference = next((r for r in results if r.scale == 1), None)
    if reference:
        for name, m in reference.steps.items():
            if not m.available or m.seconds is None:
                out.append(f"not measured: {name} (not available)")
                continue
            limit = TARGET_FAST_SECONDS if name in FAST_STEPS else TARGET_STEP_SECONDS
            ok = m.seconds < limit and (m.peak_mb or 0) < TARGET_PEAK_MB and not m.failed
            out.append(f"{'met' if ok else 'NOT MET'}: {name} {m.seconds:.1f} s (< {limit:g} s), "
                       f"{m.peak_mb:.0f} MB (< {TARGET_PEAK_MB:g} MB){' FAILED' if m.failed else ''}")
        for step, limit in TARGET_RATIOS.items():
            ratio = reference.ratios.get(step)
            if ratio is None:
                out.append(f"not measured: {step} / floor")
            else:
                out.append(f"{'met' if ratio <= limit else 'NOT MET'}: {step} / floor {ratio:.2f} (<= {limit:g})")
    if len(results) > 1:
        first, last = results[0], results[-1]
        factor = last.scale / first.scale
        for name, m in last.steps.items():
            f = first.steps.get(name)
            if m.available and f and f.available and m.seconds and f.seconds:
                growth = m.seconds / f.seconds
                # a little slack for the fixed start-up cost being noise at small sizes
                out.append(f"{'met' if growth <= factor * 1.1 else 'NOT MET'}: {name} grows {growth:.2f}x "
                           f"for {factor:g}x data")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1", help="comma-separated scales, e.g. 1,2,4 (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ssrgen-bench",
                        help="where the workspaces are generated (default: a folder in the temp dir)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--repeat", type=int, default=1, help="run each step N times, keep the fastest")
    parser.add_argument("--keep", action="store_true", help="keep the generated workspaces and outputs")
    parser.add_argument("--no-example", action="store_true", help="skip the bundled example's build")
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}")
    example = None if args.no_example else bench_example(args.workdir, args.repeat)
    if example is not None:
        print(f"Bundled example build: {_fmt(example)}")
    results = [bench_scale(s, args.workdir, args.repeat, args.keep) for s in scales]
    print()
    print(table(results, example))
    print()
    for line in verdicts(results, example):
        print(line)
    if args.json:
        data = {
            "machine": machine(),
            "example_build": asdict(example) if example else None,
            "scales": [
                {"scale": r.scale, "counts": r.counts, "generate_seconds": round(r.generate_seconds, 2),
                 "steps": {k: asdict(v) for k, v in r.steps.items()},
                 "floors": {k: asdict(v) for k, v in r.floors.items()}, "ratios": r.ratios}
                for r in results
            ],
            "verdicts": verdicts(results, example),
        }
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
