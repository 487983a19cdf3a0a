"""Course and class pages: the list, a course with its topics and materials, a class with
its learners, and a learner's own courses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.services.files import file_read
from partydesk.learning.forms.courses import (
    ClassForm,
    CourseForm,
    EnrolForm,
    MaterialForm,
    SessionForm,
    TopicForm,
)
from partydesk.learning.permissions import COURSES_MANAGE
from partydesk.learning.selectors.attendance import attendance_by_person, session_list
from partydesk.learning.selectors.courses import (
    class_get_for,
    class_list_for,
    classes_of_learner,
    course_get_for,
    course_list_for,
    enrolment_list,
    material_get_for,
)
from partydesk.learning.selectors.exams import exams_of_learner
from partydesk.learning.services.courses import (
    class_create,
    class_enrol,
    course_create,
    material_add,
    topic_add,
)
from partydesk.learning.services.official import official_courses_add
from partydesk.organizations.selectors.people import person_list_for

CANDIDATES_SHOWN = 200


@login_required
def courses(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    context = {"courses": course_list_for(scope), "classes": class_list_for(scope)}
    return render(request, "learning/courses/list.html", context)


@login_required
@require_POST
def official_courses_view(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    try:
        created = official_courses_add(actor=request.actor, organization=scope)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if created:
            messages.success(
                request,
                _("Added: %(titles)s.") % {"titles": "; ".join(c.title for c in created)},
            )
        else:
            messages.info(request, _("The official courses are already here."))
    return redirect("learning:courses")


@login_required
def course_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(actor=request.actor, organization=scope, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            return redirect("learning:course", course.pk)
    status = 400 if form.is_bound else 200
    return render(request, "learning/courses/course_new.html", {"form": form}, status=status)


@login_required
def course(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    found = course_get_for(scope, pk)
    can_edit = request.actor.can(COURSES_MANAGE, on=found.organization)
    topic_form = TopicForm(request.POST or None)
    material_form = MaterialForm(request.POST or None, request.FILES or None, course=found)
    status = 200
    if request.method == "POST" and can_edit:
        status = 400
        try:
            if "url" in request.POST and material_form.is_valid():
                upload = material_form.cleaned_data["file"]
                material_add(
                    actor=request.actor,
                    topic=material_form.cleaned_data["topic"],
                    title=material_form.cleaned_data["title"],
                    data=upload.read() if upload else b"",
                    filename=upload.name if upload else "",
                    content_type=(upload.content_type if upload else "") or "application/pdf",
                    url=material_form.cleaned_data["url"],
                )
                return redirect("learning:course", found.pk)
            if "url" not in request.POST and topic_form.is_valid():
                topic_add(actor=request.actor, course=found, title=topic_form.cleaned_data["title"])
                return redirect("learning:course", found.pk)
        except DomainError as exc:
            messages.error(request, str(exc.message))
    context = {
        "course": found,
        "can_edit": can_edit,
        "topic_form": topic_form if "url" not in request.POST else TopicForm(),
        "material_form": material_form,
    }
    return render(request, "learning/courses/course.html", context, status=status)


@login_required
def material_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.scope if request.actor.can(COURSES_MANAGE) else None
    found = material_get_for(scope, request.user, pk)  # type: ignore[arg-type]
    assert found.file is not None
    name = found.filename or f"material-{found.pk}"
    return file_response(file_read(found.file), name, found.file.content_type)


@login_required
def class_new(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    form = ClassForm(request.POST or None, courses=course_list_for(scope))
    if request.method == "POST" and form.is_valid():
        try:
            row = class_create(actor=request.actor, organization=scope, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, str(exc.message))
        else:
            return redirect("learning:class", row.pk)
    status = 400 if form.is_bound else 200
    return render(request, "learning/courses/class_new.html", {"form": form}, status=status)


@login_required
def course_class(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(COURSES_MANAGE)
    found = class_get_for(scope, pk)
    query = request.GET.get("q", "")[:100]
    enrolled = list(enrolment_list(found))
    taken = {row.person_id for row in enrolled}
    people = person_list_for(scope, query=query, status="active").exclude(pk__in=taken)
    choices = [(p.pk, f"{p.full_name} · {p.organization.name}") for p in people[:CANDIDATES_SHOWN]]
    form = EnrolForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            n = class_enrol(
                actor=request.actor, course_class=found, person_ids=form.cleaned_data["people"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("%(n)s learner(s) enrolled.") % {"n": n})
            return redirect("learning:class", found.pk)
    presence = attendance_by_person(found)
    context = {
        "course_class": found,
        "enrolled": enrolled,
        "learners": [(row, presence.get(row.person_id)) for row in enrolled],
        "form": form,
        "query": query,
        "sessions": session_list(found),
        "session_form": SessionForm(initial={"held_on": found.starts_on}),
    }
    return render(
        request, "learning/courses/class.html", context, status=400 if form.errors else 200
    )


@login_required
def my_courses(request: AuthenticatedRequest) -> HttpResponse:
    classes = list(classes_of_learner(request.user))
    context = {"classes": classes, "exams": exams_of_learner(request.user)}
    return render(request, "learning/courses/my.html", context)
