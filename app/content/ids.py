"""Stable identifiers: the same slug always gets the same UUID, so ids survive re-import (ORUK needs this)."""

import hashlib
import uuid

from pydantic import BaseModel

NAMESPACE = uuid.UUID("6f9d3a2e-7c1b-4d8e-9a55-2b1c0e4f7a10")


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def content_hash(item: BaseModel) -> str:
    return hashlib.sha256(item.model_dump_json().encode()).hexdigest()
