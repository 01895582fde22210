from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from caseboard.casework.api import AllocationViewSet, ChildViewSet, EpisodeViewSet
from caseboard.compliance.api import DueItemViewSet
from caseboard.decisions.api import KeyDecisionViewSet
from caseboard.familytime.api import (
    ArrangementViewSet,
    FamilyTimeReportView,
    SchoolHolidayViewSet,
    SessionViewSet,
    VenueViewSet,
)
from caseboard.finance.api import CostCodeViewSet, PaymentViewSet, SpendReportView
from caseboard.frontdoor.api import (
    AgencyCheckViewSet,
    AssessmentViewSet,
    ContactViewSet,
    ReferralViewSet,
    ScreeningViewSet,
)
from caseboard.interchange.api import GeneratedReturnViewSet
from caseboard.meetings.api import MeetingViewSet, Section47EnquiryViewSet
from caseboard.partners.api import (
    AgencyViewSet,
    ChildProfessionalViewSet,
    InformationShareViewSet,
    ProblemViewSet,
)
from caseboard.people.api import HouseholdViewSet, SiblingLinkViewSet
from caseboard.placements.api import CarerVisitViewSet, PlacementViewSet, SettingViewSet
from caseboard.plans.api import DelayReportView, DelayViewSet, PlanActionViewSet, PlanViewSet
from caseboard.policy.api import OperatingModelVersionViewSet
from caseboard.prioritisation.api import RagFactorViewSet, RagRatingViewSet, RatingCampaignViewSet
from caseboard.reporting.demand.api import DemandReportView
from caseboard.reporting.returns.api import StoredReturnViewSet, WeeklyVisitsView
from caseboard.reporting.survey.api import SurveyView
from caseboard.reporting.timeliness.api import TimelinessReportView
from caseboard.staff.api import ServiceViewSet, StaffViewSet, TeamViewSet
from caseboard.visits.api import CaseNoteViewSet, PreVisitCheckViewSet, VisitViewSet
from caseboard.workforce.api import (
    AvailabilityViewSet,
    CheckInViewSet,
    DutyShiftViewSet,
    IndividualNeedViewSet,
    OfficeBookingViewSet,
    PpeStockViewSet,
    SupervisionViewSet,
)

from .views import TokenLogoutAllView, TokenLogoutView, api_docs

app_name = "api"
router = DefaultRouter()
router.register("children", ChildViewSet, basename="child")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("allocations", AllocationViewSet, basename="allocation")
router.register("households", HouseholdViewSet, basename="household")
router.register("sibling-links", SiblingLinkViewSet, basename="sibling-link")
router.register("due-items", DueItemViewSet, basename="due-item")
router.register("key-decisions", KeyDecisionViewSet, basename="key-decision")
router.register("operating-model-versions", OperatingModelVersionViewSet, basename="operating-model-version")
router.register("visits", VisitViewSet, basename="visit")
router.register("placement-settings", SettingViewSet, basename="placement-setting")
router.register("placements", PlacementViewSet, basename="placement")
router.register("carer-visits", CarerVisitViewSet, basename="carer-visit")
router.register("pre-visit-checks", PreVisitCheckViewSet, basename="pre-visit-check")
router.register("case-notes", CaseNoteViewSet, basename="case-note")
router.register("contacts", ContactViewSet, basename="contact")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("screenings", ScreeningViewSet, basename="screening")
router.register("agency-checks", AgencyCheckViewSet, basename="agency-check")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("section-47-enquiries", Section47EnquiryViewSet, basename="section-47-enquiry")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("child-professionals", ChildProfessionalViewSet, basename="child-professional")
router.register("information-shares", InformationShareViewSet, basename="information-share")
router.register("partner-problems", ProblemViewSet, basename="partner-problem")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-actions", PlanActionViewSet, basename="plan-action")
router.register("delays", DelayViewSet, basename="delay")
router.register("rag-ratings", RagRatingViewSet, basename="rag-rating")
router.register("rag-factors", RagFactorViewSet, basename="rag-factor")
router.register("rag-campaigns", RatingCampaignViewSet, basename="rag-campaign")
router.register("family-time/arrangements", ArrangementViewSet, basename="family-time-arrangement")
router.register("family-time/sessions", SessionViewSet, basename="family-time-session")
router.register("family-time/venues", VenueViewSet, basename="family-time-venue")
router.register("family-time/school-holidays", SchoolHolidayViewSet, basename="family-time-school-holiday")
router.register("availability", AvailabilityViewSet, basename="availability")
router.register("check-ins", CheckInViewSet, basename="check-in")
router.register("supervision", SupervisionViewSet, basename="supervision")
router.register("duty-rota", DutyShiftViewSet, basename="duty-shift")
router.register("office-bookings", OfficeBookingViewSet, basename="office-booking")
router.register("individual-needs", IndividualNeedViewSet, basename="individual-need")
router.register("ppe-stock", PpeStockViewSet, basename="ppe-stock")
router.register("reports/stored-returns", StoredReturnViewSet, basename="stored-return")
router.register("dfe-returns", GeneratedReturnViewSet, basename="dfe-return")
router.register("staff", StaffViewSet, basename="staff")
router.register("teams", TeamViewSet, basename="team")
router.register("services", ServiceViewSet, basename="service")
router.register("payments", PaymentViewSet, basename="payment")
router.register("cost-codes", CostCodeViewSet, basename="cost-code")

urlpatterns = [
    path("reports/weekly-visits/", WeeklyVisitsView.as_view(), name="report-weekly-visits"),
    path("reports/survey/", SurveyView.as_view(), name="report-survey"),
    path("reports/timeliness/", TimelinessReportView.as_view(), name="report-timeliness"),
    path("reports/demand/", DemandReportView.as_view(), name="report-demand"),
    path("reports/delays/", DelayReportView.as_view(), name="report-delays"),
    path("reports/payments-spend/", SpendReportView.as_view(), name="report-payments-spend"),
    path("reports/family-time/<slug:report>/", FamilyTimeReportView.as_view(), name="report-family-time"),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Revoke the token the call is made with, or every token of its account.
    path("auth/logout/", TokenLogoutView.as_view(), name="token-logout"),
    path("auth/logout-all/", TokenLogoutAllView.as_view(), name="token-logout-all"),
    path("docs/", api_docs, name="docs"),
]
