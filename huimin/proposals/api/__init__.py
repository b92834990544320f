"""/api/v1/proposals (proposals) and /api/v1/organizations/{id}/team|past-projects|documents (profiles)."""

from ninja import Router

from .profiles import router as profiles_router
from .proposals import router as proposals_router

router = Router()
router.add_router("/", proposals_router)
router.add_router("/", profiles_router)
