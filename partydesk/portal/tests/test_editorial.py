"""Portal roles come from the office's scoped roles: a grassroots committee's specialist
writes in its own section and submits; its department head approves and publishes; nobody
touches another committee's section; a role taken away takes the groups with it."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.core.models import AuditEvent
from partydesk.organizations.models import Organization
from partydesk.portal.models import EditorialDesk, HomePage, NewsPage, SectionPage
from partydesk.portal.services.editorial import portal_desks_ensure, portal_desks_sync

pytestmark = pytest.mark.django_db


@dataclass
class Portal:
    home: HomePage
    news: SectionPage  # the Bloc's own section
    section_a: SectionPage
    section_b: SectionPage
    writer_a: User  # specialist of committee A
    head_a: User  # department head of committee A
    head_b: User  # department head of committee B


@pytest.fixture
def portal(tree: Tree) -> Portal:
    home = HomePage.objects.get()
    sections = []
    for slug, organization in (("tin-tuc", None), ("a", tree.committee_a), ("b", tree.committee_b)):
        section = SectionPage(title=slug.upper(), slug=slug, organization=organization)
        home.add_child(instance=section)
        sections.append(section)
    portal_desks_ensure()
    news, section_a, section_b = sections
    return Portal(
        home,
        news,
        section_a,
        section_b,
        writer_a=make_user("writer_a", organization=tree.committee_a, role="specialist"),
        head_a=make_head("head_a", tree.committee_a),
        head_b=make_head("head_b", tree.committee_b),
    )


def make_head(username: str, organization: Organization) -> User:
    """A department head (the role approves, so the login has a second factor)."""
    return make_user(username, organization=organization, role="department_head", two_factor=True)


def article(title: str, action: str) -> dict[str, str]:
    data = nested_form_data(
        {
            "title": title,
            "slug": "bai-moi",
            "date": "2026-06-01",
            "lead": "Tin ngắn của chi bộ.",
            "author": "",
            "category": "",
            "tags": "",
            "body": streamfield([]),
        }
    )
    data[action] = "1"
    return data


def add_url(parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=("portal", "newspage", parent.pk))


def test_a_specialist_writes_in_their_committees_section_and_cannot_publish(portal):
    client = logged_in(portal.writer_a)
    assert client.get("/portal/admin/").status_code == 200
    assert client.get(add_url(portal.section_a)).status_code == 200
    # Publishing is not theirs: the article is saved as a draft, not live
    response = client.post(add_url(portal.section_a), article("Tin chi bộ A", "action-publish"))
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Tin chi bộ A")
    assert not page.live
    assert page.get_parent().pk == portal.section_a.pk
    rights = page.permissions_for_user(portal.writer_a)
    assert rights.can_edit() and not rights.can_publish()
    assert client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).status_code == 200


def test_a_specialist_cannot_touch_another_committees_section(portal):
    client = logged_in(portal.writer_a)
    rights = portal.section_b.permissions_for_user(portal.writer_a)
    assert not rights.can_edit() and not rights.can_add_subpage()
    # Nor the Bloc's own sections above them
    assert not portal.news.permissions_for_user(portal.writer_a).can_add_subpage()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(portal.section_b.pk,)))
    assert edit.status_code in (302, 403)
    if edit.status_code == 302:
        assert edit["Location"] == reverse("wagtailadmin_home")
    response = client.post(add_url(portal.section_b), article("Tin lạ", "action-submit"))
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(title="Tin lạ").exists()


def test_an_article_is_submitted_approved_by_the_head_and_goes_live(portal):
    writer = logged_in(portal.writer_a)
    response = writer.post(add_url(portal.section_a), article("Tin chờ duyệt", "action-submit"))
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Tin chờ duyệt")
    state = WorkflowState.objects.get(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert (
        state.workflow_id
        == EditorialDesk.objects.get(organization=portal.section_a.organization).workflow_id
    )
    task_state = state.current_task_state
    task = task_state.task.specific
    # The head of another committee has nothing to do with it
    assert task.get_actions(page, portal.head_b) == []
    refused = logged_in(portal.head_b).post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    )
    page.refresh_from_db()
    assert refused.status_code in (302, 403) and not page.live
    # The head of the writer's own committee approves it, and it goes live
    head = logged_in(portal.head_a)
    response = head.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert page.live


def test_the_head_publishes_directly_and_may_schedule(portal):
    head = logged_in(portal.head_a)
    assert head.get("/portal/admin/").status_code == 200
    assert portal.section_a.permissions_for_user(portal.head_a).can_publish_subpage()
    response = head.post(add_url(portal.section_a), article("Tin của trưởng ban", "action-publish"))
    assert response.status_code == 302
    assert NewsPage.objects.get(title="Tin của trưởng ban").live
    # A go-live date in the future keeps it waiting (Wagtail's scheduled publishing)
    later = article("Tin hẹn giờ", "action-publish")
    later["slug"] = "hen-gio"
    later["go_live_at"] = (timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    assert head.post(add_url(portal.section_a), later).status_code == 302
    scheduled = NewsPage.objects.get(title="Tin hẹn giờ")
    assert not scheduled.live and scheduled.get_latest_revision().approved_go_live_at is not None


def test_the_blocs_people_edit_the_whole_portal(portal, tree):
    writer = make_user("writer_bloc", organization=tree.root, role="specialist")
    assert logged_in(writer).get("/portal/admin/").status_code == 200
    for section in (portal.news, portal.section_a, portal.section_b):
        rights = section.permissions_for_user(writer)
        assert rights.can_add_subpage() and not rights.can_publish_subpage()


def test_a_role_taken_away_takes_the_groups_with_it(portal):
    client = logged_in(portal.writer_a)
    assert client.get("/portal/admin/").status_code == 200
    assert portal.writer_a.groups.exists()
    portal.writer_a.role_grants.update(valid_to=timezone.localdate() - dt.timedelta(days=1))
    assert client.get("/portal/admin/").status_code == 403
    assert not portal.writer_a.groups.exists()
    assert not portal.section_a.permissions_for_user(
        User.objects.get(pk=portal.writer_a.pk)
    ).can_add_subpage()


def test_the_command_sets_every_desk_and_its_members(portal, tree):
    desk_a = EditorialDesk.objects.get(organization=tree.committee_a)
    assert set(desk_a.editors.user_set.all()) == set()  # nobody has opened the admin yet
    out = io.StringIO()
    call_command("portal_sync_editors", stdout=out)
    assert "5 membership change(s)" in out.getvalue()
    assert set(desk_a.editors.user_set.all()) == {portal.writer_a, portal.head_a}
    assert set(desk_a.approvers.user_set.all()) == {portal.head_a}
    assert AuditEvent.objects.filter(action="portal.desk.members_synced").exists()
    assert portal_desks_sync() == 0  # in step: nothing to change
    # A section given to another organization leaves its old desk
    portal.section_b.organization = tree.committee_a
    portal.section_b.save()
    portal_desks_ensure()
    assert portal.section_b.permissions_for_user(portal.writer_a).can_add_subpage()
    assert not portal.section_b.permissions_for_user(portal.head_b).can_add_subpage()


def test_a_member_has_no_way_in(portal, tree):
    member = make_user("member_a", organization=tree.committee_a, role="member")
    assert logged_in(member).get("/portal/admin/").status_code == 403
    assert not member.has_perm("wagtailadmin.access_admin")
    assert not member.groups.exists()


def test_the_office_menu_leads_editors_to_the_portal(portal, tree):
    member = make_user("member_m", organization=tree.committee_a, role="member")
    admin = reverse("wagtailadmin_home")
    for user, shown in ((portal.writer_a, True), (portal.head_a, True), (member, False)):
        client = logged_in(user)
        page = client.get(reverse("core:dashboard")).content.decode()
        assert (f'href="{admin}"' in page) is shown, user
        assert client.get(admin).status_code == (200 if shown else 403)


def test_only_a_superuser_gives_a_section_to_an_organization_and_its_desk_follows(portal, tree):
    boss = make_user("boss", organization=tree.root, role="member")
    boss.is_superuser = True
    boss.save()
    data = nested_form_data(
        {
            "title": "Chi bộ A1",
            "slug": "a1",
            "intro": rich_text("<p>A1</p>"),
            "organization": tree.cell_a1.pk,
        }
    )
    data["action-publish"] = "1"
    url = reverse("wagtailadmin_pages:add", args=("portal", "sectionpage", portal.section_a.pk))
    assert logged_in(boss).post(url, data).status_code == 302
    corner = SectionPage.objects.get(slug="a1")
    assert corner.organization == tree.cell_a1 and corner.live
    desk = EditorialDesk.objects.get(organization=tree.cell_a1)
    assert (
        corner.get_view_restrictions is not None
        and desk.workflow.workflow_pages.filter(page=corner).exists()
    )
    # An approver's form for their own section has no such field; the superuser's has
    edit = reverse("wagtailadmin_pages:edit", args=(portal.section_a.pk,))
    head_form = logged_in(portal.head_a).get(edit)
    assert head_form.status_code == 200
    assert 'name="organization"' not in head_form.content.decode()
    assert 'name="organization"' in logged_in(boss).get(edit).content.decode()


def test_a_grant_given_or_taken_back_moves_the_groups_at_once(
    portal, tree: Tree, django_capture_on_commit_callbacks
):
    from partydesk.accounts.models import Role
    from partydesk.accounts.selectors import grant_list_current
    from partydesk.accounts.services.grants import role_grant, role_revoke

    admin = make_user("admin_b", organization=tree.committee_b, role="admin", two_factor=True)
    newcomer = make_user("newcomer", organization=tree.committee_b, role="member")
    desk_b = EditorialDesk.objects.get(organization=tree.committee_b)
    assert not desk_b.approvers.user_set.filter(pk=newcomer.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        grant = role_grant(
            actor=admin,
            actor_grants=grant_list_current(admin),
            user=newcomer,
            role=Role.objects.get(code="department_head"),
            organization=tree.committee_b,
        )
    # Without a visit to the admin: the workflow's notifications reach them from now on.
    assert desk_b.approvers.user_set.filter(pk=newcomer.pk).exists()
    assert desk_b.editors.user_set.filter(pk=newcomer.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        role_revoke(actor=admin, actor_grants=grant_list_current(admin), grant=grant)
    assert not newcomer.groups.filter(pk__in=[desk_b.editors_id, desk_b.approvers_id]).exists()
