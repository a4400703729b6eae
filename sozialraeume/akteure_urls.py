from django.urls import path

from sozialraeume import views

app_name = "akteure"

urlpatterns = [
    path("", views.AkteurListView.as_view(), name="list"),
    path("<slug:slug>/", views.AkteurDetailView.as_view(), name="detail"),
]
