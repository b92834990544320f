from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("files/", include("huimin.files.urls")),
    path("audit/", include("huimin.audit.urls")),
    path("credit/", include("huimin.credit.urls")),
    path("surveys/", include("huimin.surveys.urls")),
    path("needs/", include("huimin.needs.urls")),
    path("calls/", include("huimin.calls.urls")),
    path("proposals/profile/", include("huimin.providers.urls")),
    # planning's pages live under /calls/ too: /calls/rounds/…, /calls/intentions/…, /calls/planning/
    path("calls/", include("huimin.planning.urls")),
    path("proposals/", include("huimin.proposals.urls")),
    path("screening/", include("huimin.screening.urls")),
    path("", include("huimin.core.urls")),
]
