"""Demo assignments: a handful of work given by the Bloc committee to its departments and a
grassroots committee, one broken down for a specialist, one done and accepted by the head as
exceeding requirements, one overdue (small seed cost: a dozen service calls); then a year of
work in bulk (assignments_year)."""

from __future__ import annotations

import datetime as dt

from partydesk.accounts.selectors import actor_for
from partydesk.assignments.models import Assignment, Priority, Quality
from partydesk.assignments.services.assignments import (
    Spec,
    assignment_complete,
    assignment_create,
)
from partydesk.assignments.services.review import assignment_accept
from partydesk.demo.assignments_year import seed_year
from partydesk.demo.context import DemoContext

WORK = [
    # (title, lead unit code, days from today to the deadline, priority)
    ("Tổng hợp báo cáo sơ kết 6 tháng công tác xây dựng Đảng", "duk-vp", 12, Priority.HIGH),
    ("Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025-2030", "duk-btc", 25, Priority.NORMAL),
    ("Tuyên truyền kỷ niệm ngày thành lập Đảng", "duk-btgdv", 8, Priority.NORMAL),
    ("Kiểm tra việc thu, nộp đảng phí năm 2026", "duk-ubkt", -3, Priority.URGENT),
    ("Báo cáo kết quả kết nạp đảng viên mới quý IV", "du-syt", 15, Priority.NORMAL),
]


def seed(ctx: DemoContext) -> None:
    """Give the demo's own work (the documents step made those of incoming documents)."""
    secretary = ctx.users.get("bithu")
    if ctx.root is None or secretary is None:
        return
    boss = actor_for(secretary)
    made: list[Assignment] = []
    for title, code, days, priority in WORK:
        unit = ctx.organizations.get(code)
        if unit is None:
            continue
        start = ctx.today - dt.timedelta(days=20)
        made.append(
            assignment_create(
                actor=boss,
                organization=ctx.root,
                spec=Spec(
                    title=title,
                    lead_unit=unit,
                    start_date=start,
                    deadline=ctx.today + dt.timedelta(days=days),
                    priority=priority,
                    expected_products="Báo cáo bằng văn bản",
                ),
            )
        )
    head, specialist = ctx.users.get("truongban"), ctx.users.get("chuyenvien")
    planning = next((a for a in made if a.lead_unit and a.lead_unit.code == "duk-btc"), None)
    if head is not None and specialist is not None and planning is not None:
        part = assignment_create(
            actor=actor_for(head),
            organization=ctx.root,
            parent=planning,
            spec=Spec(
                title="Lập danh sách cán bộ trong diện quy hoạch",
                lead_user=specialist,
                start_date=planning.start_date,
                deadline=planning.deadline,
            ),
        )
        assignment_complete(
            actor=actor_for(specialist), assignment=part, report="Đã gửi danh sách cho Ban."
        )
        assignment_accept(
            actor=actor_for(head),
            assignment=part,
            quality=Quality.EXCEEDED,
            note="Danh sách đầy đủ, có nhận xét từng đồng chí.",
        )
        made.append(part)
    ctx.count("assignments", len(made))
    ctx.count("assignments over the last year", seed_year(ctx, secretary, specialist))
