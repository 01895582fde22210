from django.urls import path

from . import assurance_views, views

app_name = "prioritisation"
urlpatterns = [
    path("children/<int:pk>/rag/new/", views.rate, name="rate"),
    path("children/<int:pk>/rag/", views.history, name="history"),
    path("rag/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("teams/<int:pk>/rag/", views.team_review_page, name="team-review"),
    path("rag/assurance/", assurance_views.counts_page, name="assurance"),
    path("rag/not-seen/", assurance_views.not_seen_page, name="not-seen"),
    path("rag/visits-by-rating/", assurance_views.visits_by_rating_page, name="visits-by-rating"),
    path("rag/movement/", assurance_views.movement_page, name="movement"),
    path("rag/campaigns/", assurance_views.campaigns_page, name="campaigns"),
    path("rag/campaigns/new/", assurance_views.campaign_new, name="campaign-new"),
    path("rag/campaigns/<int:pk>/", assurance_views.campaign_page, name="campaign"),
]
