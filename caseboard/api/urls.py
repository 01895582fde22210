from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from caseboard.casework.api import AllocationViewSet, EpisodeViewSet
from caseboard.people.api import ChildViewSet

from .views import api_docs

app_name = "api"
router = DefaultRouter()
router.register("children", ChildViewSet, basename="child")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("allocations", AllocationViewSet, basename="allocation")

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", api_docs, name="docs"),
]
