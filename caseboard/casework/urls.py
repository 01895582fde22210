from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("caseload/", views.my_caseload, name="my-caseload"),
    path("children/", views.search, name="search"),
    path("children/new/", views.child_create, name="child-create"),
    path("children/<int:pk>/", views.child_detail, name="child"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("children/<int:pk>/episodes/new/", views.episode_add, name="episode-add"),
    path("episodes/<int:pk>/edit/", views.episode_edit, name="episode-edit"),
    path("children/<int:pk>/allocations/new/", views.allocation_add, name="allocation-add"),
    path("allocations/<int:pk>/end/", views.allocation_end, name="allocation-end"),
]
