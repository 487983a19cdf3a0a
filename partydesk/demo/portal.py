"""Demo step: the committee's portal has sections, news with pictures drawn here (Pillow, no
download), guidelines, an event and a contact page, so /portal/ shows a realistic site."""

from __future__ import annotations

import datetime as dt
import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.rich_text import RichText

from partydesk.demo.context import DemoContext
from partydesk.portal.models import (
    ContactPage,
    EventPage,
    MaterialKind,
    MaterialPage,
    NewsPage,
    SectionPage,
)
from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync
from partydesk.portal.services.site import portal_site_ensure

SECTIONS = [
    ("tin-tuc", "Tin tức – Sự kiện", "Hoạt động của Đảng bộ Khối và các tổ chức cơ sở đảng."),
    ("huong-dan", "Hướng dẫn – Tuyên truyền", "Tài liệu hướng dẫn, đề cương tuyên truyền."),
    ("co-so", "Tổ chức cơ sở đảng", "Trang của các chi bộ, đảng bộ cơ sở."),
]

HEADLINES = [
    ("Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ {n}", "Hội nghị"),
    ("Quán triệt Nghị quyết của Trung ương tại {n} chi bộ trực thuộc", "Học tập nghị quyết"),
    ("Trao Huy hiệu Đảng đợt {n} cho đảng viên lão thành", "Công tác đảng viên"),
    ("Kiểm tra, giám sát việc thực hiện Quy định số {n}-QĐ/TW", "Kiểm tra, giám sát"),
    ("Kết nạp {n} đảng viên mới trong quý", "Phát triển đảng viên"),
    ("Tuổi trẻ Khối tham gia hiến máu tình nguyện lần thứ {n}", "Đoàn thể"),
    ("Tổng kết công tác tuyên giáo năm, triển khai {n} nhiệm vụ trọng tâm", "Tuyên giáo"),
    ("Chuyển đổi số trong công tác văn phòng cấp ủy: {n} kết quả bước đầu", "Chuyển đổi số"),
]

PALETTES = [
    ((165, 14, 14), (255, 212, 0)),
    ((11, 79, 156), (240, 240, 240)),
    ((20, 110, 70), (255, 230, 150)),
]


