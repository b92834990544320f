"""/api/v1/ endpoints of the core context. Thin: they read through selectors and write through services, with
`actor=request.actor` (set by the API's authentication)."""

from ninja import Router

from . import audit, divisions, organizations, people, tools

router = Router()
router.add_router("", divisions.router)
router.add_router("", organizations.router)
router.add_router("", people.router)
router.add_router("", people.tokens_router)
router.add_router("", tools.router)
router.add_router("", audit.router)

__all__ = ["router"]
