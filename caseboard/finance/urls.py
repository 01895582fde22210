from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("payments/", views.payments, name="payments"),
    path("payments/<int:pk>/", views.payment_detail, name="payment"),
    path("payments/spend/", views.spend, name="spend"),
    path("payments/finance-export/", views.finance_csv, name="finance-export"),
    path("payments/cost-codes/", views.cost_codes, name="cost-codes"),
    path("children/<int:pk>/payments/new/", views.payment_new, name="payment-new"),
]
