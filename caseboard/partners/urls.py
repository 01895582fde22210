from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partners/agencies/", views.agencies, name="agencies"),
    path("partners/agencies/new/", views.agency_new, name="agency-new"),
    path("partners/agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("partners/problems/", views.problems, name="problems"),
    path("partners/problems/new/", views.problem_new, name="problem-new"),
    path("partners/problems/<int:pk>/", views.problem_detail, name="problem"),
    path("partners/information-sharing/", views.sharing_report, name="sharing-report"),
    path("children/<int:pk>/professionals/new/", views.professional_new, name="professional-new"),
    path("children/<int:pk>/information-sharing/new/", views.share_new, name="share-new"),
]
