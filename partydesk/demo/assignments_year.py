"""A year of the Bloc committee's work for the demo: every department and the first few
grassroots committees get a few assignments a month over the last twelve months, with a
realistic mix (mostly on time, some early, some late, a few overdue or still running),
quality marks on accepted work, and a share led by the demo specialist, so dashboards,
records and the year's evaluations look real. Written in bulk with its history rows
(ADR 0002: the seed audits once, in its summary)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.models import Assignment, AssignmentEvent, Priority, Quality, State
from partydesk.core.text import vn_sort_key
from partydesk.demo.catalog import DEPARTMENTS, GRASSROOTS_COMMITTEES
from partydesk.demo.context import DemoContext
from partydesk.organizations.models import Organization

TOPICS = [
    "Báo cáo kết quả công tác xây dựng Đảng tháng {m}",
    "Tổng hợp tình hình tư tưởng cán bộ, đảng viên tháng {m}",
    "Kiểm tra việc thực hiện quy chế làm việc, tháng {m}",
    "Rà soát hồ sơ đảng viên, đợt tháng {m}",
    "Tham mưu văn bản triển khai nghị quyết, tháng {m}",
    "Báo cáo công tác dân vận tháng {m}",
    "Sơ kết công tác kiểm tra, giám sát tháng {m}",
]
GRASSROOTS_SHOWN = 4
PER_UNIT_MONTH = 3


def _units(ctx: DemoContext) -> list[Organization]:
    codes = [code for code, *_rest in DEPARTMENTS]
    codes += [f"du-{code}" for code, *_rest in GRASSROOTS_COMMITTEES[:GRASSROOTS_SHOWN]]
    return [ctx.organizations[c] for c in codes if c in ctx.organizations]


def _outcome(ctx: DemoContext, deadline: dt.date) -> tuple[str, dt.date | None, str]:
    """The state, the day it was done and the quality mark, drawn with the demo's mix."""
    if deadline >= ctx.today:
        return (State.IN_PROGRESS if ctx.rng.random() < 0.6 else State.OPEN), None, ""
    draw = ctx.rng.random()
    if draw < 0.07:
        return State.IN_PROGRESS, None, ""  # overdue
    if draw < 0.09:
        return State.CANCELLED, None, ""
    if draw < 0.24:
        done = deadline + dt.timedelta(days=ctx.rng.randint(1, 12))  # late
    else:
        done = deadline - dt.timedelta(days=ctx.rng.randint(0, 4))  # early or on the day
    done = min(done, ctx.today)
    mark = ctx.rng.choices([Quality.EXCEEDED, Quality.MET, Quality.BELOW], [20, 72, 8])[0]
    return State.DONE, done, mark


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15, 0)))


def seed_year(ctx: DemoContext, secretary: User, specialist: User | None) -> int:
    """Bulk-write the year; returns how many assignments it made."""
    assert ctx.root is not None
    rows: list[Assignment] = []
    for unit in _units(ctx):
        for back in range(12, -1, -1):
            index = ctx.today.year * 12 + ctx.today.month - 1 - back
            month_first = dt.date(index // 12, index % 12 + 1, 1)
            for n in range(ctx.scaled(PER_UNIT_MONTH)):
                deadline = month_first + dt.timedelta(days=ctx.rng.randint(5, 27))
                start = deadline - dt.timedelta(days=ctx.rng.randint(5, 25))
                state, done, mark = _outcome(ctx, deadline)
                lead_user = specialist if unit.code == "duk-btc" and n == 0 and back % 3 else None
                title = TOPICS[(back + n + len(rows)) % len(TOPICS)].format(
                    m=f"{month_first:%m/%Y}"
                )
                rows.append(
                    Assignment(
                        organization=ctx.root,
                        title=title,
                        title_sort_key=vn_sort_key(title),
                        assigner=secretary,
                        lead_unit=None if lead_user else unit,
                        lead_user=lead_user,
                        start_date=start,
                        deadline=deadline,
                        priority=ctx.rng.choice(list(Priority.values)),
                        state=state,
                        progress=100 if done else ctx.rng.choice([0, 20, 50, 80]),
                        report="Đã hoàn thành, có báo cáo kèm theo." if done else "",
                        completed_at=_moment(done) if done else None,
                        quality=mark,
                        accepted_at=_moment(done) if done else None,
                    )
                )
    made = Assignment.objects.bulk_create(rows, batch_size=500)
    events = [
        AssignmentEvent(assignment=a, action="created", actor=secretary, at=_moment(a.start_date))
        for a in made
    ]
    for a in made:
        if a.completed_at is not None:
            events.append(
                AssignmentEvent(assignment=a, action="completed", actor=None, at=a.completed_at)
            )
            events.append(
                AssignmentEvent(
                    assignment=a,
                    action="accepted",
                    actor=secretary,
                    at=a.completed_at,
                    details={"quality": a.quality},
                )
            )
    AssignmentEvent.objects.bulk_create(events, batch_size=1000)
    return len(made)
