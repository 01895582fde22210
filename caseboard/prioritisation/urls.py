from django.urls import path

from . import views

app_name = "prioritisation"
urlpatterns = [
    path("children/<int:pk>/rag/new/", views.rate, name="rate"),
    path("children/<int:pk>/rag/", views.history, name="history"),
    path("rag/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("teams/<int:pk>/rag/", views.team_review_page, name="team-review"),
]
