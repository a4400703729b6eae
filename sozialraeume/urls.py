from django.urls import path

from sozialraeume import views, views_aushang

app_name = "sozialraeume"

urlpatterns = [
    path("", views.SozialraumListView.as_view(), name="list"),
    # Before "<slug:slug>/", which would take "vergleich" for a space's slug.
    path("vergleich/", views.SozialraumVergleichView.as_view(), name="vergleich"),
    path("<slug:slug>/", views.SozialraumDetailView.as_view(), name="detail"),
    path("<slug:slug>/aushang/", views_aushang.SozialraumAushangView.as_view(), name="aushang"),
]
