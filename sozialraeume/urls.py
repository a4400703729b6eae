from django.urls import path

from sozialraeume import views

app_name = "sozialraeume"

urlpatterns = [
    path("", views.SozialraumListView.as_view(), name="list"),
    path("<slug:slug>/", views.SozialraumDetailView.as_view(), name="detail"),
]
