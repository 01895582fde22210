from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("versions/new/", views.version_new, name="version-new"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version-edit"),
    path("versions/<int:pk>/kinds/new/", views.kind_new, name="kind-new"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version-approve"),
    path("versions/<int:pk>/withdraw/", views.version_withdraw, name="version-withdraw"),
    path("versions/<int:pk>/preview/", views.version_preview, name="version-preview"),
    path("compare/", views.compare, name="compare"),
]
