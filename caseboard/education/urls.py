from django.urls import path

from . import views

app_name = "education"
urlpatterns = [
    path("", views.index, name="index"),
    path("team/", views.index, {"team": True}, name="team"),
    path("attendance/import/", views.attendance_import, name="import"),
]
