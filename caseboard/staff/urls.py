from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_index, name="index"),
    path("add/", views.staff_add, name="add"),
    path("import/", views.staff_import_page, name="import"),
    path("import/template.csv", views.staff_import_template, name="import-template"),
    path("teams/", views.teams_index, name="teams"),
    path("teams/add/", views.team_add, name="team-add"),
    path("teams/<int:pk>/", views.team_members, name="team"),
    path("teams/<int:pk>/change/", views.team_change, name="team-change"),
    path("services/add/", views.service_add, name="service-add"),
    path("services/<int:pk>/change/", views.service_change, name="service-change"),
    path("<int:pk>/", views.staff_member, name="member"),
    path("<int:pk>/change/", views.staff_change, name="change"),
    path("<int:pk>/password-link/", views.password_link, name="password-link"),
    path("<int:pk>/second-factor/reset/", views.second_factor_reset, name="second-factor-reset"),
    path("<int:pk>/deactivate/", views.staff_leave, name="deactivate"),
    path("<int:pk>/reactivate/", views.staff_reactivate, name="reactivate"),
]
