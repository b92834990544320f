"""Uploads through the real views and API: a body over the route's limit is refused (413) before a byte of it is read;
a file name of a thousand characters, or a 300-character "extension" on a large file, is a clear 400 (or accepted),
never a 500 — not even with DEBUG on, which printed a traceback before."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from huimin.core.models import Role
from huimin.core.uploads import REQUEST_OVERHEAD, LimitedUploadHandler, UploadTooLarge, body_limit
from huimin.files.models import Attachment
from huimin.files.tests import samples

pytestmark = pytest.mark.django_db

BOUNDARY = "hUiMiNbOuNdArY"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
MB = 1024 * 1024


def multipart(name: str, content: bytes, field: str = "file") -> bytes:
    """One file part, built by hand: the test client would shorten the name before sending it."""
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
    return (head + "Content-Type: application/pdf\r\n\r\n").encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_client(client_for, make_user, media):
    with translation.override("en"):
        client = client_for(make_user(role=Role.DISTRICT_ADMIN))
        client.raise_request_exception = False
        yield client


UPLOAD_ROUTES = ["/api/v1/files", "/files/upload/"]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", UPLOAD_ROUTES)
@pytest.mark.parametrize("name", ["a" * 996 + ".pdf", "申报书" * 333 + ".pdf"])
def test_a_thousand_character_file_name_is_a_clear_400_never_a_500(admin_client, settings, url, name, debug):
    settings.DEBUG = debug
    response = admin_client.generic("POST", url, multipart(name, samples.pdf()), content_type=MULTIPART)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "request_malformed" and "文件名可能过长" in body["message"]
    assert not Attachment.objects.exists()


def test_a_thousand_character_file_name_on_a_page_is_a_400_page(admin_client):
    response = admin_client.generic(
        "POST",
        "/credit/manage/import/",
        multipart("x" * 1000 + ".xlsx", b"PK"),
        content_type=MULTIPART,
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 400
    assert "文件名可能过长" in response.content.decode()


@pytest.mark.parametrize("url", UPLOAD_ROUTES)
@pytest.mark.parametrize("name", ["a." + "b" * 300, "申." + "报" * 100])
def test_a_long_extension_on_a_file_kept_on_disk_is_not_a_server_error(admin_client, url, name):
    """Over FILE_UPLOAD_MAX_MEMORY_SIZE Django keeps the upload in a temporary file named with its extension; a
    300-character one made the system refuse the name (ENAMETOOLONG) and the request fail with a 500."""
    content = samples.pdf() + b"\0" * (6 * MB)
    response = admin_client.generic("POST", url, multipart(name, content), content_type=MULTIPART)
    assert response.status_code in (201, 400), response.content[:300]


@pytest.mark.parametrize("url", UPLOAD_ROUTES)
def test_an_upload_over_the_limit_is_refused_with_413_before_the_body_is_read(admin_client, settings, url):
    settings.ATTACHMENT_MAX_BYTES = 2 * MB
    declared = 2 * MB + REQUEST_OVERHEAD + 1
    response = admin_client.generic(
        "POST", url, b"", content_type=MULTIPART, CONTENT_LENGTH=str(declared), **{"wsgi.input": UnreadableBody()}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large" and "最多可上传 2 MB" in response.json()["message"]


def test_a_page_upload_over_the_limit_is_a_413_page_in_the_readers_language(admin_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    response = admin_client.generic(
        "POST",
        "/files/upload/",
        b"",
        content_type=MULTIPART,
        CONTENT_LENGTH=str(50 * MB),
        HTTP_ACCEPT="text/html,application/xhtml+xml",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413 and "text/html" in response["Content-Type"]
    assert "最多可上传 1 MB" in response.content.decode()


def test_an_upload_within_the_limit_still_arrives(admin_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    response = admin_client.generic(
        "POST", "/api/v1/files", multipart("申报书.pdf", samples.pdf()), content_type=MULTIPART
    )
    assert response.status_code == 201, response.content[:300]


def test_routes_that_take_several_files_or_large_imports_declare_their_own_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 20 * MB
    settings.CREDIT_IMPORT_MAX_BYTES = 500 * MB
    one_file = 20 * MB + REQUEST_OVERHEAD
    assert body_limit(resolve("/files/upload/").func) == one_file
    assert body_limit(resolve("/api/v1/files").func) == one_file
    assert body_limit(resolve("/needs/submit/").func) == 9 * 20 * MB + REQUEST_OVERHEAD  # nine photos
    assert body_limit(resolve("/credit/manage/import/").func) == 500 * MB + REQUEST_OVERHEAD


def test_the_upload_handler_stops_a_stream_past_the_limit_without_a_declared_length():
    """A body whose size the server does not know in advance (chunked, or ASGI) is cut off as it streams."""
    content = multipart("big.pdf", samples.pdf() + b"\0" * 20_000)
    request = RequestFactory().post("/files/upload/")
    request.upload_max_bytes = 10_000
    handlers = [LimitedUploadHandler(request), MemoryFileUploadHandler(request)]
    meta = {"CONTENT_TYPE": MULTIPART, "CONTENT_LENGTH": str(len(content))}
    parser = MultiPartParser(meta, io.BytesIO(content), handlers)
    with pytest.raises(UploadTooLarge):
        parser.parse()
    small = multipart("small.pdf", samples.pdf())
    meta["CONTENT_LENGTH"] = str(len(small))
    handlers = [LimitedUploadHandler(request), MemoryFileUploadHandler(request)]
    _post, files = MultiPartParser(meta, io.BytesIO(small), handlers).parse()
    assert files["file"].read() == samples.pdf()
