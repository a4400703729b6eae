"""Conferences of one social space, mounted at /sozialraeume/<slug>/konferenzen/ (every view
gets the space's `slug`). The iCal feed lives inside this namespace as kalender.ics."""

from django.urls import path

from sozialraeume import views_konferenzen as views

app_name = "konferenzen"

urlpatterns = [
    path("", views.KonferenzListView.as_view(), name="list"),
    path("kalender.ics", views.konferenzen_ics, name="ics"),
    path("neu/", views.KonferenzCreateView.as_view(), name="neu"),
    path("<int:pk>/", views.KonferenzDetailView.as_view(), name="detail"),
    path("<int:pk>/bearbeiten/", views.KonferenzUpdateView.as_view(), name="bearbeiten"),
]
