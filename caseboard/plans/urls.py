from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("children/<int:pk>/plans/new/", views.plan_new, name="plan-new"),
    path("children/<int:pk>/delays/new/", views.delay_new, name="delay-new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("plans/<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("plan-actions/<int:pk>/", views.action_edit, name="action"),
    path("reports/delays/", views.delays_report, name="delays-report"),
]
