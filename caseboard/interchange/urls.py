from django.urls import path

from . import views

app_name = "interchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.return_page, name="return"),
    path("<int:pk>/download/", views.download, name="download"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_page, name="import"),
]
