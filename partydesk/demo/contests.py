"""Demo step: the Bloc committee's contests. A finished online contest on the Law on
Anti-Corruption (three weekly rounds, several thousand registrations across the Bloc's
grassroots organizations and two companies of an industrial park, ranked with prizes and
collective scores), and a contest open now that a visitor can register for and take.

The questions are imported through the bank's own service; the contest, its units and
rounds through contests' services; the finished rounds are ranked by the ranking service.
The registrations and attempts of the past are written in bulk (ADR 0002): results only,
no saved answers, with times and predictions drawn from `ctx.rng`."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from partydesk.contests.models import Attempt, Contest, Registration, Round, Unit
from partydesk.contests.services.setup import contest_create, round_create, unit_add
from partydesk.contests.services.standings import standings_write
from partydesk.core.http import SYSTEM
from partydesk.demo.context import DemoContext
from partydesk.demo.names import full_name
from partydesk.learning.selectors.bank import categories_for
from partydesk.learning.services.bank_import import bank_import
from partydesk.organizations.models import Organization

CATEGORY = "Luật Phòng, chống tham nhũng"
QUESTIONS = r"""$CATEGORY: Luật Phòng, chống tham nhũng

::Ngày thông qua::Luật Phòng, chống tham nhũng hiện hành được Quốc hội khóa XIV thông qua
ngày nào? {
  =20/11/2018
  ~29/11/2005
  ~01/7/2019
  ~23/11/2012
}

::Ngày hiệu lực::Luật Phòng, chống tham nhũng năm 2018 có hiệu lực thi hành từ ngày nào? {
  =01/7/2019
  ~01/01/2019
  ~20/11/2018
  ~01/7/2020
}

::Số hiệu::Số hiệu của Luật Phòng, chống tham nhũng năm 2018 là gì? {
  =36/2018/QH14
  ~55/2005/QH11
  ~27/2012/QH13
  ~59/2020/QH14
}

::Bố cục::Luật Phòng, chống tham nhũng năm 2018 gồm bao nhiêu chương, bao nhiêu điều? {
  =10 chương, 96 điều
  ~8 chương, 92 điều
  ~9 chương, 96 điều
  ~10 chương, 100 điều
}

::Cơ quan ban hành::Cơ quan nào ban hành Luật Phòng, chống tham nhũng? {
  =Quốc hội
  ~Chính phủ
  ~Ủy ban Thường vụ Quốc hội
  ~Thanh tra Chính phủ
}

::Khái niệm tham nhũng::Theo Luật, tham nhũng là hành vi của người có chức vụ, quyền hạn đã lợi
dụng chức vụ, quyền hạn đó vì vụ lợi. {T}

::Khu vực ngoài nhà nước::Luật Phòng, chống tham nhũng năm 2018 có quy định về phòng, chống
tham nhũng trong doanh nghiệp, tổ chức khu vực ngoài nhà nước. {T}

::Ngày Quốc tế::Ngày Quốc tế chống tham nhũng là ngày nào? {
  =9 tháng 12
  ~3 tháng 2
  ~1 tháng 5
  ~10 tháng 10
}

::UNCAC::Việt Nam phê chuẩn Công ước của Liên hợp quốc về chống tham nhũng năm nào? {
  =2009
  ~2003
  ~2005
  ~2012
}

