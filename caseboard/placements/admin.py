"""Settings, carers and placements in Django admin (administrators only), for correcting reference data. Changes
are audited like any other save; placing a child and recording plans belong on the pages, which apply the rules."""

from django.contrib import admin

from .models import Approval, HouseholdHealth, HouseholdMember, Placement, PlacementPlan, Setting, SettingNotice


class MemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    fields = ["full_name", "role", "dbs_checked_on", "dbs_outcome", "left_on"]


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    fields = ["kind", "approved_on", "ends_on", "extended_weeks", "ended_on", "places", "age_from", "age_to"]
    readonly_fields = ["ends_on"]
    raw_id_fields = ["for_child"]


class NoticeInline(admin.TabularInline):
    model = SettingNotice
    extra = 0
    fields = ["kind", "told", "told_on", "effective_on"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "placement_provider", "postcode", "urn", "registration_status", "places"]
    list_filter = ["kind", "registration_status", "from_episode_codes"]
    search_fields = ["name", "provider_name", "postcode", "urn"]
    raw_id_fields = ["supervising_social_worker"]
    exclude = ["version"]
    inlines = [MemberInline, ApprovalInline, NoticeInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["child", "setting", "episode", "is_reg24_placement", "parent_assessment_complete"]
    list_filter = ["is_reg24_placement", "risk_of_breakdown"]
    raw_id_fields = ["child", "episode", "setting", "approval", "exception_decision", "placed_by"]
    readonly_fields = ["child", "episode"]


@admin.register(HouseholdHealth)
class HouseholdHealthAdmin(admin.ModelAdmin):
    list_display = ["setting", "kind", "started_on", "ended_on"]
    raw_id_fields = ["setting", "recorded_by"]


@admin.register(PlacementPlan)
class PlacementPlanAdmin(admin.ModelAdmin):
    list_display = ["child", "placement", "completed_on"]
    raw_id_fields = ["child", "placement", "recorded_by"]
