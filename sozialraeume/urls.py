from django.urls import path

from sozialraeume import views, views_aushang

app_name = "sozialraeume"

urlpatterns = [
    path("", views.SozialraumListView.as_view(), name="list"),
    path("<slug:slug>/", views.SozialraumDetailView.as_view(), name="detail"),
    path("<slug:slug>/aushang/", views_aushang.SozialraumAushangView.as_view(), name="aushang"),
]
