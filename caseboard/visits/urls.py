from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("children/<int:pk>/checks/new/", views.check_new, name="check-new"),
    path("children/<int:pk>/visits/new/", views.visit_new, name="visit-new"),
    path("children/<int:pk>/case-notes/new/", views.case_note_new, name="case-note-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("teams/<int:pk>/not-seen/", views.not_seen, name="not-seen"),
]
