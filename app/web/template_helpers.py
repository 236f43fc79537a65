"""The domains' template filters and globals, added to the shared Jinja environment when the app is made."""

from app.directory.vocabulary import ACCESSIBILITY_FEATURES, REFERRAL_METHODS, language_name
from app.easyread import pictures
from app.i18n.context import current_locale
from app.ui import templating


def install() -> None:
    templating.extend(
        filters={
            "language_name": lambda code: language_name(code, current_locale.get().babel),
            "accessibility_label": lambda code: str(ACCESSIBILITY_FEATURES.get(code, code)),
            "referral_label": lambda code: str(REFERRAL_METHODS.get(code, code)),
            "picture_url": pictures.picture_path,
        },
        globals={
            "openmoji": {
                "name": pictures.ATTRIBUTION,
                "licence": pictures.LICENSE,
                "licence_url": pictures.LICENSE_URL,
                "url": pictures.SOURCE_URL,
            }
        },
    )
