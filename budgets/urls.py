"""The public budget pages (transparency: what was funded where)."""

from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.BudgetOverviewView.as_view(), name="uebersicht"),
    path("<int:year>/<slug:slug>/", views.BudgetSozialraumView.as_view(), name="sozialraum"),
]
