from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("new/", views.token_issue, name="token-issue"),
    path("<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
