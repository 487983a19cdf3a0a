"""Courses and classes: topics, materials, enrolment from the organization's people, a
learner's own courses, and another organization's 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.learning.models import Enrolment, Material
from partydesk.learning.services.courses import (
    class_create,
    class_enrol,
    class_unenrol,
    course_create,
    material_add,
)
from partydesk.organizations.tests.factories import make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def a_class(org, **kwargs):  # type: ignore[no-untyped-def]
    course = course_create(
        actor=SYSTEM,
        organization=org,
        title="Bồi dưỡng nhận thức về Đảng",
        audience="candidates",
        topics=["Chủ nghĩa Mác - Lênin", "Điều lệ Đảng"],
    )
    return class_create(
        actor=SYSTEM,
        organization=kwargs.get("runner", org),
        course=course,
        name="Lớp khóa I/2026",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 6),
    )


def test_a_course_has_topics_and_materials_and_a_class_enrols_members(tree, organizer):
    course_class = a_class(tree.committee_a)
    topic = course_class.course.topics.first()
    material_add(actor=SYSTEM, topic=topic, title="Giáo trình", data=PDF, filename="gt.pdf")
    material_add(actor=SYSTEM, topic=topic, title="Bài giảng", url="https://example.test/v")
    learners = [make_member(tree.cell_a1, status="candidate") for _n in range(3)]
    added = class_enrol(
        actor=SYSTEM, course_class=course_class, person_ids=[p.pk for p in learners]
    )
    again = class_enrol(actor=SYSTEM, course_class=course_class, person_ids=[learners[0].pk])
    assert (added, again) == (3, 0)
    class_unenrol(actor=SYSTEM, course_class=course_class, person_id=learners[0].pk)
    assert Enrolment.objects.filter(course_class=course_class).count() == 2
    with pytest.raises(InvalidInput):
        class_enrol(actor=SYSTEM, course_class=course_class, person_ids=[10**9])
    with pytest.raises(InvalidInput):
        material_add(actor=SYSTEM, topic=topic, title="Trống")


def test_someone_of_another_organization_cannot_be_enrolled(tree):
    course_class = a_class(tree.committee_a)
    stranger = make_member(tree.committee_b)
    with pytest.raises(InvalidInput):
        class_enrol(actor=SYSTEM, course_class=course_class, person_ids=[stranger.pk])


def test_a_class_runs_a_course_from_above_but_not_from_a_sibling(tree):
    course_class = a_class(tree.root, runner=tree.committee_a)
    assert course_class.organization == tree.committee_a
    sibling = course_create(
        actor=SYSTEM, organization=tree.committee_b, title="Riêng B", audience="other"
    )
    with pytest.raises(NotAllowed):
        class_create(
            actor=SYSTEM,
            organization=tree.committee_a,
            course=sibling,
            name="Không được",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 2),
        )


def test_pages_create_a_course_and_a_class_and_enrol(
    tree, organizer, django_assert_max_num_queries
):
    client = logged_in(organizer)
    page = client.post(
        reverse("learning:course_new"),
        {"title": "Đảng viên mới", "audience": "new_members", "topics": "Một\nHai\n"},
    )
    assert page.status_code == 302
    course_id = int(page["Location"].rstrip("/").rsplit("/", 1)[1])
    bad = client.post(reverse("learning:course_new"), {"title": "Giữ lại", "audience": "x"})
    assert bad.status_code == 400 and "Giữ lại" in bad.content.decode()
    made = client.post(
        reverse("learning:class_new"),
        {"course": course_id, "name": "Lớp 1", "starts_on": "2026-04-01", "ends_on": "2026-04-05"},
    )
    assert made.status_code == 302
    class_url = made["Location"]
    people = [make_member(tree.cell_a1, f"Trần Thị {n}", status="candidate") for n in "ABC"]
    listed = client.get(class_url)
    assert "Trần Thị A" in listed.content.decode()
    done = client.post(class_url, {"people": [p.pk for p in people[:2]]})
    assert done.status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(class_url)
    assert page.status_code == 200 and page.context["enrolled"][0].person.full_name == "Trần Thị A"
    assert client.get(reverse("learning:courses")).status_code == 200
    assert client.get(reverse("learning:course", args=[course_id])).status_code == 200


def test_another_organizations_course_class_and_material_are_404(tree, organizer, organizer_b):
    course_class = a_class(tree.committee_a)
    topic = course_class.course.topics.first()
    material = material_add(actor=SYSTEM, topic=topic, title="Tài liệu", data=PDF, filename="a.pdf")
    client = logged_in(organizer_b)
    assert client.get(reverse("learning:course", args=[course_class.course.pk])).status_code == 404
    assert client.get(reverse("learning:class", args=[course_class.pk])).status_code == 404
    assert client.get(reverse("learning:material", args=[material.pk])).status_code == 404
    own = logged_in(organizer).get(reverse("learning:material", args=[material.pk]))
    assert own.status_code == 200 and own.content == PDF


def test_a_learner_sees_their_courses_and_materials(tree):
    course_class = a_class(tree.committee_a)
    topic = course_class.course.topics.first()
    material = material_add(actor=SYSTEM, topic=topic, title="Tài liệu", data=PDF, filename="a.pdf")
    learner = make_member(tree.cell_a1, "Lê Văn Học", status="candidate")
    user = make_user("hoc", organization=tree.cell_a1, person=learner)
    class_enrol(actor=SYSTEM, course_class=course_class, person_ids=[learner.pk])
    client = logged_in(user)
    page = client.get(reverse("learning:my_courses"))
    assert page.status_code == 200 and "Bồi dưỡng nhận thức về Đảng" in page.content.decode()
    assert client.get(reverse("learning:material", args=[material.pk])).status_code == 200
    other = logged_in(make_user("khac", organization=tree.cell_a1))
    assert other.get(reverse("learning:material", args=[material.pk])).status_code == 404
    assert Material.objects.count() == 1


def test_without_the_capability_the_course_pages_are_refused(tree, alice):
    assert logged_in(alice).get(reverse("learning:courses")).status_code == 403
