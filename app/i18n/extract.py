"""Extract UI strings into locales/messages.pot and merge them into every locale's messages.po (pybabel's job,
done through Babel's API so that the CLI and the "catalog is up to date" test use exactly the same settings)."""

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.config import REPO_ROOT
from app.i18n import locales
from app.i18n.catalogs import LOCALES_DIR, po_path

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None}
POT_PATH = LOCALES_DIR / "messages.pot"
# The staff area's strings are a domain of their own: staff work in English for now, so these are extracted (ready
# for translation later) without asking every locale's translators for them.
STAFF_POT_PATH = LOCALES_DIR / "staff.pot"
STAFF_PATHS = (
    "app/accounts/",
    "app/publishing/",
    "app/staff/",
    "app/web/templates/staff/",
    "app/insights/reports.py",
    "app/insights/inbox.py",
)


def _keep_directory(path: str) -> bool:
    """Babel skips folders starting with "_" by default, which would leave out templates/_partials."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def is_staff(filename: str) -> bool:
    return filename.replace("\\", "/").startswith(STAFF_PATHS)


def extract(staff: bool = False) -> Catalog:
    """The public catalog (messages.pot), or with ``staff`` the staff area's (staff.pot)."""
    with (REPO_ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog(
        project="Signpost", msgid_bugs_address="", copyright_holder="Signpost contributors", charset="utf-8"
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(REPO_ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        directory_filter=_keep_directory,
    ):
        if is_staff(filename) == staff:
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def pot_bytes(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, width=110, omit_header=False, sort_output=False, include_lineno=False)
    return buffer.getvalue()


def message_ids(catalog: Catalog) -> set:
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        for message in catalog
        if message.id
    }


def write_pot() -> list[Path]:
    POT_PATH.parent.mkdir(parents=True, exist_ok=True)
    POT_PATH.write_bytes(pot_bytes(extract()))
    STAFF_POT_PATH.write_bytes(pot_bytes(extract(staff=True)))
    return [POT_PATH, STAFF_POT_PATH]


def update_po_files() -> list[Path]:
    """Merge the template into each locale's PO file (creating missing ones); translations are kept."""
    with POT_PATH.open("rb") as source:
        template = read_po(source)
    updated = []
    for locale in locales.LOCALES:
        if locale == locales.SOURCE_LOCALE:
            continue
        path = po_path(locale)
        if path.exists():
            with path.open("rb") as source:
                catalog = read_po(source, locale=locale.babel)
        else:
            catalog = Catalog(locale=locale.babel, project="Signpost", charset="utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as target:
            write_po(target, catalog, width=110, include_lineno=False, ignore_obsolete=True)
        updated.append(path)
    return updated
