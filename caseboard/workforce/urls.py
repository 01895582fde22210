from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/availability/new/", views.availability_new, name="availability-new"),
    path("teams/<int:pk>/buddies/", views.team_buddies, name="buddies"),
    path("buddies/<int:pk>/end/", views.buddy_end, name="buddy-end"),
    path("check-ins/new/", views.checkin_new, name="checkin-new"),
    path("check-ins/missed/", views.missed, name="missed"),
    path("supervision/", views.supervision_list, name="supervisions"),
    path("supervision/new/", views.supervision_new, name="supervision-new"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision"),
    path("capacity/", views.capacity_index, name="capacity-index"),
    path("capacity/teams/<int:pk>/", views.team_capacity, name="team-capacity"),
    path("capacity/services/<int:pk>/", views.service_capacity, name="service-capacity"),
    path("cover/<int:pk>/", views.cover_new, name="cover-new"),
    path("offices/", views.offices, name="offices"),
    path("offices/<int:pk>/", views.office_detail, name="office"),
    path("offices/<int:pk>/capacity/", views.office_capacity_new, name="office-capacity"),
    path("offices/<int:pk>/rota/", views.rota_new, name="rota-new"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("duty/", views.duty, name="duty"),
    path("ppe/", views.ppe, name="ppe"),
    path("ppe/<int:pk>/", views.ppe_stock, name="ppe-stock"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/new/", views.survey_new, name="survey-new"),
    path("surveys/<int:pk>/respond/", views.survey_respond, name="survey-respond"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey-results"),
    path("reports/availability/", views.report_availability, name="report-availability"),
    path("reports/staff-unavailable/", views.report_unavailable, name="report-unavailable"),
    path("reports/check-ins/", views.report_checkins, name="report-checkins"),
    path("reports/ppe/", views.report_ppe, name="report-ppe"),
]
