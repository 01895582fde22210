"""Django admin for administrators. Saving a member of staff here keeps the same history rows as the app, and
deactivating one is refused while they hold open work (the app's Staff pages hand it on)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import services
from .models import ProviderGroup, Service, SignInIdentity, StaffChange, Team, User

ADMIN_NOTE = "Changed in Django admin"


class StaffChangeForm(UserChangeForm):
    def clean_is_active(self) -> bool:
        is_active = self.cleaned_data.get("is_active", True)
        if self.instance.pk and self.instance.is_active and not is_active:
            blockers = services.deactivation_blockers(self.instance)
            if blockers:
                raise ValidationError(
                    f"{self.instance} still holds work: {'; '.join(blockers)}. Deactivate them from Staff in "
                    "Caseboard, where their work can be moved to other workers."
                )
        return is_active


@admin.register(User)
class CaseboardUserAdmin(UserAdmin):
    form = StaffChangeForm
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    fieldsets = UserAdmin.fieldsets + (
        ("Caseboard", {"fields": ["role", "job_title", "teams", "line_manager", "service"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Caseboard", {"fields": ["first_name", "last_name", "email", "role", "job_title", "teams", "line_manager"]}),
    )
    filter_horizontal = ["teams", "groups", "user_permissions"]
    raw_id_fields = ["line_manager"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            previous = User.objects.select_related("line_manager", "service").get(pk=obj.pk)
            request._staff_before = services.StaffSnapshot.of(previous)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        member = form.instance
        before = getattr(request, "_staff_before", None)
        if before is None:
            services.staff_added_record(member=member, added_by=request.user, note="Added in Django admin")
            return
        services.staff_history_record(member=member, before=before, changed_by=request.user, note=ADMIN_NOTE)
        if before.is_active and not member.is_active:
            services.sign_in_end(member=member)


@admin.register(StaffChange)
class StaffChangeAdmin(admin.ModelAdmin):
    """The history of staff records: read only."""

    list_display = ["changed_at", "member", "kind", "from_value", "to_value", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["member__username", "member__last_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service"]
    list_filter = ["service"]


@admin.register(ProviderGroup)
class ProviderGroupAdmin(admin.ModelAdmin):
    """What each of the council's sign-in groups gives in Caseboard (single sign-on). Changes are audited."""

    list_display = ["group", "description", "role", "team_names", "service", "precedence"]
    list_filter = ["role"]
    search_fields = ["group", "description"]
    filter_horizontal = ["teams"]

    @admin.display(description="Teams")
    def team_names(self, obj: ProviderGroup) -> str:
        return ", ".join(team.name for team in obj.teams.all())

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("service").prefetch_related("teams")


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    """Who each member of staff is at the council's sign-in provider. Removing one lets the next sign-in with that
    account make (or, with OIDC_LINK_BY_EMAIL, find by email) a member of staff again."""

    list_display = ["user", "issuer", "subject", "created_at", "last_signed_in_at"]
    search_fields = ["user__username", "user__last_name", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created_at", "last_signed_in_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
