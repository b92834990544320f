"""/api/v1/rounds, /api/v1/intentions (planning) and /api/v1/calls, on one router."""

from ninja import Router

from .calls import router as calls_router
from .planning import router as planning_router

router = Router()
router.add_router("/", planning_router)
router.add_router("/", calls_router)
