from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("worklist/", views.my_worklist, name="my-worklist"),
    path("teams/<int:pk>/worklist/", views.team_worklist, name="team-worklist"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("recompute/", views.recompute, name="recompute"),
]
