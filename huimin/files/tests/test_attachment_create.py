"""Attachments are accepted by their bytes: the right kinds, names that fit them, within the size limit."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation

from huimin.audit.chain import audit_verify
from huimin.audit.models import AuditEvent
from huimin.core.permissions import Actor, PermissionDenied
from huimin.files import detect
from huimin.files.error_codes import FilesError
from huimin.files.events import FilesEvent
from huimin.files.models import Attachment
from huimin.files.names import clean_file_name, format_megabytes
from huimin.files.services import attachment_create
from huimin.files.tests import samples
from huimin.files.tests.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages; the product speaks Chinese by default."""
    with translation.override("en"):
        yield


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refusal(exc_info) -> tuple[str, str]:
    exc = exc_info.value
    return exc.error_code, " ".join(exc.messages)


ACCEPTED_SAMPLES = [
    ("申报书.pdf", samples.pdf, "pdf", "application/pdf"),
    ("logo.png", samples.png, "png", "image/png"),
    ("现场照片.jpg", samples.jpeg, "jpeg", "image/jpeg"),
    ("photo.jpeg", samples.jpeg, "jpeg", "image/jpeg"),
    ("anim.gif", samples.gif, "gif", "image/gif"),
    ("pic.webp", samples.webp, "webp", "image/webp"),
    ("项目方案.docx", samples.docx, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("预算表.xlsx", samples.xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("slides.pptx", samples.pptx, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("old.doc", samples.doc, "doc", "application/msword"),
    ("old.xls", samples.xls, "xls", "application/vnd.ms-excel"),
    ("old.ppt", samples.ppt, "ppt", "application/vnd.ms-powerpoint"),
    ("text.odt", lambda: samples.opendocument("text"), "odt", "application/vnd.oasis.opendocument.text"),
    ("sheet.ods", lambda: samples.opendocument("spreadsheet"), "ods", "application/vnd.oasis.opendocument.spreadsheet"),
]


@pytest.mark.parametrize(("name", "build", "kind", "content_type"), ACCEPTED_SAMPLES)
def test_each_accepted_kind_is_recognised_by_its_bytes(provider_actor, media_root, name, build, kind, content_type):
    content = build()
    attachment = attachment_create(uploaded_file=upload(name, content), purpose="test", actor=provider_actor)
    assert (attachment.kind, attachment.content_type, attachment.size) == (kind, content_type, len(content))
    assert attachment.original_name == name
    assert Path(attachment.file.path).read_bytes() == content


def test_the_sha256_is_that_of_the_content(provider_actor):
    content = samples.pdf() + b"x" * 200_000
    attachment = attachment_create(uploaded_file=upload("a.pdf", content), purpose="", actor=provider_actor)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


def test_the_stored_name_is_a_uuid_under_media_root_not_the_uploaded_name(provider_actor, media_root):
    attachment = attachment_create(uploaded_file=upload("合同.pdf", samples.pdf()), purpose="", actor=provider_actor)
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(media_root))
    assert path.name == f"{attachment.public_id.hex}.pdf"
    assert "合同" not in str(path)


def test_an_upload_is_recorded_in_the_audit_trail(provider_actor, org, owner):
    owner("evidence")
    attachment = attachment_create(
        uploaded_file=upload("a.pdf", samples.pdf()), purpose="evidence", actor=provider_actor, organization=org
    )
    event = AuditEvent.objects.get(event_type=FilesEvent.ATTACHMENT_UPLOADED)
    assert event.target_id == str(attachment.pk) and event.target_type == "files.attachment"
    assert event.target_label == "a.pdf"
    assert event.payload["attachment"] == str(attachment.public_id)
    assert event.payload["sha256"] == attachment.sha256
    assert event.payload["organization"] == str(org.public_id)
    assert event.actor_label == "provider1"
    assert audit_verify().ok


@pytest.mark.parametrize("purpose", ["sealed:budget", "", "whatever the client sent"])
def test_a_private_upload_of_a_sealing_or_unknown_owner_is_recorded_by_its_public_id_only(
    provider_actor, org, owner, purpose
):
    owner("sealed:", seals_audit=True)
    attachment = attachment_create(
        uploaded_file=upload("某机构预算明细.pdf", samples.pdf()),
        purpose=purpose,
        actor=provider_actor,
        organization=org,
    )
    event = AuditEvent.objects.get(event_type=FilesEvent.ATTACHMENT_UPLOADED)
    assert event.payload == {"attachment": str(attachment.public_id)}
    assert event.target_label == str(attachment.public_id)
    assert "某机构" not in str(event.payload) + event.target_label
    assert audit_verify().ok


def test_a_public_upload_is_recorded_in_full_whatever_its_purpose(provider_actor):
    attachment = attachment_create(
        uploaded_file=upload("公示.pdf", samples.pdf()), purpose="", actor=provider_actor, is_public=True
    )
    event = AuditEvent.objects.get(event_type=FilesEvent.ATTACHMENT_UPLOADED)
    assert event.payload["name"] == "公示.pdf" and event.payload["sha256"] == attachment.sha256


def test_an_html_file_renamed_pdf_is_refused(provider_actor, media_root):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("报告.pdf", samples.html()), purpose="", actor=provider_actor)
    code, message = refusal(exc_info)
    assert code == FilesError.TYPE_REFUSED
    assert "HTML page" in message and "报告.pdf" in message
    assert not Attachment.objects.exists() and not stored_files(media_root)


def test_a_windows_program_is_refused(provider_actor):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("setup.exe", samples.exe()), purpose="", actor=provider_actor)
    assert refusal(exc_info)[0] == FilesError.TYPE_REFUSED
    assert "Windows program" in refusal(exc_info)[1]


