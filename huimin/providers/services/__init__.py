"""Writes of the providers' context (each `<entity>_<action>(…, actor, now=None)`, atomic, checked and audited): the
organization's team, its past projects and its standing documents.

Every write checks the actor (the organization's own provider; the platform for recorded projects), validates,
changes and records an audit event in one transaction.
"""

from .documents import PROFILE_DOCUMENT_PURPOSE_PREFIX, profile_document_remove, profile_document_upload
from .past_projects import past_project_declare, past_project_record, past_project_remove, past_project_update
from .team import team_member_create, team_member_deactivate, team_member_reactivate, team_member_update

__all__ = [
    "PROFILE_DOCUMENT_PURPOSE_PREFIX",
    "past_project_declare",
    "past_project_record",
    "past_project_remove",
    "past_project_update",
    "profile_document_remove",
    "profile_document_upload",
    "team_member_create",
    "team_member_deactivate",
    "team_member_reactivate",
    "team_member_update",
]
