from __future__ import annotations

from django.urls import path

from afterwards.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("signup/recovery-code/", views.recovery_code, name="recovery_code"),
    path(
        "signup/recovery-code/download/",
        views.recovery_code_download,
        name="recovery_code_download",
    ),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
    path("recover/", views.recover, name="recover"),
    path("account/", views.account_settings, name="settings"),
    path("account/preferences/", views.preferences, name="preferences"),
    path("account/passphrase/", views.passphrase_change, name="passphrase"),
    path("account/recovery-code/", views.recovery_code_new, name="recovery_code_new"),
    path("account/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("account/delete/", views.delete_account, name="delete"),
    path("light-or-dark/", views.theme, name="theme"),
]
