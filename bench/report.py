"""Render a suite's results as a Markdown section and keep it up to date in docs/performance.md.

Each suite owns the text between `<!-- bench:<suite> -->` and `<!-- /bench:<suite> -->`;
everything outside the markers (analysis, decisions) is written by people and never touched.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from bench.harness import Result, Scale

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

_HEADER = """# Performance

Figures below come from `make bench` (`python -m bench`); each suite rewrites only its own
section between the `bench:` markers. Timings are paired with a baseline measured in the
same run and interleaved with it, so the ratio is what to compare across machines.
"""


def _ms(value: float | None) -> str:
    return "–" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(results: list[Result]) -> str:
    lines = [
        "| Case | p50 ms | p99 ms | Baseline | base p50 ms | base p99 ms | Δ p50 ms | Ratio "
        "| Target | n |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.value is None and r.p50_ms is None:
            measured = base = ("–", "–")
        elif r.value is not None:
            measured = (f"{r.value:g}", "")
            base = (f"{r.baseline_value:g}", "")
        else:
            measured = (_ms(r.p50_ms), _ms(r.p99_ms))
            base = (_ms(r.baseline_p50_ms), _ms(r.baseline_p99_ms))
        target = "–" if r.target is None else f"≤ {r.target:g}×"
        delta = (
            f"{r.p50_ms - r.baseline_p50_ms:+.2f}"
            if r.p50_ms is not None and r.baseline_p50_ms is not None
            else "–"
        )
        verdict = "" if r.ok else " **missed**"
        name = r.name + (f" ({r.note})" if r.note else "")
        lines.append(
            f"| {_cell(name)} | {measured[0]} | {measured[1]} | {_cell(r.baseline)} | "
            f"{base[0]} | {base[1]} | {delta} | {r.ratio:.2f}×{verdict} | {target} | "
            f"{r.iterations or ''} |"
        )
    return "\n".join(lines)


def section(
    *,
    suite: str,
    title: str,
    results: list[Result],
    facts: list[tuple[str, str]],
    scale: Scale,
    machine: str,
    command: str,
    seconds: float,
) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        f"## {suite}: {title}",
        "",
        f"- Run: {now}, `{command}`, {seconds:.0f} s for the suite",
        f"- Machine: {machine}",
        f"- Scale: {scale.label} ({scale.organizations:,} organizations, {scale.people:,} people)",
    ]
    lines += [f"- {label}: {value}" for label, value in facts]
    lines += ["", table(results)]
    missed = [r.name for r in results if not r.ok]
    if missed:
        lines += ["", f"Missed targets: {', '.join(missed)}."]
    return "\n".join(lines)


def write_section(suite: str, body: str, doc: Path = DOC) -> None:
    """Replace the suite's marked section, or append it, leaving the rest of the file alone."""
    start, end = f"<!-- bench:{suite} -->", f"<!-- /bench:{suite} -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else _HEADER
    block = f"{start}\n{body}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