def picture(rng: random.Random, title: str) -> Image:
    """A 960x540 JPEG: a banded background and a star, drawn locally."""
    back, front = rng.choice(PALETTES)
    canvas = PILImage.new("RGB", (960, 540), back)
    draw = ImageDraw.Draw(canvas)
    for band in range(6):
        shade = tuple(max(0, c - band * 12) for c in back)
        draw.rectangle((0, band * 90, 960, band * 90 + 90), fill=shade)  # type: ignore[arg-type]
    cx, cy, r = rng.randint(200, 760), rng.randint(170, 370), rng.randint(60, 120)
    points = []
    for i in range(10):
        angle = math.pi / 2 + i * math.pi / 5
        radius = r if i % 2 == 0 else r * 0.4
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=front)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=80)
    image = Image(title=title, description=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{rng.randrange(10**8)}.jpg")
    image.save()
    return image


def _publish(parent: Page, page: Page, when: dt.datetime) -> None:
    page.first_published_at = when
    page.last_published_at = when
    parent.add_child(instance=page)


def seed(ctx: DemoContext) -> None:
    home = portal_site_ensure()
    if not SectionPage.objects.exists():
        _pages(ctx, home)
    # Editorial desks from the role grants: chuyenvien (specialist of the Bloc) writes and
    # submits anywhere, truongban (department head) approves and publishes; the health
    # department's committee has its own corner and desk.
    desks = portal_desks_ensure()
    portal_desks_sync()
    ctx.count("portal editorial desks", len(desks))


def _pages(ctx: DemoContext, home: Page) -> None:
    tz = dt.timezone(dt.timedelta(hours=7))
    noon = dt.time(9, 0, tzinfo=tz)
    sections: dict[str, SectionPage] = {}
    for slug, title, intro in SECTIONS:
        section = SectionPage(title=title, slug=slug, intro=f"<p>{intro}</p>", show_in_menus=True)
        home.add_child(instance=section)
        sections[slug] = section
    news = sections["tin-tuc"]
    count = ctx.scaled(24, minimum=8)
    for i in range(count):
        template, category = HEADLINES[i % len(HEADLINES)]
        day = ctx.today - dt.timedelta(days=int(i * 365 / count))
        title = template.format(n=i + 2)
        body = [
            (
                "text",
                RichText(
                    "<p>Sáng nay, Đảng ủy Khối đã tổ chức hoạt động với sự tham dự của đại diện "
                    "các cấp ủy trực thuộc. Các đại biểu đã thảo luận, thống nhất nhiều giải pháp "
                    "thiết thực.</p><h2>Nội dung chính</h2><ul><li>Đánh giá kết quả thực hiện "
                    "nhiệm vụ</li><li>Đề ra phương hướng thời gian tới</li></ul>"
                ),
            ),
            ("quote", {"text": "Đảng ta là đạo đức, là văn minh.", "attribution": "Hồ Chí Minh"}),
        ]
        page = NewsPage(
            title=title,
            slug=f"tin-{i + 1}",
            date=day,
            lead=f"{title}: các cấp ủy thống nhất triển khai nhiệm vụ trọng tâm với tinh thần "
            "đổi mới, sáng tạo, hiệu quả.",
            author="Ban Tuyên giáo",
            category=category,
            image=picture(ctx.rng, title),
            body=body,
        )
        _publish(news, page, dt.datetime.combine(day, noon))
    guides = sections["huong-dan"]
    materials = [
        ("Đề cương tuyên truyền kỷ niệm ngày thành lập Đảng", MaterialKind.PROPAGANDA),
        ("Hướng dẫn học tập, quán triệt nghị quyết", MaterialKind.GUIDELINE),
        ("Infographic: kết quả phát triển đảng viên", MaterialKind.INFOGRAPHIC),
    ]
    for i, (title, kind) in enumerate(materials):
        day = ctx.today - dt.timedelta(days=30 * (i + 1))
        page = MaterialPage(
            title=title,
            slug=f"tai-lieu-{i + 1}",
            kind=kind,
            date=day,
            lead="Tài liệu phục vụ sinh hoạt chi bộ và công tác tuyên truyền.",
            image=picture(ctx.rng, title) if kind == MaterialKind.INFOGRAPHIC else None,
            body=[("text", RichText("<p>Các chi bộ tổ chức nghiên cứu, thảo luận.</p>"))],
        )
        _publish(guides, page, dt.datetime.combine(day, noon))
    event_day = ctx.today + dt.timedelta(days=14)
    _publish(
        news,
        EventPage(
            title="Hội nghị sơ kết công tác xây dựng Đảng",
            slug="hoi-nghi-so-ket",
            starts_at=dt.datetime.combine(event_day, dt.time(8, 0, tzinfo=tz)),
            ends_at=dt.datetime.combine(event_day, dt.time(11, 30, tzinfo=tz)),
            location="Hội trường Đảng ủy Khối",
            lead="Sơ kết, đánh giá kết quả và đề ra nhiệm vụ trọng tâm.",
        ),
        dt.datetime.combine(ctx.today, noon),
    )
    home.add_child(
        instance=ContactPage(
            title="Liên hệ",
            slug="lien-he",
            show_in_menus=False,
            address="Số 1 đường Hùng Vương, Hà Nội",
            phone="024 3823 0000",
            email="vanphong@dangbo.example.vn",
            body="<p>Văn phòng tiếp nhận ý kiến trong giờ hành chính.</p>",
        )
    )
    grassroots = ctx.organizations.get("du-syt")
    if grassroots is not None:
        corner = SectionPage(
            title=grassroots.name,
            slug="dang-bo-so-y-te",
            intro="<p>Tin hoạt động do Đảng bộ cơ sở tự biên tập.</p>",
            organization=grassroots,
        )
        sections["co-so"].add_child(instance=corner)
        _publish(
            corner,
            NewsPage(
                title="Chi bộ khám bệnh miễn phí cho người cao tuổi",
                slug="kham-benh-mien-phi",
                date=ctx.today - dt.timedelta(days=3),
                lead="Đoàn viên, đảng viên các chi bộ cùng tham gia.",
                author="Đảng bộ Sở Y tế",
            ),
            dt.datetime.combine(ctx.today - dt.timedelta(days=3), noon),
        )
    ctx.count("portal pages", count + len(materials) + len(SECTIONS) + 2)
