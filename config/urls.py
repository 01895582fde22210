from django.contrib import admin
from django.urls import include, path

from caseboard.core import views as core_views

admin.site.site_header = "Caseboard administration"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("healthz", core_views.healthz, name="healthz"),
    path("ping/", core_views.ping, name="ping"),
    path("accounts/", include("caseboard.accounts.urls")),
    path("oidc/", include("caseboard.accounts.oidc_urls")),
    path("children/", include("caseboard.people.urls")),
    path("", include("caseboard.casework.urls")),
    path("", include("caseboard.compliance.urls")),
    path("", include("caseboard.decisions.urls")),
    path("", include("caseboard.visits.urls")),
    path("", include("caseboard.prioritisation.urls")),
    path("", include("caseboard.frontdoor.urls")),
    path("", include("caseboard.meetings.urls")),
    path("", include("caseboard.partners.urls")),
    path("", include("caseboard.plans.urls")),
    path("", include("caseboard.finance.urls")),
    path("workforce/", include("caseboard.workforce.urls")),
    path("family-time/", include("caseboard.familytime.urls")),
    path("placements/", include("caseboard.placements.urls")),
    path("education/", include("caseboard.education.urls")),
    path("reports/", include("caseboard.reporting.urls")),
    path("returns/", include("caseboard.interchange.urls")),
    path("staff/", include("caseboard.staff.urls")),
    path("operating-model/", include("caseboard.policy.urls")),
    path("api/v1/", include("caseboard.api.urls")),
    path("api-tokens/", include("caseboard.security.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "caseboard.core.views.error_403"
handler404 = "caseboard.core.views.error_404"
handler500 = "caseboard.core.views.error_500"
