"""The members' area: a visitor is sent to the login page and never sees the content; a
current Party member reads it; a member of another organization, a former member and a login
that is no member get 403; nothing of it shows in public lists."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.organizations.models import PartyMembership
from partydesk.organizations.tests.factories import make_member
from partydesk.portal.models import HomePage, MaterialPage, MembersPage, SectionPage
from partydesk.portal.services.members import members_area_restrict

pytestmark = pytest.mark.django_db

SECRET = "Nội dung học tập nội bộ"


@pytest.fixture
def areas(tree: Tree) -> dict[str, Page]:
    home = HomePage.objects.get()
    everyone = home.add_child(
        instance=MembersPage(
            title="Dành cho đảng viên",
            slug="dang-vien",
            intro=f"<p>{SECRET}</p>",
        )
    )
    study = everyone.add_child(
        instance=MaterialPage(title="Tài liệu học tập Nghị quyết", slug="hoc-tap", lead=SECRET)
    )
    corner = home.add_child(
        instance=SectionPage(title="Góc B", slug="goc-b", organization=tree.committee_b)
    )
    only_b = corner.add_child(
        instance=MembersPage(
            title="Đảng viên Sở Y tế",
            slug="dang-vien-b",
            intro=f"<p>{SECRET} B</p>",
            organization=tree.committee_b,
        )
    )
    for area in (everyone, only_b):
        members_area_restrict(area)
    return {"everyone": everyone, "study": study, "only_b": only_b}


def _member(tree: Tree, username: str, cell, status: str = "official") -> Client:
    person = make_member(cell, status="candidate" if status == "candidate" else "official")
    if status not in ("candidate", "official"):  # a record that ended (set up directly)
        PartyMembership.objects.filter(person=person).update(status=status)
    return logged_in(
        make_user(username, organization=tree.committee_a, role="member", person=person)
    )


@pytest.mark.parametrize("name", ["everyone", "study", "only_b"])
def test_a_visitor_is_sent_to_login_and_never_gets_the_content(areas, client, name):
    response = client.get(areas[name].url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert SECRET not in response.content.decode()


def test_a_member_reads_the_area_and_its_pages(tree, areas):
    member = _member(tree, "member_a1", tree.cell_a1)
    area = member.get(areas["everyone"].url)
    assert area.status_code == 200
    html = area.content.decode()
    assert SECRET in html and "Tài liệu học tập Nghị quyết" in html
    assert SECRET in member.get(areas["study"].url).content.decode()


def test_a_candidate_member_reads_it_too(tree, areas):
    candidate = _member(tree, "candidate", tree.cell_a1, status="candidate")
    assert candidate.get(areas["everyone"].url).status_code == 200


def test_an_area_of_one_organization_is_for_its_members_only(tree, areas):
    member_a = _member(tree, "member_a", tree.cell_a1)
    refused = member_a.get(areas["only_b"].url)
    assert refused.status_code == 403 and SECRET not in refused.content.decode()
    member_b = _member(tree, "member_b", tree.committee_b)
    assert f"{SECRET} B" in member_b.get(areas["only_b"].url).content.decode()


def test_a_login_that_is_no_member_or_no_longer_one_gets_403(tree, areas):
    staff = logged_in(make_user("staff", organization=tree.committee_a, role="member"))
    assert staff.get(areas["everyone"].url).status_code == 403
    former = _member(tree, "former", tree.cell_a1, status="transferred_out")
    response = former.get(areas["everyone"].url)
    assert response.status_code == 403 and SECRET not in response.content.decode()


def test_the_areas_editors_read_it_to_check_their_work(tree, areas):
    writer = logged_in(make_user("writer_b", organization=tree.committee_b, role="specialist"))
    assert writer.get(areas["only_b"].url).status_code == 200


def test_the_area_is_out_of_every_public_list(areas, client):
    assert not MembersPage.objects.public().exists()
    assert not MaterialPage.objects.public().filter(pk=areas["study"].pk).exists()
    home = client.get("/portal/").content.decode()
    assert SECRET not in home and "Tài liệu học tập Nghị quyết" not in home
    assert "Dành cho đảng viên" in home  # named, with a link to log in


def test_a_removed_restriction_comes_back_and_the_hook_holds_meanwhile(areas, client):
    area = areas["everyone"]
    PageViewRestriction.objects.filter(page=area).delete()
    assert client.get(area.url).status_code == 302  # the serve hook still refuses
    assert members_area_restrict(area) is True
    assert members_area_restrict(area) is False


@pytest.fixture
def files(settings, tmp_path) -> dict[str, object]:
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from partydesk.portal.services.members import members_collection_ensure

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }
    made = {}
    for key, collection in (
        ("private", members_collection_ensure()),
        ("public", Collection.get_first_root_node()),
    ):
        document = Document(title=key, collection=collection)
        document.file.save(f"{key}.txt", ContentFile(f"{SECRET} {key}".encode()), save=False)
        document.save()
        made[key] = document
    return made


def test_members_files_are_for_members_and_public_files_for_all(tree, files, client):
    private, public = files["private"], files["public"]
    assert client.get(public.url).status_code == 200
    refused = client.get(private.url)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    staff = logged_in(make_user("staff", organization=tree.committee_a, role="member"))
    assert staff.get(private.url).status_code == 403
    member = _member(tree, "member_a1", tree.cell_a1)
    response = member.get(private.url)
    assert response.status_code == 200
    assert f"{SECRET} private".encode() in response.getvalue()
    # The raw file is never served beside Wagtail's view.
    raw = f"/media/portal/{private.file.name}"
    assert private.file.name.startswith("documents/")
    assert client.get(raw).status_code == 404
