"""The suites `python -m bench` runs, in order. Add yours here (see bench/README.md).

Each entry is a module under bench/ that exposes `TITLE: str` and
`run(ctx: bench.harness.Context) -> list[bench.harness.Result]`.
"""

SUITES: list[str] = [
    "organizations",
    "search",
    "signatures",
    "documents",
    "issuing",
    "audit",
    "contests",
    "contests_answers",
    "contests_spike",
    "meetings_ballots",
    "meetings_live",
    "learning_exams",
    "portal",
    "exchange_fanout",
    "exchange_loopback",
    "assignments",
]
