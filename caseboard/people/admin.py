"""Households and sibling links in Django admin (administrators only). Changes are audited like any other save;
a sibling link is never deleted here: set its removal date, who removed it and why."""

from django.contrib import admin

from .models import Household, HouseholdMember, SiblingLink


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    raw_id_fields = ["child"]
    fields = ["child", "name", "description", "started_on", "ended_on"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "has_video_device", "has_internet_access", "created_at"]
    search_fields = ["postcode", "address"]
    fields = ["address", "postcode", "has_video_device", "has_internet_access"]
    inlines = [HouseholdMemberInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SiblingLink)
class SiblingLinkAdmin(admin.ModelAdmin):
    list_display = ["child", "sibling", "kind", "linked_at", "removed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["child", "sibling", "family_member", "linked_by", "removed_by"]
    readonly_fields = ["linked_at", "linked_by"]
    fields = [
        "child",
        "sibling",
        "kind",
        "family_member",
        "linked_at",
        "linked_by",
        "removed_at",
        "removed_by",
        "removal_reason",
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            from django.utils import timezone

            obj.linked_by = request.user
            obj.linked_at = timezone.now()
            if obj.child_id and obj.sibling_id and obj.child_id > obj.sibling_id:
                obj.child_id, obj.sibling_id = obj.sibling_id, obj.child_id
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False
