from django.contrib.auth import forms as auth_forms

from scrqm.forms import GDSFormMixin


class SignInForm(GDSFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"


class PasswordChangeForm(GDSFormMixin, auth_forms.PasswordChangeForm):
    submit_label = "Change password"


class PasswordResetForm(GDSFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send reset link"


class SetPasswordForm(GDSFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Save password"
