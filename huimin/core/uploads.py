"""Request bodies and uploads: too large is refused before it is read, malformed is a 400, never a 500.

- `UploadLimitMiddleware` (before CSRF, which would read the form) compares the declared Content-Length with the
  route's limit and answers 413 at once, without reading a byte of the body. The limit of every route is
  `settings.ATTACHMENT_MAX_BYTES` (one file) plus `REQUEST_OVERHEAD` for the multipart framing and the other fields;
  a view that takes more says so with `@accepts_upload(files=9)` (nine photos) or `@accepts_upload(max_bytes=fn)`
  (the credit import's own limit). It then reads a multipart form itself, so a body Django cannot parse (a part
  header over 1 KB, such as a file name of a thousand characters; too many fields or files) is a 400 with a clear
  message, and a body past the limit is a 413 even when no length was declared.
- `LimitedUploadHandler` (first of FILE_UPLOAD_HANDLERS) counts the bytes as they stream in and stops at the limit.
- `TemporaryFileUploadHandler` keeps the extension of the temporary file short, so a file name with a 300-character
  "extension" does not make the operating system refuse the temporary file (ENAMETOOLONG → 500).

Refusals are JSON `{"code", "message", "errors"}` for the API and for clients that do not ask for HTML, else a page.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.core.files.uploadhandler import TemporaryFileUploadHandler as DjangoTemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from .error_codes import CoreError

logger = logging.getLogger("huimin.uploads")

MB = 1024 * 1024
REQUEST_OVERHEAD = 1 * MB  # multipart boundaries, part headers and the form's other fields
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_EXTENSION = 16  # characters of an uploaded name's extension kept on the temporary file


class UploadTooLarge(RequestDataTooBig):
    """The body is larger than the route accepts (answered 413)."""

    def __init__(self, limit: int):
        super().__init__(f"request body over {limit} bytes")
        self.limit = limit


def accepts_upload(*, files: int = 1, max_bytes: Callable[[], int] | None = None) -> Callable:
    """Declare that a view takes a bigger body than one attachment: `files` attachments of the largest size, or
    `max_bytes()` bytes (read at each request, so settings and tests can change it)."""

    def decorate(view: Callable) -> Callable:
        view.upload_max_bytes = max_bytes or (lambda: files * int(settings.ATTACHMENT_MAX_BYTES))  # type: ignore[attr-defined]
        return view

    return decorate


def body_limit(view_func: Callable | None) -> int:
    """The largest body (bytes) the view accepts, the framing allowance included."""
    declared = getattr(view_func, "upload_max_bytes", None)
    payload = int(declared()) if declared is not None else int(settings.ATTACHMENT_MAX_BYTES)
    return payload + REQUEST_OVERHEAD


def _megabytes(n: int) -> str:
    return f"{n / MB:.0f}" if n >= MB else f"{n / MB:.2f}"


def wants_json(request: HttpRequest) -> bool:
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "text/html" not in accept and not request.headers.get("HX-Request")


def refuse(request: HttpRequest, status: int, code: str, message: str, field: str | None = None) -> HttpResponse:
    """The refusal of a request body, as JSON or as a page."""
    if wants_json(request):
        errors = {field: [message]} if field else {}
        response: HttpResponse = JsonResponse({"code": code, "message": message, "errors": errors}, status=status)
    else:
        response = render(request, "core/request_refused.html", {"message": message, "status": status}, status=status)
    if status == 413:
        response["Connection"] = "close"  # the unread body is not worth reading to keep the connection
    return response


def too_large(request: HttpRequest, limit: int, declared: int | None = None) -> HttpResponse:
    payload = max(limit - REQUEST_OVERHEAD, 0)
    if declared is not None:
        message = _(
            "The upload is %(size)s MB; at most %(limit)s MB may be sent here. Choose a smaller file (or fewer "
            "files) and try again."
        ) % {"size": _megabytes(declared), "limit": _megabytes(payload)}
    else:
        message = _(
            "The upload is larger than the %(limit)s MB that may be sent here. Choose a smaller file (or fewer "
            "files) and try again."
        ) % {"limit": _megabytes(payload)}
    logger.warning("upload refused: %s %s body %s > %s", request.method, request.path, declared, limit)
    return refuse(request, 413, CoreError.UPLOAD_TOO_LARGE, message, "file")


def malformed(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, TooManyFilesSent):
        message = _("Too many files were sent at once.")
    elif isinstance(exc, TooManyFieldsSent):
        message = _("Too many form fields were sent at once.")
    else:
        message = _(
            "The form could not be read. A file name may be too long (at most 255 characters): rename the file and "
            "send it again."
        )
    logger.warning("malformed request body: %s %s: %s", request.method, request.path, exc)
    return refuse(request, 400, CoreError.REQUEST_MALFORMED, message)


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


class UploadLimitMiddleware:
    """Refuse a body larger than the route accepts before anything reads it (see the module's notes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any):
        if request.method not in BODY_METHODS:
            return None
        limit = body_limit(view_func)
        request.upload_max_bytes = limit  # type: ignore[attr-defined]  # read by LimitedUploadHandler
        declared = _declared_length(request)
        if declared is not None and declared > limit:
            return too_large(request, limit, declared)
        if request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parse the form now, so its refusals are answered here
                request.FILES  # noqa: B018
            except RequestDataTooBig:  # a file past the limit, or form fields past DATA_UPLOAD_MAX_MEMORY_SIZE
                return too_large(request, limit)
            except (MultiPartParserError, SuspiciousOperation) as exc:  # also too many fields or files
                return malformed(request, exc)
        return None


class LimitedUploadHandler(FileUploadHandler):
    """First upload handler: passes every chunk on and stops the upload once the route's limit is passed."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = getattr(self.request, "upload_max_bytes", None) or body_limit(None)
        self.received = 0
        if content_length and content_length > self.limit:
            raise UploadTooLarge(self.limit)
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise UploadTooLarge(self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def short_upload_name(name: str) -> str:
    """`name` with an extension of at most MAX_EXTENSION characters (a longer one is no extension at all)."""
    stem, ext = os.path.splitext(name)
    if len(ext) > MAX_EXTENSION + 1:
        return (stem + "_" + ext[1:])[:255]
    return name


class TemporaryFileUploadHandler(DjangoTemporaryFileUploadHandler):
    """Django's handler for uploads kept on disk, with the temporary file's name kept within the system's limit."""

    def new_file(self, field_name, file_name, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, short_upload_name(file_name), *args, **kwargs)
