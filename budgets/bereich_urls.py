"""Applications in the provider area (/mein-bereich/antraege/). Every page is personal: never
cached."""

from django.urls import path
from django.views.decorators.cache import never_cache

from budgets import views_bereich as views

app_name = "antraege"

urlpatterns = [
    path("", never_cache(views.AntragListView.as_view()), name="list"),
    path("neu/", never_cache(views.AntragFormView.as_view()), name="neu"),
    path("<int:pk>/", never_cache(views.AntragDetailView.as_view()), name="detail"),
    path("<int:pk>/bearbeiten/", never_cache(views.AntragFormView.as_view()), name="bearbeiten"),
    path("<int:pk>/einreichen/", never_cache(views.antrag_einreichen), name="einreichen"),
    path("<int:pk>/mittelabruf/", never_cache(views.MittelabrufView.as_view()), name="mittelabruf"),
    path("<int:pk>/quartalsbericht/", never_cache(views.BerichtView.as_view()), name="bericht"),
    path(
        "<int:pk>/verwendungsnachweis/",
        never_cache(views.NachweisView.as_view()),
        name="nachweis",
    ),
]
