from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import forms, two_factor, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("security-code/", two_factor.security_code, name="security_code"),
    path("security-code/set-up/", two_factor.set_up, name="security_code_set_up"),
    path("security-code/backup-codes/", two_factor.backup_codes, name="backup_codes"),
    path("security-code/turn-off/", two_factor.turn_off, name="security_code_turn_off"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html",
            form_class=forms.PasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
            extra_context={"title": "Change your password", "button": "Change password"},
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={"title": "Your password has been changed"},
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/form_page.html",
            form_class=forms.PasswordResetForm,
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            extra_context={"title": "Reset your password", "button": "Send reset link"},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={
                "title": "Check your email",
                "text": "If an account uses that email address, we have sent it a link to "
                "reset the password. The link works once and expires in 3 days.",
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html",
            form_class=forms.SetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
            extra_context={"title": "Choose a new password", "button": "Save password"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message.html",
            extra_context={"title": "Your password has been reset", "sign_in_link": True},
        ),
        name="password_reset_complete",
    ),
]
