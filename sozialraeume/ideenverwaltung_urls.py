"""Stub until the pages land."""

app_name = "ideenverwaltung"

urlpatterns: list = []
