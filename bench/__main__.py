"""`python -m bench [suite ...] [--quick]`: run suites, record them in docs/performance.md."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from types import ModuleType

from bench.suites import SUITES


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run partydesk benchmarks against a dedicated PostgreSQL database.",
    )
    parser.add_argument("suites", nargs="*", metavar="suite", help=f"any of {', '.join(SUITES)}")
    parser.add_argument("--quick", action="store_true", help="small scale, short budgets")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the data set")
    parser.add_argument("--budget", type=float, help="seconds of timing per case")
    parser.add_argument(
        "--max-minutes",
        type=float,
        help="start no new case after this long (default 18, quick 1.75), shared out between the "
        "suites; skipped cases fail",
    )
    write = parser.add_mutually_exclusive_group()
    write.add_argument("--write", action="store_true", help="record a --quick run in the docs")
    write.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--list", action="store_true", help="list the suites and stop")
    args = parser.parse_args(argv)
    unknown = [s for s in args.suites if s not in SUITES]
    if unknown:
        parser.error(f"unknown suite(s) {', '.join(unknown)}; known: {', '.join(SUITES)}")
    return args


def _setup(quick: bool) -> None:
    """Point Django at the bench database (created if missing) and migrate it."""
    from bench.database import database_url, ensure_database

    url = database_url(quick=quick)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault(
        "PARTYDESK_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
    )
    os.environ.setdefault("PARTYDESK_CACHE", "locmem")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created

    def _limits(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
        # A runaway plan must not keep `make bench` going for ever.
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '120s'")

    connection_created.connect(_limits)
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.list:
        print("\n".join(SUITES))
        return 0
    _setup(args.quick)

    from bench import report
    from bench.harness import NATIONAL, QUICK, Context, machine

    scale = QUICK if args.quick else NATIONAL
    budget = args.budget if args.budget is not None else (0.5 if args.quick else 12.0)
    write = args.write or not (args.quick or args.no_write)
    command = "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv)
    shared: dict[str, object] = {}
    host = machine()
    failed: list[str] = []
    started_all = time.perf_counter()
    minutes = args.max_minutes if args.max_minutes is not None else (1.75 if args.quick else 18)
    deadline = time.monotonic() + minutes * 60
    names = args.suites or SUITES
    for position, name in enumerate(names):
        # Each suite may use its share of the time left, so a slow one cannot starve the
        # rest; what a suite leaves unused goes to the ones after it.
        share = (deadline - time.monotonic()) / (len(names) - position)
        module: ModuleType = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {module.TITLE} ({scale.label} scale)", flush=True)
        ctx = Context(
            scale=scale,
            quick=args.quick,
            budget_seconds=budget,
            regenerate=args.regenerate,
            deadline=time.monotonic() + share,
            shared=shared,
            log=lambda line: print(line, flush=True),
        )
        started = time.perf_counter()
        results = module.run(ctx)
        seconds = time.perf_counter() - started
        body = report.section(
            suite=name,
            title=module.TITLE,
            results=results,
            facts=ctx.facts,
            scale=scale,
            machine=host,
            command=command.strip(),
            seconds=seconds,
        )
        print(body, flush=True)
        if write:
            report.write_section(name, body)
        failed += [f"{name}: {r.name}" for r in results if not r.ok]
    print(f"== done in {time.perf_counter() - started_all:.0f} s", flush=True)
    if failed:
        print("Missed targets:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
