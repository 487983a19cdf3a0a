"""Demo step: the committee's portal has sections, grassroots corners, about a hundred news
articles with pictures drawn here (Pillow, no download), reader feedback, guidelines, an
event, a contact page and a members' area, so /portal/ shows a realistic site."""

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

from partydesk.core.errors import DomainError
from partydesk.demo.context import DemoContext
from partydesk.demo.portal_news import feedback_seed, members_seed, news_seed, reads_seed
from partydesk.documents.models import Direction, Document
from partydesk.documents.permissions import PUBLISHABLE_STATUSES
from partydesk.documents.services.publication import document_set_published
from partydesk.organizations.models import Organization
from partydesk.portal.models import (
    ContactPage,
    EventPage,
    MaterialKind,
    MaterialPage,
    SectionPage,
)
from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync
from partydesk.portal.services.site import portal_site_ensure

SECTIONS = [
    ("tin-tuc", "Tin tức – Sự kiện", "Hoạt động của Đảng bộ Khối và các tổ chức cơ sở đảng."),
    ("huong-dan", "Hướng dẫn – Tuyên truyền", "Tài liệu hướng dẫn, đề cương tuyên truyền."),
    ("co-so", "Tổ chức cơ sở đảng", "Trang của các chi bộ, đảng bộ cơ sở."),
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
    ctx.count("documents published on the portal", documents_publish(ctx))


def documents_publish(ctx: DemoContext, wanted: int = 8) -> int:
    """The office (its chief holds documents.publish) marks the Bloc's newest issued,
    unclassified outgoing documents that have their signed PDF for the portal's documents
    section, through the documents app's own service and its rules."""
    chief = ctx.users.get("chanhvanphong")
    if chief is None or ctx.root is None:
        return 0
    candidates = Document.objects.filter(
        organization=ctx.root,
        direction=Direction.OUTGOING,
        status__in=PUBLISHABLE_STATUSES,
        secrecy=0,
        published_at__isnull=True,
    ).order_by("-issued_at", "-pk")[: wanted * 4]
    published = 0
    for document in candidates:
        try:
            document_set_published(actor=chief, document=document, published=True)
        except DomainError:
            continue  # no signed PDF, or not the office's to publish: the service says why
        published += 1
        if published == wanted:
            break
    return published


CORNERS = [
    ("du-syt", "dang-bo-so-y-te"),
    ("du-vptu", "dang-bo-van-phong-tinh-uy"),
    ("du-btctu", "dang-bo-ban-to-chuc-tinh-uy"),
]


def _pages(ctx: DemoContext, home: Page) -> None:
    tz = dt.timezone(dt.timedelta(hours=7))
    noon = dt.time(9, 0, tzinfo=tz)
    sections: dict[str, SectionPage] = {}
    for slug, title, intro in SECTIONS:
        section = SectionPage(title=title, slug=slug, intro=f"<p>{intro}</p>", show_in_menus=True)
        home.add_child(instance=section)
        sections[slug] = section
    # Each grassroots organization's own corner, edited by its own desk.
    corners: list[tuple[SectionPage, Organization]] = []
    for code, slug in CORNERS:
        organization = ctx.organizations.get(code)
        if organization is None:
            continue
        corner = SectionPage(
            title=organization.name,
            slug=slug,
            intro="<p>Tin hoạt động do đảng bộ cơ sở tự biên tập.</p>",
            organization=organization,
        )
        sections["co-so"].add_child(instance=corner)
        corners.append((corner, organization))
    # A few pictures drawn once, shared by the articles (each is a Pillow drawing, a file
    # and a row: drawing one per article would cost seconds).
    pictures = [picture(ctx.rng, f"Ảnh minh họa {i + 1}") for i in range(ctx.scaled(12, minimum=3))]
    news = sections["tin-tuc"]
    articles = news_seed(ctx, corners, news, pictures)
    owners = {
        article.pk: organization
        for corner, organization in [(news, ctx.root), *corners]
        if organization is not None
        for article in articles
        if article.path.startswith(corner.path)
    }
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
            image=pictures[0] if kind == MaterialKind.INFOGRAPHIC else None,
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
    members = members_seed(ctx, home, corners[0][0] if corners else None)
    ctx.count("portal reader feedback", feedback_seed(ctx, articles, owners))
    ctx.count("portal reading counters", reads_seed(ctx, articles))
    ctx.count("portal news articles", len(articles))
    ctx.count(
        "portal pages", len(articles) + len(materials) + len(SECTIONS) + len(corners) + 2 + members
    )
