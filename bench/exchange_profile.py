"""Per-stage profile of one delivery between two installations (issue 9, ADR 0020): the
exchange_loopback suite run with `PARTYDESK_BENCH_EXCHANGE_PROFILE=<directory>` (never with
`--write`: the profiler slows what it measures).

A's side: every timed `outbox_deliver_message` runs under cProfile (`a.txt`). B's side: A
builds and signs a few more packages without sending them (`package-N.edxml` and `.sig`),
then B's shell POSTs each to its inbox view in-process under cProfile (`b.txt`). Each side
prints its stages: the cumulative time of the functions that make them, per package.
"""

from __future__ import annotations

import base64
import cProfile
import json
import os
import pstats
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENV = "PARTYDESK_BENCH_EXCHANGE_PROFILE"

# (stage, function's file suffix, function name): cumulative time of that function.
STAGES_A = [
    ("load the package row, document, peer", "services/send.py", "package_send"),
    ("build the edXML (documents' files, lxml, base64)", "services/export.py", "package_of"),
    ("write + schema-check the edXML", "edxml/write.py", "package_write"),
    ("schema check (inside the write)", "edxml/schema.py", "schema_problems"),
    ("sign with the seal (detached CMS)", "services/detached.py", "organization_seal_detached"),
    ("keep the package (file store)", "core/services/files.py", "file_store"),
    ("HTTP POST to B and B's answer", "services/send.py", "post_signed"),
    ("record the transfer (UPDATE)", "services/send.py", "_record"),
    ("audit event", "services/send.py", "_audit"),
    ("the whole delivery", "core/services/outbox.py", "outbox_deliver_message"),
]
STAGES_B = [
    ("throttle", "accounts/services/throttle.py", "throttle_hit"),
    ("parse + DTD + schema (message_read)", "edxml/status.py", "message_read"),
    ("schema validation (every call)", "edxml/schema.py", "schema_problems"),
    ("CMS signature + chain to the peer's CA", "services/peers.py", "package_signature_verify"),
    ("upload checks (package_check)", "services/receive.py", "package_check"),
    ("  of which the PDF's pages and text", "documents/services/files.py", "pdf_read"),
    ("  of which a second parse + schema", "edxml/read.py", "package_read"),
    ("store, DeliveredPackage, audit, 01 (_keep)", "services/inbox.py", "_keep"),
    ("  of which the file store", "core/services/files.py", "file_store"),
    ("  of which the audit event", "core/audit.py", "audit_log"),
    ("  of which the 01 message", "services/remote_statuses.py", "status_queue"),
    ("the whole view", "views/inbox.py", "package_inbox"),
]


def profiled(function: Callable[..., Any], profile: cProfile.Profile) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        profile.enable()
        try:
            return function(*args, **kwargs)
        finally:
            profile.disable()

    return run


