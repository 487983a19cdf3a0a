"""Demo step helpers: about a hundred news articles over the year, across categories and
organizations, inserted in bulk (Wagtail's `add_child` costs ~0.1 s a page with its
signals; here the whole batch is a few inserts), plus reader feedback and a members' area."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from taggit.models import Tag
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backends

from partydesk.demo.context import DemoContext
from partydesk.organizations.models import Organization
from partydesk.portal.models import (
    FeedbackStatus,
    MaterialKind,
    MaterialPage,
    MembersPage,
    NewsPage,
    NewsTag,
    PageViewDay,
    ReaderFeedback,
    SectionPage,
)
from partydesk.portal.services.members import members_area_restrict

HEADLINES = [
    ("Hội nghị Ban Chấp hành Đảng bộ lần thứ {n}", "Hội nghị"),
    ("Quán triệt Nghị quyết của Trung ương tại {n} chi bộ trực thuộc", "Học tập nghị quyết"),
    ("Trao Huy hiệu Đảng đợt {n} cho đảng viên lão thành", "Công tác đảng viên"),
    ("Kiểm tra, giám sát việc thực hiện Quy định số {n}-QĐ/TW", "Kiểm tra, giám sát"),
    ("Kết nạp {n} đảng viên mới trong quý", "Phát triển đảng viên"),
    ("Tuổi trẻ tham gia hiến máu tình nguyện lần thứ {n}", "Đoàn thể"),
    ("Tổng kết công tác tuyên giáo, triển khai {n} nhiệm vụ trọng tâm", "Tuyên giáo"),
    ("Chuyển đổi số trong công tác văn phòng cấp ủy: {n} kết quả bước đầu", "Chuyển đổi số"),
]
TAGS = ["nghị quyết", "xây dựng Đảng", "chuyển đổi số", "thanh niên", "kiểm tra", "học tập"]
BODY = (
    "<p>Sáng nay, {org} đã tổ chức hoạt động với sự tham dự của đại diện các cấp ủy trực "
    "thuộc. Các đại biểu đã thảo luận, thống nhất nhiều giải pháp thiết thực.</p>"
    "<h2>Nội dung chính</h2><ul><li>Đánh giá kết quả thực hiện nhiệm vụ</li>"
    "<li>Đề ra phương hướng thời gian tới</li></ul>"
)
READERS = ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Quang Hưng", "Phạm Thu Trang", "Hồ Đức Nam"]
MESSAGES = [
    "Bài viết rất thiết thực, đề nghị ban biên tập đăng thêm ảnh hoạt động.",
    "Chi bộ chúng tôi đã học tập và thấy nội dung dễ hiểu.",
    "Xin hỏi khi nào có tài liệu hướng dẫn chi tiết?",
]


def pages_bulk_add(parent: Page, pages: Sequence[Page], when: Sequence[dt.datetime]) -> None:
    """Put `pages` (all of one page type, live, published at `when`) under `parent` as its
    last children in two bulk inserts: the base rows, then the type's own table. The tree
    stays valid: paths follow treebeard's steps, the parent's child count is raised, and
    each page gets its URL path and its own translation key. Revisions and the reference
    index are not written (a page made by `add_child` has no revision either)."""
    if not pages:
        return
    model = type(pages[0])
    parent.refresh_from_db(fields=["path", "depth", "numchild", "url_path", "locale"])
    last = parent.get_last_child()
    start = last._get_lastpos_in_path() if last is not None else 0
    content_type = ContentType.objects.get_for_model(model)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = []
    for step, (page, moment) in enumerate(zip(pages, when, strict=True), start=start + 1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = moment
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in base_fields}))
    Page.objects.bulk_create(bases)
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.pk
    # Django refuses bulk_create on a multi-table child, so insert its own table the way
    # bulk_create does, with the parent rows' keys.
    model._base_manager._insert(  # type: ignore[attr-defined]
        list(pages),
        fields=list(model._meta.local_concrete_fields),
        using=router.db_for_write(model),
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    for backend in get_search_backends():
        backend.add_bulk(model, list(pages))


def news_seed(
    ctx: DemoContext,
    corners: list[tuple[SectionPage, Organization]],
    bloc_news: SectionPage,
    pictures: list[Image],
) -> list[NewsPage]:
    """About a hundred articles (scaled) over the past year: most in the Bloc's news section,
    a share in each grassroots organization's own corner, every one with a picture, a
    category and tags."""
    tz = dt.timezone(dt.timedelta(hours=7))
    total = ctx.scaled(100, minimum=8)
    homes = [(bloc_news, ctx.root), *corners]
    planned: dict[int, tuple[SectionPage, list[NewsPage], list[dt.datetime]]] = {}
    for i in range(total):
        # Two in three for the Bloc, the rest shared by the corners.
        section, organization = homes[0] if not corners or i % 3 else homes[1 + i % len(corners)]
        template, category = HEADLINES[i % len(HEADLINES)]
        day = ctx.today - dt.timedelta(days=int(i * 365 / total))
        title = template.format(n=i + 2)
        org_name = organization.name if organization is not None else "Đảng ủy"
        page = NewsPage(
            title=title,
            slug=f"tin-{i + 1}",
            date=day,
            lead=f"{title}: các cấp ủy thống nhất triển khai nhiệm vụ trọng tâm với tinh thần "
            "đổi mới, sáng tạo, hiệu quả.",
            author="Ban Tuyên giáo" if section is bloc_news else org_name,
            category=category,
            image=pictures[i % len(pictures)],
            body=[
                ("text", RichText(BODY.format(org=org_name))),
                (
                    "quote",
                    {"text": "Đảng ta là đạo đức, là văn minh.", "attribution": "Hồ Chí Minh"},
                ),
            ],
        )
        moment = dt.datetime.combine(day, dt.time(9, 0, tzinfo=tz))
        planned.setdefault(section.pk, (section, [], []))
        planned[section.pk][1].append(page)
        planned[section.pk][2].append(moment)
    articles: list[NewsPage] = []
    for section, pages, moments in planned.values():
        pages_bulk_add(section, pages, moments)
        articles.extend(pages)
    _tag(ctx.rng, articles)
    return articles


def _tag(rng: random.Random, articles: list[NewsPage]) -> None:
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"tag-{i}"})[0]
        for i, name in enumerate(TAGS)
    ]
    NewsTag.objects.bulk_create(
        NewsTag(content_object=article, tag=tag)
        for article in articles
        for tag in rng.sample(tags, 2)
    )


def feedback_seed(
    ctx: DemoContext, articles: list[NewsPage], owners: dict[int, Organization]
) -> int:
    """A few readers' messages on recent articles: most published (some with the desk's
    answer), some waiting for the editors."""
    rows = []
    owned = [article for article in articles if article.pk in owners]
    for i, article in enumerate(owned[: ctx.scaled(12, minimum=3)]):
        status = FeedbackStatus.PENDING if i % 3 == 2 else FeedbackStatus.APPROVED
        rows.append(
            ReaderFeedback(
                page=article,
                organization=owners[article.pk],
                name=READERS[i % len(READERS)],
                email=f"bandoc{i}@example.vn" if i % 2 else "",
                message=MESSAGES[i % len(MESSAGES)],
                status=status,
                answer="Cảm ơn bạn đọc, ban biên tập sẽ tiếp thu." if i % 4 == 1 else "",
            )
        )
    ReaderFeedback.objects.bulk_create(rows)
    return len(rows)


def reads_seed(ctx: DemoContext, articles: list[NewsPage]) -> int:
    """Reading counters for the last 60 days, so the editors' statistics have a shape: the
    newer an article, the more it is read, with a weekly rhythm."""
    rows = []
    newest = sorted(articles, key=lambda article: article.date, reverse=True)
    for rank, article in enumerate(newest[: ctx.scaled(40, minimum=5)]):
        for back in range(60):
            day = ctx.today - dt.timedelta(days=back)
            if day < article.date:
                break
            base = max(1, 120 // (rank + 1 + back // 7))
            weekday = 0.5 if day.weekday() >= 5 else 1.0
            rows.append(
                PageViewDay(
                    page=article, day=day, views=int(base * weekday) + ctx.rng.randint(0, 9)
                )
            )
    PageViewDay.objects.bulk_create(rows)
    return len(rows)


def members_seed(ctx: DemoContext, home: Page, corner: SectionPage | None) -> int:
    """The members' area: study material for every member, and one for a grassroots
    organization's own members in its corner."""
    area = home.add_child(
        instance=MembersPage(
            title="Dành cho đảng viên",
            slug="danh-cho-dang-vien",
            intro="<p>Tài liệu sinh hoạt chi bộ, học tập nghị quyết dành cho đảng viên.</p>",
        )
    )
    members_area_restrict(area)
    for i, title in enumerate(
        ["Tài liệu học tập Nghị quyết Đại hội", "Hướng dẫn sinh hoạt chuyên đề chi bộ"]
    ):
        area.add_child(
            instance=MaterialPage(
                title=title,
                slug=f"noi-bo-{i + 1}",
                kind=MaterialKind.GUIDELINE,
                lead="Tài liệu nội bộ, chỉ dành cho đảng viên.",
                body=[("text", RichText("<p>Nội dung học tập, thảo luận tại chi bộ.</p>"))],
            )
        )
    made = 3
    if corner is not None and corner.organization is not None:
        own = corner.add_child(
            instance=MembersPage(
                title=f"Đảng viên {corner.organization.name}",
                slug="dang-vien",
                intro="<p>Thông báo nội bộ của đảng bộ cơ sở.</p>",
                organization=corner.organization,
            )
        )
        members_area_restrict(own)
        made += 1
    return made
