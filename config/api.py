"""/api/v1/: every app's ninja Router mounted on one API. Session auth for pages, token auth for machines."""

from ninja import NinjaAPI

from huimin.core.api.errors import install_error_handlers
from huimin.core.api_auth import api_auth

api = NinjaAPI(
    title="huimin 惠民 API",
    version="1",
    description="政府向社会力量购买服务与双公示信用信息平台 — public reads of what is published, scoped writes.",
    auth=api_auth,
    urls_namespace="api",
)
# ServiceError → 400/403, PermissionDenied → 403 (401 for the public), ObjectDoesNotExist → 404, as
# {"code", "message", "errors"}; malformed input keeps ninja's 422.
install_error_handlers(api)

from huimin.calls.api import router as calls_router  # noqa: E402
from huimin.core.api import router as core_router  # noqa: E402
from huimin.credit.api import router as credit_router  # noqa: E402
from huimin.files.api import router as files_router  # noqa: E402
from huimin.needs.api import router as needs_router  # noqa: E402
from huimin.planning.api import router as planning_router  # noqa: E402
from huimin.proposals.api import router as proposals_router  # noqa: E402
from huimin.providers.api import router as providers_router  # noqa: E402
from huimin.screening.api import router as screening_router  # noqa: E402
from huimin.surveys.api import router as surveys_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/", files_router)
api.add_router("/credit/", credit_router)
api.add_router("/", surveys_router)
api.add_router("/", needs_router)
api.add_router("/", planning_router)
api.add_router("/", calls_router)
api.add_router("/", proposals_router)
api.add_router("/", providers_router)
api.add_router("/", screening_router)
