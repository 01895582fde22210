from django.urls import path

from . import views

app_name = "interchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.return_page, name="return"),
    path("<int:pk>/download/", views.download, name="download"),
    path("health/", views.health, name="health"),
    path("health/refresh/", views.health_refresh_now, name="health-refresh"),
    path("health/<str:kind>/<str:year>/", views.health, name="health-for"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_page, name="import"),
]
