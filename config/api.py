"""The JSON API under /api/v1: one API, routers owned by the apps; every error is JSON."""

from django.urls import path, re_path

from partydesk.accounts.api import TokenAuth
from partydesk.assignments.api import router as assignments_router
from partydesk.contests.api import router as contests_router
from partydesk.core.api import PartydeskAPI, api_not_found
from partydesk.documents.api import router as documents_router
from partydesk.exchange.api import router as exchange_router
from partydesk.meetings.api import router as meetings_router
from partydesk.organizations.api import router as organizations_router
from partydesk.signatures.api import router as signatures_router

api = PartydeskAPI(
    title="partydesk API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", organizations_router)
api.add_router("/", signatures_router)
api.add_router("/", documents_router)
api.add_router("/", assignments_router)
api.add_router("/", exchange_router)
api.add_router("/", meetings_router)
api.add_router("/", contests_router)

urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", api_not_found)]
