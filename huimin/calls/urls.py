"""/calls/…: rounds and intentions (planning) and the calls themselves, each in its own module."""

from django.urls import include, path

app_name = "calls"

urlpatterns = [
    path("", include("huimin.calls.urls_calls")),
    path("", include("huimin.calls.urls_planning")),
]
