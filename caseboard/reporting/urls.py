from django.urls import path

from . import views
from .demand import views as demand
from .retention import views as retention
from .returns import views as returns
from .subject_access import views as subject_access
from .survey import views as survey
from .timeliness import views as timeliness

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("weekly-visits/", returns.weekly_visits, name="weekly-visits"),
    path("weekly-visits/visits/", returns.weekly_visits_list, name="weekly-visits-list"),
    path("survey/", survey.survey_page, name="survey"),
    path("survey/children/", survey.survey_children, name="survey-children"),
    path("returns/", returns.stored_returns, name="returns"),
    path("returns/generate/", returns.generate_now, name="generate"),
    path("returns/<int:pk>/", returns.stored_return_page, name="return"),
    path("returns/<int:pk>/download/<str:fmt>/", returns.stored_return_download, name="return-download"),
    path("briefing.pdf", views.briefing, name="briefing"),
    path("retention/", retention.retention_page, name="retention"),
    path("subject-access/", subject_access.subject_access_page, name="subject-access"),
    path("timeliness/", timeliness.timeliness_page, name="timeliness"),
    path("timeliness/<str:measure>/", timeliness.timeliness_records, name="timeliness-records"),
    path("demand/", demand.demand_page, name="demand"),
    path("demand/service/", demand.demand_service_page, name="demand-service"),
    path("demand/records/", demand.demand_records, name="demand-records"),
    path("demand/alerts/", demand.demand_alert_settings, name="demand-alerts"),
]