def test_a_windows_program_renamed_docx_is_refused(provider_actor):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("方案.docx", samples.exe()), purpose="", actor=provider_actor)
    assert "Windows program" in refusal(exc_info)[1]


@pytest.mark.parametrize(
    ("name", "build", "label"),
    [
        ("logo.svg", samples.svg, "SVG image"),
        ("run.sh", samples.shell_script, "script"),
        ("data.csv", samples.text, "plain text"),
        ("bundle.zip", samples.plain_zip, "ZIP archive"),
        ("bundle.docx", samples.plain_zip, "ZIP archive"),
        ("macro.docx", lambda: samples.docx(macros=True), "macros"),
        ("locked.docx", lambda: samples.compound("EncryptedInfo", "EncryptedPackage"), "password-protected"),
        ("setup.msi", lambda: samples.compound("\x05SummaryInformation", "Other"), "not a Word, Excel or PowerPoint"),
        ("page.html", samples.html, "HTML page"),
    ],
)
def test_other_kinds_are_refused_naming_what_they_are(provider_actor, name, build, label):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload(name, build()), purpose="", actor=provider_actor)
    code, message = refusal(exc_info)
    assert code == FilesError.TYPE_REFUSED
    assert label in message


def test_a_png_named_pdf_is_refused_saying_both(provider_actor, media_root):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("scan.pdf", samples.png()), purpose="", actor=provider_actor)
    code, message = refusal(exc_info)
    assert code == FilesError.EXTENSION_MISMATCH
    assert "ends in .pdf but the content is a PNG image" in message
    assert not stored_files(media_root)


def test_an_extension_of_the_same_family_is_accepted(provider_actor):
    a = attachment_create(uploaded_file=upload("photo.jpg", samples.png()), purpose="", actor=provider_actor)
    b = attachment_create(uploaded_file=upload("方案.doc", samples.docx()), purpose="", actor=provider_actor)
    c = attachment_create(uploaded_file=upload("WPS文字.wps", samples.doc()), purpose="", actor=provider_actor)
    assert (a.kind, a.extension, b.kind, c.kind) == ("png", "png", "docx", "doc")


def test_a_docx_named_xlsx_is_refused(provider_actor):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("budget.xlsx", samples.docx()), purpose="", actor=provider_actor)
    assert refusal(exc_info)[0] == FilesError.EXTENSION_MISMATCH


