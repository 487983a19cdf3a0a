from django.urls import path

from partydesk.signatures import views

app_name = "signatures"
urlpatterns = [
    path("", views.validate, name="validate"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/issue/", views.certificate_issue, name="certificate_issue"),
    path("certificates/import/", views.certificate_import, name="certificate_import"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/renew/", views.certificate_renew, name="certificate_renew"),
    path("me/", views.my_signature, name="me"),
    path("seal/", views.seal, name="seal"),
    # Public, no login: relying parties on the closed network fetch these.
    path("crl/<str:role>.crl", views.crl, name="crl"),
    path("ca/<str:role>.cer", views.ca_certificate, name="ca_certificate"),
    path("tsa", views.tsa, name="tsa"),
    path("ocsp/<str:role>", views.ocsp, name="ocsp"),
    path("ocsp/<str:role>/<path:encoded>", views.ocsp, name="ocsp_get"),
]
