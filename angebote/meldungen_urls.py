"""Problem reports of residents, seen by the actor's members and the Fachdienst (private)."""

from django.urls import path

from angebote import views_meldungen as views

app_name = "meldungen"

urlpatterns = [
    path("", views.ProblemmeldungListView.as_view(), name="list"),
    path("<int:pk>/schliessen/", views.problemmeldung_schliessen, name="schliessen"),
]
