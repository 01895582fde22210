from django.urls import path

from . import views

app_name = "familytime"
urlpatterns = [
    path("", views.index, name="index"),
    path("children/<int:pk>/arrangements/new/", views.arrangement_new, name="arrangement-new"),
    path("arrangements/<int:pk>/", views.arrangement_detail, name="arrangement"),
    path("arrangements/<int:pk>/change/", views.arrangement_change, name="change"),
    path("arrangements/<int:pk>/risk-assessment/", views.risk_assessment_new, name="risk-assessment"),
    path("arrangements/<int:pk>/book/", views.arrangement_book, name="book"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("venues/new/", views.venue_new, name="venue-new"),
    path("venues/<int:pk>/", views.venue_day, name="venue-day"),
    path("venues/<int:pk>/week/", views.venue_week, name="venue-week"),
    path("venues/<int:pk>/rooms/", views.venue_rooms, name="venue-rooms"),
    path("venues/<int:pk>/edit/", views.venue_edit, name="venue-edit"),
    path("venues/<int:pk>/rooms/<int:room_pk>/edit/", views.room_edit, name="room-edit"),
    path("bookings/", views.booking_list, name="bookings"),
    path("school-holidays/", views.school_holidays, name="school-holidays"),
    path("school-holidays/<int:pk>/remove/", views.school_holiday_remove, name="school-holiday-remove"),
    path("waiting-list/", views.waiting_list, name="waiting-list"),
    path("waiting-list/<int:pk>/resolve/", views.waiting_resolve, name="waiting-resolve"),
    path("attention/", views.attention, name="attention"),
    path("supervision/", views.supervision, name="supervision"),
    path("reports/", views.reports_index, name="reports"),
    path("reports/no-direct-family-time/", views.report_no_direct, name="report-no-direct"),
    path("reports/sessions-per-week/", views.report_weekly, name="report-weekly"),
    path("reports/venue-use/", views.report_venue_use, name="report-venue-use"),
    path("reports/waiting-list/", views.report_waiting, name="report-waiting"),
    path("reports/court-ordered-contact/", views.report_court_orders, name="report-court-orders"),
]
