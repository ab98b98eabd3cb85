from django.contrib.auth import forms as auth_forms

from accounts.security import reset_allowed
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

    def save(self, *args, request=None, **kwargs):
        # Past the hourly limit nothing is sent, and the page says what it always says: an
        # inbox cannot be flooded, and nobody learns whether the e-mail has an account.
        if request is not None and not reset_allowed(request, self.cleaned_data["email"]):
            return
        super().save(*args, request=request, **kwargs)


class SetPasswordForm(GDSFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Save password"