def test_an_empty_file_is_refused(provider_actor):
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("empty.pdf", b""), purpose="", actor=provider_actor)
    assert refusal(exc_info)[0] == FilesError.EMPTY
    assert "empty" in refusal(exc_info)[1]


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(provider_actor, settings, media_root):
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    content = samples.pdf() + b"0" * (3 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc_info:
        attachment_create(uploaded_file=upload("big.pdf", content), purpose="", actor=provider_actor)
    code, message = refusal(exc_info)
    assert code == FilesError.TOO_LARGE
    assert "at most 2 MB" in message and "3.0 MB" in message
    assert not Attachment.objects.exists()
    assert not stored_files(media_root)
    assert not AuditEvent.objects.filter(event_type=FilesEvent.ATTACHMENT_UPLOADED).exists()


def test_a_file_exactly_at_the_limit_is_accepted(provider_actor, settings):
    content = samples.pdf()
    settings.ATTACHMENT_MAX_BYTES = len(content)
    assert attachment_create(uploaded_file=upload("a.pdf", content), purpose="", actor=provider_actor).size == len(
        content
    )


def test_a_huge_upload_is_streamed_not_loaded_into_memory(provider_actor, settings, media_root):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    size = 25 * 1024 * 1024
    uploaded = TemporaryUploadedFile("huge.pdf", "application/pdf", size, None)
    uploaded.write(samples.pdf())
    block = b"\0" * (1024 * 1024)
    while uploaded.tell() < size:
        uploaded.write(block[: size - uploaded.tell()])
    uploaded.seek(0)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as exc_info:
            attachment_create(uploaded_file=uploaded, purpose="", actor=provider_actor)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        uploaded.close()
    code, message = refusal(exc_info)
    assert code == FilesError.TOO_LARGE
    assert "25.0 MB" in message and "at most 20 MB" in message
    assert peak < 2 * 1024 * 1024, f"peak memory {peak} bytes"
    assert not Attachment.objects.exists() and not stored_files(media_root)


def test_a_large_accepted_upload_is_stored_without_loading_it_into_memory(provider_actor, media_root):
    size = 12 * 1024 * 1024
    uploaded = TemporaryUploadedFile("大文件.pdf", "application/pdf", size, None)
    uploaded.write(samples.pdf())
    digest = hashlib.sha256(samples.pdf())
    block = b"\1" * (1024 * 1024)
    while uploaded.tell() < size:
        piece = block[: size - uploaded.tell()]
        uploaded.write(piece)
        digest.update(piece)
    uploaded.seek(0)
    tracemalloc.start()
    try:
        attachment = attachment_create(uploaded_file=uploaded, purpose="", actor=provider_actor)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        uploaded.close()
    assert attachment.size == size and attachment.sha256 == digest.hexdigest()
    assert Path(attachment.file.path).stat().st_size == size
    assert peak < 2 * 1024 * 1024, f"peak memory {peak} bytes"


def test_the_anonymous_public_cannot_upload(db):
    with pytest.raises(PermissionDenied):
        attachment_create(uploaded_file=upload("a.pdf", samples.pdf()), purpose="", actor=Actor.anonymous())


def test_file_names_lose_folders_and_control_characters():
    assert clean_file_name("C:\\Users\\张三\\申报书.pdf") == "申报书.pdf"
    assert clean_file_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_file_name("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert clean_file_name("  ") == "attachment"
    long = clean_file_name("长" * 300 + ".docx")
    assert len(long) == 255 and long.endswith(".docx")


def test_megabytes_are_written_plainly():
    assert format_megabytes(20 * 1024 * 1024) == "20"
    assert format_megabytes(int(2.5 * 1024 * 1024)) == "2.5"


def test_a_damaged_compound_file_is_refused_not_crashed(provider_actor):
    damaged = samples.doc()[:600]
    kind = detect.detect(io.BytesIO(damaged))
    assert not kind.accepted