def stages(
    profile: cProfile.Profile, table: list[tuple[str, str, str]], count: int, out: Path
) -> None:
    """Write each stage's cumulative milliseconds per package to `out` (a table, then the
    profile's top functions)."""
    stats = pstats.Stats(profile)
    found: dict[str, float] = {}
    for (filename, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        for stage, suffix, function in table:
            if name == function and filename.endswith(suffix):
                found[stage] = found.get(stage, 0.0) + row[3]
    rows = [(stage, round(found.get(stage, 0.0) * 1000 / count, 1)) for stage, _s, _f in table]
    with out.open("w") as stream:
        for stage, ms in rows:
            stream.write(f"  {ms:8.1f} ms  {stage}\n")
        stats.stream = stream  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(60)


def side_a_packages(count: int, directory: str) -> None:
    """In A's shell: release `count` more resolutions (POSTs held back), then build and sign
    each package as the outbox handler would, and keep its bytes and signature for B."""
    from bench.exchange_loopback import releases_held
    from partydesk.core.models import OutboxMessage
    from partydesk.core.services.files import file_read
    from partydesk.exchange.models import OutgoingPackage
    from partydesk.exchange.services.send import REMOTE_DELIVERY, _prepare

    seen = set(OutboxMessage.objects.filter(kind=REMOTE_DELIVERY).values_list("pk", flat=True))
    releases_held(count, "về hồ sơ điện tử")
    fresh = OutboxMessage.objects.filter(kind=REMOTE_DELIVERY).exclude(pk__in=seen)
    for n, message in enumerate(fresh.order_by("pk")):
        package = OutgoingPackage.objects.select_related(
            "document__organization", "organization"
        ).get(document_id=message.payload["document"], business_type=0)
        _prepare(package)
        assert package.package is not None and package.signature is not None
        Path(directory, f"package-{n}.edxml").write_bytes(file_read(package.package))
        Path(directory, f"package-{n}.sig").write_bytes(bytes(package.signature))
    print(json.dumps({"prepared": count}))


def side_b_profile(directory: str) -> None:
    """In B's shell: POST each kept package to the inbox view in-process, profiled."""
    from django.test import RequestFactory

    from partydesk.exchange.views.inbox import package_inbox

    factory = RequestFactory()
    profile = cProfile.Profile()
    view = profiled(package_inbox, profile)
    bodies = sorted(Path(directory).glob("package-*.edxml"))
    for body in bodies:
        request = factory.post(
            "/exchange/inbox/",
            data=body.read_bytes(),
            content_type="application/xml",
            HTTP_X_EDXML_SIGNATURE=base64.b64encode(body.with_suffix(".sig").read_bytes()),
        )
        response = view(request)
        if response.status_code != 202:
            raise RuntimeError(f"B's inbox answered {response.status_code}: {response.content!r}")
    stages(profile, STAGES_B, len(bodies), Path(directory, "b.txt"))


def directory() -> str | None:
    return os.environ.get(ENV) or None


STAGES_FANOUT = [
    ("the whole message (every batch, its statuses after each commit)", "core/services/outbox.py",
     "outbox_deliver_message"),
    ("the file's signature check, once", "incoming/deliver.py", "released_for_delivery"),
    ("batches: lock recipients, register, mark delivered", "incoming/deliver_bulk.py",
     "batch_deliver"),
    ("  arrival numbers (number_allocate_each)", "services/numbering.py", "number_allocate_each"),
    ("  clerks and assigners (users_with_each)", "accounts/selectors/__init__.py",
     "users_with_each"),
    ("  building the arrivals", "incoming/deliver.py", "arrival_document"),
    ("  every bulk_create (notifications; before: arrivals, versions, history, statuses)",
     "models/query.py", "bulk_create"),
    ("  every rows_insert (arrivals, versions, history, statuses)", "core/rows.py",
     "rows_insert"),
    ("  audit events (audit_log_many, arrivals and statuses)", "audit/log.py", "audit_log_many"),
    ("  notices built", "incoming/deliver_bulk.py", "_notices"),
    ("  notifications written", "services/notifications.py", "notify_many"),
    ("  recipients marked delivered", "incoming/deliver_bulk.py", "_recipients_delivered"),
    ("01 and 03 recorded (statuses_deliver_local)", "services/statuses.py",
     "statuses_deliver_local"),
    ("audit sealing after the commits (in-process task queue)", "audit/seal.py", "audit_seal"),
]  # fmt: skip


def fanout(size: int, out: str) -> None:
    """Profile one bulk delivery to `size` organizations (the exchange_fanout suite's group
    and released document) after a warm-up one; stages written to `out`."""
    import time

    from bench import exchange_fanout

    root, recipients = exchange_fanout._ensure_group(size)
    for n in range(2):
        source = exchange_fanout._released(root, recipients, f"profile-{time.time_ns()}")
        profile = cProfile.Profile()
        run = profiled(exchange_fanout._deliver, profile) if n else exchange_fanout._deliver
        started = time.perf_counter()
        run(source, len(recipients))
        print(f"delivery {n}: {(time.perf_counter() - started) * 1000:.0f} ms")
    stages(profile, STAGES_FANOUT, 1, Path(out))


if __name__ == "__main__":
    import sys

    from bench.__main__ import _setup

    _setup(quick=True)
    fanout(int(sys.argv[1]), sys.argv[2])
