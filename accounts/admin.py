from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts import two_factor
from accounts.models import Agency, Board, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["board"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    actions = ["reset_security_codes"]

    @admin.action(description="Reset security codes (they set them up again at sign-in)")
    def reset_security_codes(self, request, queryset):
        """For someone who lost their phone and backup codes. Recorded in each person's
        history in Django admin (who reset them, when)."""
        for user in queryset:
            two_factor.reset(user)
            self.log_change(request, user, "Reset security codes (app and backup codes)")
        self.message_user(
            request,
            f"Security codes reset for {queryset.count()} "
            f"{'person' if queryset.count() == 1 else 'people'}. They set them up again at "
            "their next sign-in if they must use them.",
        )


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "reference_prefix"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AgencyInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "board", "role", "agency"]
    list_filter = ["board", "role"]
    list_select_related = ["user", "board", "agency"]
    autocomplete_fields = ["user", "board"]
