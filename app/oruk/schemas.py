"""Where the official ORUK 3.0 JSON Schemas are, and validation against them (JSON Schema Draft 2020-12).

The schemas are the standard's data, not Signpost's code: they are read from the folder named by the environment
variable ``SIGNPOST_ORUK_SCHEMAS`` (a copy of github.com/openreferraluk/uk-profile, the folder that holds
``schema/``), else from the copy vendored in ``app/oruk/uk_profile``. This module is the one place that knows.
"""

import copy
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ENV = "SIGNPOST_ORUK_SCHEMAS"
VENDORED = Path(__file__).parent / "uk_profile"
BASE_URI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
SIGNPOST_SERVICE = "compiled/signpost_service.json"
_MAX_MESSAGE = 200


class SchemasMissing(Exception):
    """The ORUK schemas are not where we look for them."""


def schema_root() -> Path | None:
    """The folder holding ``schema/compiled/service.json``, or None when there is none."""
    configured = os.environ.get(ENV)
    root = Path(configured) if configured else VENDORED
    return root if (root / "schema" / "compiled" / "service.json").is_file() else None


def require_root() -> Path:
    root = schema_root()
    if root is None:
        raise SchemasMissing(
            f"the ORUK 3.0 schemas were not found: set {ENV} to a copy of github.com/openreferraluk/"
            "uk-profile (the folder that holds schema/compiled/service.json)"
        )
    return root


def _string(**extra) -> dict:
    return {"type": "string", **extra}


def _array_of(ref: str) -> dict:
    return {"type": "array", "items": {"$ref": BASE_URI + ref}}


def _signpost_service(official: dict) -> dict:
    """The compiled service schema plus the HSDS 3.0 fields the UK profile leaves out and Signpost publishes
    (phones, eligibility, language names and codes, contact emails...). Every ORUK-valid service is still valid."""
    schema = copy.deepcopy(official)
    props = schema["properties"]
    props["phones"] = _array_of("phone.json")
    props["eligibility_description"] = _string()
    props["application_process"] = _string()
    props["fees_description"] = _string()
    props["languages"]["items"]["properties"].update(name=_string(), code=_string(maxLength=20))
    props["contacts"]["items"]["properties"]["email"] = _string(format="email")
    props["cost_options"]["items"]["properties"]["currency"] = _string(maxLength=3)
    props["organization"]["properties"]["phones"] = _array_of("phone.json")
    location = props["service_at_locations"]["items"]["properties"]["location"]["properties"]
    location.update(
        url=_string(),
        organization_id=_string(format="uuid"),
        phones=_array_of("phone.json"),
        schedules=_array_of("schedule.json"),
        contacts={
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": _string(format="uuid"), "name": _string(), "email": _string(format="email")},
            },
        },
    )

    def add_term_code(node) -> None:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict) and "term_uri" in properties:
                properties["code"] = _string()
            for value in node.values():
                add_term_code(value)
        elif isinstance(node, list):
            for value in node:
                add_term_code(value)

    add_term_code(schema)
    return schema


@lru_cache
def _registry(root: Path) -> Registry:
    resources = []
    folder = root / "schema"
    for path in sorted(folder.glob("*.json")) + sorted((folder / "compiled").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (
                BASE_URI + path.relative_to(folder).as_posix(),
                Resource.from_contents(contents, default_specification=DRAFT202012),
            )
        )
    registry = Registry().with_resources(resources)
    official = registry.contents(BASE_URI + "compiled/service.json")
    return registry.with_resource(
        BASE_URI + SIGNPOST_SERVICE,
        Resource.from_contents(_signpost_service(official), default_specification=DRAFT202012),
    )


@lru_cache
def _validator(root: Path, name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE_URI + name}, registry=_registry(root), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def json_path(parts: Iterable) -> str:
    """``["contents", 3, "phones", 0, "number"]`` -> ``contents[3].phones[0].number``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problems(instance, name: str, root: Path | None = None) -> list[tuple[list[str | int], str]]:
    """Every way ``instance`` breaks the schema ``name`` (a path under ``schema/``, e.g. ``compiled/service.json``
    or ``taxonomy.json``), as (path parts, message) pairs in document order; see :func:`json_path`."""
    validator = _validator(root or require_root(), name)
    found = []
    for error in validator.iter_errors(instance):
        message = error.message if len(error.message) <= _MAX_MESSAGE else error.message[:_MAX_MESSAGE] + "…"
        found.append((list(error.absolute_path), message))
    return sorted(found, key=lambda item: [(0, p) if isinstance(p, int) else (1, p) for p in item[0]])
