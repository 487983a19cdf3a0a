from django.urls import path

from partydesk.documents.views import dashboard, documents, incoming, outgoing, registers, search

app_name = "documents"
urlpatterns = [
    path("", incoming.incoming_list, name="home"),
    path("incoming/", incoming.incoming_list, name="incoming"),
    path("incoming/new/", incoming.incoming_register, name="register"),
    path("incoming/check/", incoming.duplicate_check, name="duplicate_check"),
    path("outgoing/", outgoing.outgoing_list, name="outgoing"),
    path("search/", search.search, name="search"),
    path("dashboard/", dashboard.documents_dashboard, name="dashboard"),
    path("registers/<str:direction>/", registers.register_export, name="register_export"),
    path("outgoing/new/", outgoing.draft_new, name="draft_new"),
    path("<int:pk>/", documents.detail, name="detail"),
    path("<int:pk>/files/<int:number>/", documents.file_view, name="file"),
    path("<int:pk>/readers/", documents.readers_add, name="readers_add"),
    path("<int:pk>/files/add/", incoming.file_add, name="file_add"),
    path("<int:pk>/assign/", incoming.assign, name="assign"),
    path("<int:pk>/assignments/<int:assignment_pk>/pass-on/", incoming.subassign, name="subassign"),
    path("<int:pk>/assignments/<int:assignment_pk>/done/", incoming.complete, name="complete"),
    path("<int:pk>/note/", incoming.note, name="note"),
    path("<int:pk>/file/", incoming.file_document, name="file_document"),
    path("<int:pk>/reopen/", incoming.reopen, name="reopen"),
    path("<int:pk>/versions/new/", outgoing.version_add, name="version_add"),
    path("<int:pk>/submit/", outgoing.submit, name="submit"),
    path("<int:pk>/review/", outgoing.review, name="review"),
    path("<int:pk>/sign/", outgoing.sign, name="sign"),
    path("<int:pk>/issue/", outgoing.issue, name="issue"),
    path("<int:pk>/release/", outgoing.release, name="release"),
    path("<int:pk>/archive/", outgoing.archive, name="archive"),
    path("<int:pk>/cancel/", outgoing.cancel, name="cancel"),
]
