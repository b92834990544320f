"""/api/v1/proposals. (The organization's profile, /api/v1/organizations/{id}/team|past-projects|documents, is
huimin.providers'.)"""

from .proposals import router

__all__ = ["router"]
