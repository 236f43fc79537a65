"""The Argos Translate machine (the lean ``argos-translate-lt`` distribution: MiniSBD splitter, no torch).

``argostranslate`` reads its settings from the environment and creates directories when it is imported, so
:func:`load` sets everything first — packages and caches under Signpost's data directory, never the user's home —
and re-points the package folder when a process uses more than one data directory (as the tests do).
"""

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.i18n.locales import LOCALES, Locale
from app.translation.machine.base import MachineError

# Argos truncates each sentence's output at 256 tokens; refuse longer sentences rather than cut them short.
MAX_SENTENCE_TOKENS = 200


def packages_dir(data_dir: Path) -> Path:
    return data_dir / "argos" / "packages"


def load(data_dir: Path, threads: int = 1):
    """Import ``argostranslate`` configured for ``data_dir``; returns the module."""
    root = data_dir / "argos"
    if "argostranslate.settings" not in __import__("sys").modules:
        saved = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
        os.environ.update(
            XDG_DATA_HOME=str(root / "share"),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_CACHE_HOME=str(root / "cache"),
            ARGOS_PACKAGES_DIR=str(packages_dir(data_dir)),
            ARGOS_CHUNK_TYPE="MINISBD",
            ARGOS_INTRA_THREADS=str(threads),
            ARGOS_INTER_THREADS="1",
            ARGOS_DEVICE_TYPE="cpu",
        )
        try:
            import argostranslate.package
            import argostranslate.translate
        finally:  # the paths are read now; the rest of the process keeps its own environment
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    import argostranslate
    import argostranslate.package
    import argostranslate.settings
    import argostranslate.translate

    folder = packages_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if argostranslate.settings.package_data_dir != folder:
        argostranslate.settings.package_data_dir = folder
        argostranslate.settings.package_dirs = [folder]
        forget_loaded_models(argostranslate)
    return argostranslate


def forget_loaded_models(argostranslate) -> None:
    """Argos keeps loaded models per process: after installing or removing a pack, drop them."""
    argostranslate.translate.get_installed_languages.cache_clear()
    argostranslate.translate.installed_translates.clear()


class ArgosMachine:
    """Argos Translate with the packs installed under ``data_dir``."""

    def __init__(self, data_dir: Path, *, threads: int = 1) -> None:
        self.data_dir = data_dir
        self.threads = threads

    def _argos(self):
        return load(self.data_dir, self.threads)

    def _packages(self, source: Locale) -> dict[str, Any]:
        folder = packages_dir(self.data_dir)
        for child in folder.iterdir() if folder.is_dir() else ():
            if child.is_dir() and not (child / "metadata.json").is_file():  # Argos's listing would crash on it
                raise MachineError(f"{child} is not a language pack, so no pack can be used: move it out of {folder}")
        return {
            pkg.to_code: pkg
            for pkg in self._argos().package.get_installed_packages()
            if pkg.type == "translate" and pkg.from_code == source.argos_code
        }

    def targets(self, source: Locale) -> set[Locale]:
        if not packages_dir(self.data_dir).is_dir():
            return set()
        codes = self._packages(source)
        return {locale for locale in LOCALES if locale != source and locale.argos_code in codes}

    def producer(self, source: Locale, target: Locale) -> str:
        packages = self._packages(source)
        pkg = packages.get(target.argos_code) if target.argos_code is not None else None
        if pkg is None:
            raise _no_pack(source, target)
        return f"argos {pkg.code or f'translate-{source.argos_code}_{target.argos_code}'} {pkg.package_version}".strip()

    def translate(self, source: Locale, target: Locale, texts: Sequence[str]) -> list[str]:
        argos = self._argos()
        languages = {language.code: language for language in argos.translate.get_installed_languages()}
        translation = None
        if source.argos_code in languages and target.argos_code in languages:
            translation = languages[source.argos_code].get_translation(languages[target.argos_code])
        if translation is None:  # Argos itself would fail with an AttributeError on None
            raise _no_pack(source, target)
        for text in texts:  # refuse the batch before spending any model time on it
            self._check_length(translation, text)
        return [translation.translate(text) for text in texts]

    @staticmethod
    def _check_length(translation, text: str) -> None:
        if len(text) <= MAX_SENTENCE_TOKENS:  # a piece is at least one character: short text always fits
            return
        underlying = getattr(translation, "underlying", translation)
        for sentence in underlying.sentencizer.split_sentences(text):
            tokens = len(underlying.pkg.tokenizer.encode(sentence))
            if tokens > MAX_SENTENCE_TOKENS:
                raise MachineError(
                    f"A sentence is too long for the machine ({tokens} pieces; at most "
                    f"{MAX_SENTENCE_TOKENS}): leave this one to a person or split the sentence"
                )


def _no_pack(source: Locale, target: Locale) -> MachineError:
    return MachineError(
        f"No language pack for {source.english_name} to {target.argos_code or target.code!r} is installed"
    )
