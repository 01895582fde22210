from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/edit/", views.child_edit, name="child-edit"),
    path("<int:pk>/family/new/", views.family_member_add, name="family-member-add"),
    path("<int:pk>/history/", views.child_history, name="child-history"),
    path("<int:pk>/break-glass/", views.break_glass, name="break-glass"),
    path("<int:pk>/restriction/", views.child_restriction, name="child-restriction"),
    path("access-report/", views.access_report, name="access-report"),
    path("<int:pk>/siblings/new/", views.sibling_add, name="sibling-add"),
    path("<int:pk>/siblings/<int:link_pk>/remove/", views.sibling_remove, name="sibling-remove"),
    path("<int:pk>/household/new/", views.household_add, name="household-add"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/edit/", views.household_edit, name="household-edit"),
    path("households/<int:pk>/adults/new/", views.household_adult_add, name="household-adult-add"),
    path("households/<int:pk>/children/new/", views.household_child_add, name="household-child-add"),
    path("households/members/<int:pk>/left/", views.household_member_end, name="household-member-end"),
]
