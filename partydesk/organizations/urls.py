from django.urls import path

from partydesk.organizations.views import (
    imports,
    organizations,
    people,
    terms,
    transformation,
    tree,
)

app_name = "organizations"

# The actions on an organization's page (views.organizations.ACTIONS), by URL name.
ORGANIZATION_ACTIONS = {
    "create_child": "new/",
    "rename": "rename/",
    "move": "move/",
    "merge": "merge/",
    "split": "split/",
    "dissolve": "dissolve/",
    "term_add": "terms/new/",
}

urlpatterns = [
    path("", tree.tree, name="tree"),
    path("lookup/", tree.lookup, name="lookup"),
    path("<int:org_id>/", organizations.detail, name="detail"),
    path("<int:org_id>/children/", tree.tree_children, name="tree_children"),
    *(
        path(f"<int:org_id>/{tail}", organizations.organization_action, {"action": name}, name=name)
        for name, tail in ORGANIZATION_ACTIONS.items()
    ),
    path("<int:org_id>/terms/<int:term_id>/end/", terms.term_end, name="term_end"),
    path("<int:org_id>/positions/new/", terms.position_add, name="position_add"),
    path("<int:org_id>/positions/<int:position_id>/end/", terms.position_end, name="position_end"),
    path("transformation/", transformation.transformation_home, name="transformation_home"),
    path("<int:org_id>/transformation/", transformation.transformation, name="transformation"),
    path(
        "<int:org_id>/transformation.xlsx",
        transformation.transformation_export,
        name="transformation_export",
    ),
    path("people/", people.people, name="people"),
    path("people/export.xlsx", people.people_export, name="people_export"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:person_id>/", people.person_detail, name="person"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path(
        "people/<int:person_id>/membership/<slug:action>/",
        people.membership_action,
        name="membership_action",
    ),
    path("people/import/", imports.import_start, name="import"),
    path("people/import/confirm/", imports.import_confirm, name="import_confirm"),
    path("people/import/template.xlsx", imports.import_template, name="import_template"),
]
