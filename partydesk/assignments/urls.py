from django.urls import path

from partydesk.assignments.views import (
    create,
    detail,
    evaluations,
    feeds,
    from_document,
    lists,
    progress,
    record,
    timeline,
)

app_name = "assignments"

urlpatterns = [
    path("", lists.mine, name="mine"),
    path("by-me/", lists.by_me, name="by_me"),
    path("unit/", lists.unit, name="unit"),
    path("export.xlsx", lists.export, name="export"),
    path("timeline/", timeline.timeline, name="timeline"),
    path("calendar/", timeline.calendar, name="calendar"),
    path("calendar.ics", feeds.calendar_ics, name="calendar_ics"),
    path("calendar/feed/", feeds.feed_issue, name="feed_issue"),
    path("calendar/feed/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", feeds.feed, name="feed"),
    path("new/", create.new, name="new"),
    path("record/", record.records, name="records"),
    path("record/<int:user_pk>/", record.record, name="record"),
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("evaluations/propose/", evaluations.propose, name="evaluations_propose"),
    path("evaluations/<int:pk>/", evaluations.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/self/", evaluations.self_assess, name="evaluation_self"),
    path("evaluations/<int:pk>/decide/", evaluations.decide, name="evaluation_decide"),
    path("from-document/<int:pk>/", from_document.from_document, name="from_document"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/break-down/", create.break_down, name="break_down"),
    path("<int:pk>/complete/", detail.complete, name="complete"),
    path("<int:pk>/cancel/", detail.cancel, name="cancel"),
    path("<int:pk>/review/", detail.review, name="review"),
    path("<int:pk>/report/", progress.report, name="report"),
    path("<int:pk>/extension/", progress.extension, name="extension"),
    path("<int:pk>/extension/<int:request_pk>/", progress.decide, name="extension_decide"),
    path(
        "<int:pk>/reports/<int:report_pk>/files/<int:file_pk>/",
        progress.report_file,
        name="report_file",
    ),
]
