"""/api/v1/calls: the calls, their amendments, documents and clarification questions (rounds and intentions are
huimin.planning.api's router)."""

from .calls import router

__all__ = ["router"]
