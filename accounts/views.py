from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.access import memberships_of
from notifications.models import Kind, OptOut
from scrqm.forms import GDSFormMixin


class NotificationSettingsForm(GDSFormMixin, forms.Form):
    submit_label = "Save e-mail settings"

    send = forms.MultipleChoiceField(
        label="Send me an e-mail when",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each e-mail has a link and the review's reference, never case details.",
    )


@require_http_methods(["GET", "POST"])
def account(request):
    """The signed-in user's account: their boards and roles, and which e-mails they get."""
    memberships = sorted(memberships_of(request.user).values(), key=lambda m: m.board.name)
    off = set(OptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    initial = {"send": [k for k in Kind.values if k not in off]}
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["send"])
        with transaction.atomic():
            OptOut.objects.filter(user=request.user).delete()
            OptOut.objects.bulk_create(
                [OptOut(user=request.user, kind=k) for k in Kind.values if k not in chosen]
            )
        messages.success(request, "Your e-mail settings have been saved")
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "form": form, "codes": two_factor.status(request.user)},
    )
