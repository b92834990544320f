"""/calls/…: the calls' own pages (urls_calls). The planning pages under /calls/rounds/ and /calls/intentions/ are
huimin.planning's, mounted next to these in config/urls.py."""

from django.urls import include, path

app_name = "calls"

urlpatterns = [
    path("", include("huimin.calls.urls_calls")),
]
