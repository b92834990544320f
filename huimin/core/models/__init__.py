from .calendar import CalendarDay, CalendarYear
from .divisions import Division, DivisionLevel
from .monitoring import DeniedRequestCount
from .organizations import (
    AnnualInspection,
    AnnualInspectionResult,
    EvaluationGrade,
    Organization,
    OrganizationContact,
    OrganizationType,
)
from .people import ApiToken, Role, RoleAssignment, User
from .phones import PhoneVerification
from .schedule import ScheduledRun
from .security import LoginThrottle, SmsOutcome, SmsSend

__all__ = [
    "AnnualInspection",
    "AnnualInspectionResult",
    "ApiToken",
    "CalendarDay",
    "CalendarYear",
    "DeniedRequestCount",
    "Division",
    "DivisionLevel",
    "EvaluationGrade",
    "LoginThrottle",
    "Organization",
    "OrganizationContact",
    "OrganizationType",
    "PhoneVerification",
    "Role",
    "RoleAssignment",
    "ScheduledRun",
    "SmsOutcome",
    "SmsSend",
    "User",
]
