from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("children/<int:pk>/meetings/new/", views.schedule, name="schedule"),
    path("meetings/", views.meetings_index, name="index"),
    path("meetings/reviews/", views.iro_reviews, name="iro-reviews"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/hold/", views.meeting_hold, name="hold"),
    path("meetings/<int:pk>/postpone/", views.meeting_postpone, name="postpone"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action-done"),
    path("section-47-enquiries/<int:pk>/", views.section_47, name="section-47"),
]
