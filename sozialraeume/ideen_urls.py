"""Ideen-Melder, public: the list with its map (cached), and the idea's page, the submit form,
support and abuse report (never cached, see views_ideen)."""

from django.urls import path

from sozialraeume import views_ideen as views

app_name = "ideen"

urlpatterns = [
    path("", views.IdeeListView.as_view(), name="list"),
    path("neu/", views.IdeeCreateView.as_view(), name="neu"),
    path("neu/danke/", views.IdeeThanksView.as_view(), name="danke"),
    path("<int:pk>/", views.idee_detail, name="detail"),
    path("<int:pk>/unterstuetzen/", views.idee_unterstuetzen, name="unterstuetzen"),
    path("<int:pk>/melden/", views.IdeeMeldenView.as_view(), name="melden"),
]
