"""Stub until the pages land."""

app_name = "ideen"

urlpatterns: list = []
