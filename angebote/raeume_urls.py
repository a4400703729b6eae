"""Rooms for everyone: search, detail with week view, requests, iCal."""

from django.urls import path

from angebote import views_raeume as views

app_name = "raeume"

urlpatterns = [
    path("", views.RaumListView.as_view(), name="list"),
    path("<slug:slug>/", views.RaumDetailView.as_view(), name="detail"),
    path(
        "anfrage/bestaetigen/<str:token>/",
        views.raumanfrage_bestaetigen,
        name="anfrage-bestaetigen",
    ),
]
