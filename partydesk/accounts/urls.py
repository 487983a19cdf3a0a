from django.urls import path

from partydesk.accounts.views import account, audit, auth, users

app_name = "accounts"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("two-factor/verify/", auth.two_factor_verify, name="two_factor_verify"),
    path("me/", account.me, name="me"),
    path("me/password/", account.password_change_view, name="password_change"),
    path("two-factor/setup/", account.two_factor_setup, name="two_factor_setup"),
    path("two-factor/disable/", account.two_factor_disable_view, name="two_factor_disable"),
    path(
        "two-factor/recovery-codes/",
        account.recovery_codes_regenerate_view,
        name="recovery_codes_regenerate",
    ),
    path("me/tokens/", account.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", account.token_revoke, name="token_revoke"),
    path("switch/", account.switch_organization, name="switch_organization"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create_view, name="user_create"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_update_view, name="user_update"),
    path("users/<int:pk>/grants/", users.grant_create, name="grant_create"),
    path("users/<int:pk>/unlock/", users.user_unlock_view, name="user_unlock"),
    path(
        "users/<int:pk>/two-factor-reset/",
        users.user_two_factor_reset_view,
        name="user_two_factor_reset",
    ),
    path("grants/<int:pk>/revoke/", users.grant_revoke, name="grant_revoke"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
]
