"""Installing and removing Argos language packs: from a local ``.argosmodel`` file (the usual way for a council's
IT) or from the Argos package index when the machine is online.

A pack is checked before anything is written: a zip with one top-level folder holding ``metadata.json`` (English
to one language), ``model/model.bin`` and a SentencePiece model, and no path that escapes its folder. A pack
without its own sentence splitter would make Argos download one from the internet; Signpost supplies its own
punctuation splitter instead. Packs are unpacked beside the packages folder and moved in whole, because any
stray folder in there breaks Argos's package listing.
"""

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.translation import splitter
from app.translation.machine import MachineError
from app.translation.machine.argos import forget_loaded_models, load, packages_dir


@dataclass(frozen=True)
class Pack:
    folder: str
    from_code: str
    to_code: str
    version: str
    supplied_splitter: bool  # Signpost's splitter, because the pack had none


def _describe(folder: Path) -> Pack | None:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    return Pack(
        folder.name,
        str(meta.get("from_code") or ""),
        str(meta.get("to_code") or ""),
        str(meta.get("package_version") or ""),
        (folder / "minisbd" / splitter.FILENAME).exists(),
    )


def installed(data_dir: Path) -> list[Pack]:
    root = packages_dir(data_dir)
    if not root.is_dir():
        return []
    found = (_describe(folder) for folder in sorted(root.iterdir()) if folder.is_dir())
    return [pack for pack in found if pack is not None]


def _check(archive: zipfile.ZipFile, name: str) -> str:
    """The pack's single top-level folder, after checking the archive is a usable English pack."""
    names = archive.namelist()
    tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if any(PurePosixPath(n).is_absolute() or ".." in PurePosixPath(n).parts or "\\" in n for n in names):
        raise MachineError(f"{name} is not a valid language pack: it has unsafe file names")
    if len(tops) != 1:
        raise MachineError(f"{name} is not a valid language pack: it should hold exactly one folder")
    top = tops.pop()
    try:
        meta = json.loads(archive.read(f"{top}/metadata.json"))
    except (KeyError, ValueError) as exc:
        raise MachineError(f"{name} is not a valid language pack: metadata.json is missing or unreadable") from exc
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        raise MachineError(f"{name} is not a translation pack")
    if meta.get("from_code") != "en" or not meta.get("to_code"):
        raise MachineError(f"{name} does not translate from English (Signpost's source language)")
    for needed in ("model/model.bin",):
        if f"{top}/{needed}" not in names:
            raise MachineError(f"{name} is not a valid language pack: {needed} is missing")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise MachineError(f"{name} is not a valid language pack: it has no tokenizer model")
    return top


def install_file(data_dir: Path, path: Path) -> Pack:
    """Install (or replace) the pack in ``path``."""
    if not path.is_file():
        raise MachineError(f"There is no file at {path}")
    if not zipfile.is_zipfile(path):
        raise MachineError(f"{path.name} is not a valid language pack: it is not a zip archive")
    root = packages_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as archive:
        top = _check(archive, path.name)
        staging = Path(tempfile.mkdtemp(prefix="pack-", dir=root.parent))
        try:
            archive.extractall(staging)
            unpacked = staging / top
            if not (unpacked / "minisbd").is_dir():
                splitter.write(unpacked / "minisbd" / splitter.FILENAME)
            pack = _describe(unpacked)
            assert pack is not None  # _check has read this metadata.json: a JSON object
            for old in installed(data_dir):
                if (old.from_code, old.to_code) == (pack.from_code, pack.to_code):
                    shutil.rmtree(root / old.folder)
            target = root / top
            if target.exists():
                shutil.rmtree(target)
            unpacked.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    forget_loaded_models(load(data_dir))
    return pack


def install_from_index(data_dir: Path, code: str) -> Pack:
    """Download English→``code`` from the Argos package index (needs the internet) and install it."""
    argos = load(data_dir)
    offline = (
        "If this machine is offline, download the .argosmodel file elsewhere and run "
        "`signpost translate packs install FILE`"
    )
    argos.package.update_package_index()  # logs and returns on network errors
    if not argos.settings.local_package_index.exists():  # Argos would retry for ever
        raise MachineError(f"Could not download the Argos package index. {offline}")
    try:
        available = argos.package.get_available_packages()
    except Exception as exc:  # Argos raises bare exceptions for unreadable files
        raise MachineError(f"Could not read the Argos package index ({exc}). {offline}") from exc
    matches = [p for p in available if p.from_code == "en" and p.to_code == code]
    if not matches:
        raise MachineError(
            f"The Argos package index has no pack from English to {code!r}. "
            "Check the code, or that this machine can reach the internet"
        )
    with tempfile.TemporaryDirectory() as tmp:
        try:
            download = matches[0].download()
        except Exception as exc:
            raise MachineError(f"Could not download the pack ({exc})") from exc
        kept = Path(tmp) / download.name
        shutil.move(download, kept)
        return install_file(data_dir, kept)


def remove(data_dir: Path, code: str) -> Pack:
    for pack in installed(data_dir):
        if pack.to_code == code and pack.from_code == "en":
            shutil.rmtree(packages_dir(data_dir) / pack.folder)
            forget_loaded_models(load(data_dir))
            return pack
    raise MachineError(f"No pack from English to {code!r} is installed")
