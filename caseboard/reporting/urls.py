from django.urls import path

from . import views, views_trends

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("weekly-visits/", views.weekly_visits, name="weekly-visits"),
    path("weekly-visits/visits/", views.weekly_visits_list, name="weekly-visits-list"),
    path("survey/", views.survey_page, name="survey"),
    path("survey/children/", views.survey_children, name="survey-children"),
    path("returns/", views.stored_returns, name="returns"),
    path("returns/generate/", views.generate_now, name="generate"),
    path("returns/<int:pk>/", views.stored_return_page, name="return"),
    path("returns/<int:pk>/download/<str:fmt>/", views.stored_return_download, name="return-download"),
    path("briefing.pdf", views.briefing, name="briefing"),
    path("timeliness/", views_trends.timeliness_page, name="timeliness"),
    path("timeliness/<str:measure>/", views_trends.timeliness_records, name="timeliness-records"),
    path("demand/", views_trends.demand_page, name="demand"),
    path("demand/service/", views_trends.demand_service_page, name="demand-service"),
    path("demand/records/", views_trends.demand_records, name="demand-records"),
    path("demand/alerts/", views_trends.demand_alert_settings, name="demand-alerts"),
]
