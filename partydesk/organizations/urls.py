from django.urls import path

from partydesk.organizations.views import imports, organizations, people, terms, tree

app_name = "organizations"
urlpatterns = [
    path("", tree.tree, name="tree"),
    path("lookup/", tree.lookup, name="lookup"),
    path("<int:org_id>/", organizations.detail, name="detail"),
    path("<int:org_id>/children/", tree.tree_children, name="tree_children"),
    path("<int:org_id>/new/", organizations.create_child, name="create_child"),
    path("<int:org_id>/rename/", organizations.rename, name="rename"),
    path("<int:org_id>/move/", organizations.move, name="move"),
    path("<int:org_id>/merge/", organizations.merge, name="merge"),
    path("<int:org_id>/split/", organizations.split, name="split"),
    path("<int:org_id>/dissolve/", organizations.dissolve, name="dissolve"),
    path("<int:org_id>/terms/new/", terms.term_add, name="term_add"),
    path("<int:org_id>/terms/<int:term_id>/end/", terms.term_end, name="term_end"),
    path("<int:org_id>/positions/new/", terms.position_add, name="position_add"),
    path(
        "<int:org_id>/positions/<int:position_id>/end/",
        terms.position_end,
        name="position_end",
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
