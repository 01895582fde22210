from django.urls import path

from . import views

app_name = "placements"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/new/", views.setting_new, name="setting-new"),
    path("settings/<int:pk>/", views.setting_detail, name="setting"),
    path("settings/<int:pk>/edit/", views.setting_edit, name="setting-edit"),
    path("settings/<int:pk>/members/new/", views.member_new, name="member-new"),
    path("settings/<int:pk>/approvals/new/", views.approval_new, name="approval-new"),
    path("approvals/<int:pk>/extend/", views.approval_extend, name="approval-extend"),
    path("settings/<int:pk>/health/new/", views.health_new, name="health-new"),
    path("settings/<int:pk>/notices/new/", views.notice_new, name="notice-new"),
    path("settings/<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("settings/<int:pk>/visits/new/", views.carer_visit_new, name="carer-visit-new"),
    path("children/<int:pk>/", views.child_placements, name="child"),
    path("children/<int:pk>/new/", views.placement_new, name="placement-new"),
    path("children/<int:pk>/find/", views.child_finder, name="child-finder"),
    path("children/<int:pk>/asylum-status/", views.asylum_status, name="asylum-status"),
    path("children/<int:pk>/episodes/<int:episode>/setting/", views.episode_name_setting, name="episode-setting"),
    path("placements/<int:pk>/plan/", views.plan_new, name="plan-new"),
    path("placements/<int:pk>/stability/", views.placement_stability, name="stability"),
    path("sufficiency/", views.sufficiency, name="sufficiency"),
    path("finder/", views.finder, name="finder"),
]
