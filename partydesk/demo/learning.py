"""Demo step: the Bloc committee's question bank starts with questions on the Party Charter
and Party history (GIFT, imported through the bank's own import service); the two official
courses (from learning's data) with a few hundred questions in their topics and a past
class of each with attendance, results and certificates (`learning_bank`); a class of the
candidates' course with the demo logins, and an exam open now that three of them have
already taken (one essay waits for the marker) and `dangvien` can sit."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.core.http import SYSTEM
from partydesk.demo.context import DemoContext
from partydesk.demo.learning_bank import past_class, seed_bank
from partydesk.learning.models import Course
from partydesk.learning.selectors.bank import categories_for
from partydesk.learning.selectors.exams import attempt_questions
from partydesk.learning.services.bank_import import bank_import
from partydesk.learning.services.courses import class_create, class_enrol
from partydesk.learning.services.exams import (
    answer_save,
    attempt_start,
    attempt_submit,
    exam_create,
)
from partydesk.learning.services.official import official_courses_add

LEARNERS = ("dangvien", "vanthu", "chuyenvien", "bithu", "admin")
TAKERS = ("vanthu", "bithu", "admin")

QUESTIONS = r"""// Câu hỏi mẫu của bản demo: Điều lệ Đảng và lịch sử Đảng
$CATEGORY: $course$/top/Điều lệ Đảng/Đảng viên

::Tuổi vào Đảng::Người được xem xét kết nạp vào Đảng phải đủ bao nhiêu tuổi (tính theo tháng)? {
  =18 tuổi
  ~16 tuổi
  ~20 tuổi
  ~21 tuổi
}

::Thời gian dự bị::Thời gian dự bị của đảng viên là bao lâu? {
  =12 tháng#Đúng: mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp.
  ~6 tháng
  ~18 tháng
  ~24 tháng
}

::Người giới thiệu::Người vào Đảng phải được mấy đảng viên chính thức giới thiệu? {
  =Hai đảng viên chính thức
  ~Một đảng viên chính thức
  ~Ba đảng viên chính thức
  ~Không cần người giới thiệu
}

::Quyền của đảng viên dự bị::Đảng viên dự bị có quyền biểu quyết, ứng cử và bầu cử
cơ quan lãnh đạo của Đảng. {F#Đảng viên dự bị có các quyền như đảng viên chính thức,
trừ quyền biểu quyết, ứng cử và bầu cử cơ quan lãnh đạo của Đảng.}

::Hình thức kỷ luật::Chọn các hình thức kỷ luật đối với đảng viên chính thức. {
  ~%25%Khiển trách
  ~%25%Cảnh cáo
  ~%25%Cách chức
  ~%25%Khai trừ
  ~%-100%Buộc thôi việc#Đây là hình thức kỷ luật công chức, không phải kỷ luật đảng.
}

$CATEGORY: $course$/top/Điều lệ Đảng/Tổ chức

::Nguyên tắc tổ chức::Nguyên tắc tổ chức cơ bản của Đảng là gì? {
  =Tập trung dân chủ
  ~Tự phê bình và phê bình
  ~Đoàn kết thống nhất
  ~Gắn bó mật thiết với nhân dân
}

::Sinh hoạt chi bộ::Chi bộ sinh hoạt thường kỳ bao lâu một lần? {
  =Mỗi tháng một lần
  ~Mỗi quý một lần
  ~Mỗi năm hai lần
  ~Khi cấp ủy cấp trên triệu tập
}

::Cơ quan lãnh đạo cao nhất::Cơ quan lãnh đạo cao nhất của Đảng là gì? {
  =Đại hội đại biểu toàn quốc
  ~Ban Chấp hành Trung ương
  ~Bộ Chính trị
  ~Ban Bí thư
}

$CATEGORY: $course$/top/Lịch sử Đảng

::Ngày thành lập Đảng::Đảng Cộng sản Việt Nam được thành lập ngày nào? {
  =03/02/1930
  ~19/5/1930
  ~02/9/1945
  ~19/12/1946
}

::Năm thành lập Đảng::Đảng Cộng sản Việt Nam ra đời năm nào? {=1930}

::Nền tảng tư tưởng::Đảng lấy gì làm nền tảng tư tưởng, kim chỉ nam cho hành động? {
  =Chủ nghĩa Mác - Lê-nin và tư tưởng Hồ Chí Minh
  ~Chủ nghĩa Mác - Lê-nin
  ~Tư tưởng Hồ Chí Minh
  ~Cương lĩnh chính trị của Đảng
}

::Cảm nghĩ::Nêu những việc đồng chí sẽ làm để học tập và làm theo tư tưởng, đạo đức,
phong cách Hồ Chí Minh trong năm tới. {}
"""


def seed(ctx: DemoContext) -> None:
    """Import the sample questions into the Bloc committee's bank."""
    if ctx.root is None:
        return
    result = bank_import(
        actor=SYSTEM, organization=ctx.root, data=QUESTIONS.encode("utf-8"), fmt="gift"
    )
    ctx.count("bank questions", result.created)
    official = official_courses_add(actor=SYSTEM, organization=ctx.root)
    tops = seed_bank(ctx, official)
    for n, course in enumerate(sorted(official, key=lambda c: c.audience)):
        past_class(ctx, course, tops[course.pk], ago=120 - 60 * n, n=n)
    others = {tops[c.pk].pk for c in official if c.audience != "candidates"}
    _course_and_exam(ctx, official, others)


def _course_and_exam(ctx: DemoContext, official: list[Course], others: set[int]) -> None:
    """A candidates' course, a class of the demo logins, an exam with three attempts."""
    assert ctx.root is not None
    course = next(c for c in official if c.audience == "candidates")
    start = ctx.today - dt.timedelta(days=4)
    course_class = class_create(
        actor=SYSTEM,
        organization=ctx.root,
        course=course,
        name=f"Lớp bồi dưỡng nhận thức về Đảng khóa {ctx.today:%m/%Y}",
        starts_on=start,
        ends_on=start + dt.timedelta(days=4),
        place="Hội trường Đảng ủy Khối",
    )
    users = [ctx.users[name] for name in LEARNERS if name in ctx.users]
    people = [u.person_id for u in users if u.person_id is not None]
    class_enrol(actor=SYSTEM, course_class=course_class, person_ids=people)
    top = [c for c in categories_for(ctx.root) if c.parent_id is None and c.pk not in others]
    now = timezone.now()
    exam = exam_create(
        actor=SYSTEM,
        organization=ctx.root,
        course_class=course_class,
        title="Kiểm tra cuối khóa bồi dưỡng nhận thức về Đảng",
        categories=top,
        question_count=8,
        time_limit_minutes=20,
        opens_at=now - dt.timedelta(hours=2),
        closes_at=now + dt.timedelta(days=7),
        attempts_allowed=2,
    )
    for user in users:
        if user.get_username() not in TAKERS:
            continue
        actor = actor_for(user)
        attempt = attempt_start(actor=actor, exam=exam)
        for question in attempt_questions(attempt):
            if question.version.kind in ("short", "essay"):
                answer_save(actor=actor, attempt=attempt, slot=question.slot, text="1930")
            elif question.options:
                pick = ctx.rng.choice(question.options).position
                answer_save(actor=actor, attempt=attempt, slot=question.slot, chosen=[pick])
        attempt_submit(actor=actor, attempt=attempt)
        ctx.count("exam attempts", 1)
    ctx.count("courses", len(official))
