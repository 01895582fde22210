from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("children/<int:pk>/decisions/new/", views.propose, name="propose"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/decide/", views.decide, name="decide"),
    path("decisions/<int:pk>/review/", views.review, name="review"),
    path("decisions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("decisions/<int:pk>/pdf/", views.download, name="pdf"),
    path("approvals/", views.approvals, name="approvals"),
]
