from .catalogue import CatalogueItem, CatalogueKind, ReportingUnit, Sector
from .checks import CreditCheck, CreditCheckResult
from .imports import ImportJob, ImportJobStatus, ImportStage
from .lists import ListEffect, ListEntry, ListType, Memorandum
from .records import (
    LicenceCategory,
    LicensingRecord,
    PenaltyCategory,
    PenaltyRecord,
    ProcedureKind,
    PublicationStatus,
    Severity,
    SubjectCategory,
)
from .regimes import PublicationRegime, RegimeRule
from .repairs import RepairRequest, RepairStatus

__all__ = [
    "CatalogueItem",
    "CatalogueKind",
    "CreditCheck",
    "CreditCheckResult",
    "ImportJob",
    "ImportJobStatus",
    "ImportStage",
    "LicenceCategory",
    "LicensingRecord",
    "ListEffect",
    "ListEntry",
    "ListType",
    "Memorandum",
    "PenaltyCategory",
    "PenaltyRecord",
    "ProcedureKind",
    "PublicationRegime",
    "PublicationStatus",
    "RegimeRule",
    "RepairRequest",
    "RepairStatus",
    "ReportingUnit",
    "Sector",
    "Severity",
    "SubjectCategory",
]
