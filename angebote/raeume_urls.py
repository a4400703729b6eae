"""Rooms for everyone: search, detail with week view, requests, iCal."""

from django.urls import path

from angebote import views_raeume as views

app_name = "raeume"

urlpatterns = [
    path("", views.RaumListView.as_view(), name="list"),
    path(
        "anfrage/bestaetigen/<str:token>/",
        views.raumanfrage_bestaetigen,
        name="anfrage-bestaetigen",
    ),
    path("<slug:slug>/", views.RaumDetailView.as_view(), name="detail"),
    path("<slug:slug>/anfragen/", views.RaumanfrageCreateView.as_view(), name="anfragen"),
    path(
        "<slug:slug>/anfragen/gesendet/",
        views.RaumanfrageSentView.as_view(),
        name="anfrage-gesendet",
    ),
    path("<slug:slug>/belegung.ics", views.raum_belegung_ics, name="belegung"),
]
