from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("front-door/contacts/new/", views.contact_new, name="contact-new"),
    path("front-door/contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("front-door/contacts/<int:pk>/decide/", views.contact_decide, name="decide"),
    path("front-door/contacts/<int:pk>/send/", views.contact_send, name="send"),
    path("front-door/referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("front-door/referrals/<int:pk>/screening/", views.screening, name="screening"),
    path("front-door/referrals/<int:pk>/screening/confirm/", views.screening_confirm, name="screening-confirm"),
    path("front-door/referrals/<int:pk>/agency-checks/new/", views.agency_check, name="agency-check-new"),
    path("front-door/referrals/<int:pk>/agency-checks/<int:check_pk>/", views.agency_check, name="agency-check"),
    path("front-door/referrals/<int:pk>/assessments/new/", views.assessment_new, name="assessment-new"),
    path("front-door/assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("front-door/assessments/<int:pk>/pause/", views.assessment_pause, name="pause"),
    path("front-door/pauses/<int:pk>/end/", views.pause_end, name="pause-end"),
]
