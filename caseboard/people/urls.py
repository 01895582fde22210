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
]