::Trưởng Ban Chỉ đạo::Ai là Trưởng Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực? {
  =Tổng Bí thư
  ~Chủ tịch nước
  ~Thủ tướng Chính phủ
  ~Chủ tịch Quốc hội
}
"""
RULES = (
    "<p>Cuộc thi dành cho cán bộ, đảng viên, đoàn viên và người lao động trong các cơ quan, "
    "doanh nghiệp thuộc Đảng bộ Khối, từ đủ 16 tuổi trở lên.</p>"
    "<ul><li>Mỗi tuần một đợt thi; mỗi đợt 8 câu hỏi trắc nghiệm trong 20 phút.</li>"
    "<li>Mỗi người được thi tối đa 3 lượt mỗi đợt; lượt có kết quả cao nhất được tính.</li>"
    "<li>Xếp giải theo số câu đúng, rồi câu hỏi dự đoán số người trả lời đúng tất cả các "
    "câu, rồi thời gian làm bài, rồi thời điểm nộp bài.</li>"
    "<li>Mỗi người chỉ nhận một giải cao nhất; giải tập thể tính theo tỷ lệ tham gia và "
    "giải cá nhân của đơn vị.</li></ul>"
)
PARK_UNITS = (
    ("Công ty TNHH May mặc Bắc Vinh (KCN Bắc Vinh)", 860),
    ("Công ty CP Chế biến Nông sản Nam Cấm (KKT Đông Nam)", 540),
)
REGISTRATIONS = 3600
QUESTIONS_PER_ROUND = 8


def seed(ctx: DemoContext) -> None:
    root = ctx.root
    assert root is not None
    bank_import(actor=SYSTEM, organization=root, data=QUESTIONS.encode("utf-8"), fmt="gift")
    category = next(c for c in categories_for(root) if c.name == CATEGORY)
    finished = _contest(root, "Cuộc thi trực tuyến tìm hiểu Luật Phòng, chống tham nhũng")
    now = timezone.now()
    start = now - dt.timedelta(days=35)
    rounds = [
        _round(finished, category.pk, start + dt.timedelta(weeks=n), dt.timedelta(weeks=1))
        for n in range(3)
    ]
    people = _registrations(ctx, finished)
    attempts = sum(_attempts(ctx, round_, people) for round_ in rounds)
    for round_ in rounds:
        standings_write(round_, final=True, now=round_.closes_at)
    _open_contest(root_category=category.pk, ctx=ctx, now=now)
    ctx.count("contest registrations", len(people))
    ctx.count("contest attempts", attempts)


def unit_picks(
    rng: random.Random, eligible: Sequence[int], keen: Sequence[float], count: int
) -> list[int]:
    """The unit (an index) of each of `count` people, drawn by the unit's size times its
    keenness, never more people in a unit than it has eligible: a unit shows at most 100 %
    participation (a unit full is left out of later draws; fewer people when all are full)."""
    room = list(eligible)
    weights = [max(0, n) * k for n, k in zip(room, keen, strict=True)]
    picks: list[int] = []
    for _ in range(min(count, sum(max(0, n) for n in room))):
        (index,) = rng.choices(range(len(room)), weights=weights, k=1)
        picks.append(index)
        room[index] -= 1
        if room[index] == 0:
            weights[index] = 0
    return picks


def _registrations(ctx: DemoContext, contest: Contest) -> list[Registration]:
    """People spread over the units by their size, each unit within its eligible people; a
    few units hardly take part."""
    units = list(Unit.objects.filter(contest=contest).order_by("pk"))
    keen = [ctx.rng.choice((0.2, 1.0, 1.0, 1.5)) for _ in units]
    picks = unit_picks(
        ctx.rng, [u.eligible for u in units], keen, ctx.scaled(REGISTRATIONS, minimum=60)
    )
    today = ctx.today
    rows = []
    for n, index in enumerate(picks):
        born = today - dt.timedelta(days=365 * ctx.rng.randint(18, 60) + ctx.rng.randint(0, 364))
        rows.append(
            Registration(
                contest=contest,
                unit=units[index],
                full_name=full_name(ctx.rng, female=ctx.rng.random() < 0.48),
                id_number=f"040{ctx.rng.randint(0, 1)}{born.year % 100:02d}{n:06d}",
                phone=f"09{ctx.rng.randint(10_000_000, 99_999_999)}",
                born_on=born,
            )
        )
    return Registration.objects.bulk_create(rows, batch_size=1000)


def _attempts(ctx: DemoContext, round_: Round, people: Sequence[Registration]) -> int:
    """Each person takes part in a round with some chance, up to three attempts, scoring
    better as they learn; a few predict the number of perfect scores well."""
    rows = []
    length = (round_.closes_at - round_.opens_at).total_seconds()
    for person in people:
        if ctx.rng.random() > 0.72:
            continue
        skill = ctx.rng.betavariate(5, 2)
        guess = ctx.rng.randint(50, 1500)
        for number in range(1, ctx.rng.choice((1, 1, 2, 3)) + 1):
            started = round_.opens_at + dt.timedelta(seconds=ctx.rng.uniform(0, length - 3600))
            seconds = ctx.rng.randint(95, 20 * 60)
            submitted = started + dt.timedelta(seconds=seconds)
            score = sum(ctx.rng.random() < skill for _ in range(QUESTIONS_PER_ROUND))
            rows.append(
                Attempt(
                    round=round_,
                    registration=person,
                    number=number,
                    started_at=started,
                    deadline=started + dt.timedelta(minutes=20),
                    submitted_at=submitted,
                    score=score,
                    prediction=max(0, guess + ctx.rng.randint(-40, 40) * number),
                    seconds=seconds,
                    submitted_us=int(submitted.timestamp() * 1_000_000),
                )
            )
    Attempt.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _contest(organizer: Organization, title: str) -> Contest:
    """A published contest of the organizer's units and the two park companies."""
    contest = contest_create(
        actor=SYSTEM, organization=organizer, title=title, rules=RULES, published=True
    )
    for name, eligible in PARK_UNITS:
        unit_add(actor=SYSTEM, contest=contest, name=name, eligible=eligible)
    return contest


def _round(contest: Contest, category: int, opens: dt.datetime, length: dt.timedelta) -> Round:
    return round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=opens,
        closes_at=opens + length,
        category_ids=[category],
        question_count=QUESTIONS_PER_ROUND,
        time_limit_minutes=20,
        attempts_allowed=3,
    )


def _open_contest(*, root_category: int, ctx: DemoContext, now: dt.datetime) -> None:
    """A contest open now: what a visitor registers for and takes part in."""
    assert ctx.root is not None
    contest = _contest(
        ctx.root, "Tìm hiểu Luật Phòng, chống tham nhũng: vòng mở rộng cho người lao động"
    )
    _round(contest, root_category, now - dt.timedelta(days=1), dt.timedelta(days=7))
