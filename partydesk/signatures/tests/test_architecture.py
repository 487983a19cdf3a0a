"""pyHanko stays behind one adapter (partydesk/signatures/pdf): nothing else imports it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ADAPTER = ROOT / "partydesk" / "signatures" / "pdf"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_adapter_imports_pyhanko():
    offenders = []
    for folder in ("partydesk", "config", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if ADAPTER in path.parents or "migrations" in path.parts:
                continue
            if any(
                name.split(".")[0] in ("pyhanko", "pyhanko_certvalidator")
                for name in _imports(path)
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
    assert any("pyhanko" in name for name in _imports(ADAPTER / "signing.py"))
