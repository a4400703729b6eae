"""Account pages (/konto/). All of them carry a form or personal data: never cached."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.cache import never_cache

from sozialraeume import views_konto as views

app_name = "konto"

urlpatterns = [
    path("", never_cache(views.KontoOverviewView.as_view()), name="uebersicht"),
    path("anmelden/", never_cache(views.KontoLoginView.as_view()), name="anmelden"),
    path("abmelden/", never_cache(auth_views.LogoutView.as_view()), name="abmelden"),
    path(
        "passwort-vergessen/",
        never_cache(views.KontoPasswordResetView.as_view()),
        name="passwort-vergessen",
    ),
    path(
        "passwort-vergessen/gesendet/",
        never_cache(views.KontoPasswordResetDoneView.as_view()),
        name="passwort-vergessen-gesendet",
    ),
    path(
        "passwort-neu/fertig/",
        never_cache(views.KontoPasswordResetCompleteView.as_view()),
        name="passwort-neu-fertig",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        never_cache(views.KontoPasswordResetConfirmView.as_view()),
        name="passwort-neu",
    ),
    path(
        "passwort-aendern/",
        never_cache(views.KontoPasswordChangeView.as_view()),
        name="passwort-aendern",
    ),
    path("einladen/", never_cache(views.InvitationCreateView.as_view()), name="einladen"),
    path("api-schluessel/", never_cache(views.ApiTokenView.as_view()), name="api-schluessel"),
    path(
        "einladung/<str:token>/",
        never_cache(views.invitation_accept_view),
        name="einladung",
    ),
]
