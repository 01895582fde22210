from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Service, Team, User


@admin.register(User)
class CaseboardUserAdmin(UserAdmin):
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


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service"]
    list_filter = ["service"]
