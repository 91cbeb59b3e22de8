"""Uploaded files held in memory only, never written to disk, and only up to a limit.

Django keeps an upload larger than 2.5 MB in a temporary file, in clear, and checks its
size only once all of it has arrived. An export is a whole journal in clear, so the
import views use this handler alone: every file stays in memory, and one that grows past
the limit is dropped as it arrives (the rest of it is read and thrown away, so that the
page can still answer calmly beside the field).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class MemoryOnlyUpload(FileUploadHandler):
    """Every file of one request in memory, `limit` bytes at most in all of them."""

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False
        self.file = BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            self.file.close()  # what arrived of it so far goes at once
            raise SkipFile
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
